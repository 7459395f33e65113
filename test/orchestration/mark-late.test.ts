// EnsureOnlyScheduledFlowsMarkedLate (§4.1).
import { describe, expect, it } from 'vitest';
import { setFlowRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('marking flow runs late on $name', (databases) => {
  const h = useDatabase(databases);

  it('marks a Scheduled run Late once', async () => {
    const id = await h.flowRunIn('SCHEDULED');
    expect((await setFlowRunState(h.db, id, { type: 'SCHEDULED', name: 'Late' })).status).toBe('ACCEPT');
    const again = await setFlowRunState(h.db, id, { type: 'SCHEDULED', name: 'Late' });
    expect([again.status, reasonOf(again)]).toEqual(['REJECT', 'This flow run is already marked late.']);
  });

  it('refuses Late for runs that are not scheduled', async () => {
    const id = await h.flowRunIn('RUNNING');
    const result = await setFlowRunState(h.db, id, { type: 'SCHEDULED', name: 'Late' });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Only scheduled flows can be marked late.']);
    expect(result.state?.type).toBe('RUNNING');
  });

  it('ignores runs without a state and other names', async () => {
    expect((await setFlowRunState(h.db, await h.newFlowRun(), { type: 'SCHEDULED', name: 'Late' })).status).toBe('ACCEPT');
    expect((await setFlowRunState(h.db, await h.flowRunIn({ type: 'SCHEDULED', name: 'Late' }), { type: 'SCHEDULED' })).status).toBe('ACCEPT');
  });
});
