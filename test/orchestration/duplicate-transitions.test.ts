// PreventDuplicateTransitions (§4.1): idempotent retries through transition_id.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setFlowRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('transition_id on $name', (databases) => {
  const h = useDatabase(databases);

  it('answers a repeated transition with the state it already wrote', async () => {
    const id = await h.flowRunIn('PENDING');
    const transition_id = randomUUID();
    const first = await setFlowRunState(h.db, id, { type: 'RUNNING', state_details: { transition_id } });
    expect(first.status).toBe('ACCEPT');
    const again = await setFlowRunState(h.db, id, { type: 'RUNNING', state_details: { transition_id } });
    expect([again.status, reasonOf(again)]).toEqual(['REJECT', 'This run has already made this state transition.']);
    expect(again.state?.id).toBe(first.state?.id);
    expect((await h.flowRun(id)).run_count).toBe(1);
  });

  it('does nothing when either side has no transition_id or they differ', async () => {
    const id = await h.flowRunIn('RUNNING');
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING', state_details: { transition_id: randomUUID() } })).status).toBe('ACCEPT');
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING', state_details: { transition_id: randomUUID() } })).status).toBe('ACCEPT');
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING' })).status).toBe('ACCEPT');
  });

  it('is skipped when forced', async () => {
    const transition_id = randomUUID();
    const id = await h.flowRunIn({ type: 'RUNNING', state_details: { transition_id } });
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING', state_details: { transition_id } }, { force: true })).status).toBe('ACCEPT');
  });
});
