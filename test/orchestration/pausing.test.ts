// HandlePausingFlows (§4.1).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('pausing flow runs on $name', (databases) => {
  const h = useDatabase(databases);

  it('records the pause key of an accepted pause, and refuses the same key again', async () => {
    const id = await h.flowRunIn('RUNNING');
    const paused = await setFlowRunState(h.db, id, { type: 'PAUSED', state_details: { pause_key: 'step-1' } });
    expect(paused.status).toBe('ACCEPT');
    expect((await h.flowRun(id)).empirical_policy).toEqual({ pause_keys: ['step-1'] });
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const again = await setFlowRunState(h.db, id, { type: 'PAUSED', state_details: { pause_key: 'step-1' } });
    expect([again.status, reasonOf(again)]).toEqual(['REJECT', 'This pause has already fired.']);
    const suspendAgain = await setFlowRunState(h.db, id, { type: 'PAUSED', name: 'Suspended', state_details: { pause_key: 'step-1' } });
    expect(reasonOf(suspendAgain)).toBe('This suspend has already fired.');
  });

  it('uses a random key when none is sent, leaving the stored pause_key null', async () => {
    const id = await h.flowRunIn('RUNNING');
    const paused = await setFlowRunState(h.db, id, { type: 'PAUSED' });
    expect(fullStateDetails(paused.state?.state_details).pause_key).toBeNull();
    const keys = (await h.flowRun(id)).empirical_policy as { pause_keys: string[] };
    expect(keys.pause_keys).toHaveLength(1);
    expect(keys.pause_keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('only pauses RUNNING flows', async () => {
    const none = await setFlowRunState(h.db, await h.newFlowRun(), { type: 'PAUSED' });
    expect([none.status, reasonOf(none), none.state]).toEqual(['ABORT', 'Cannot pause flows with no state.', null]);
    const pending = await setFlowRunState(h.db, await h.flowRunIn('PENDING'), { type: 'PAUSED', name: 'Suspended' });
    expect([pending.status, reasonOf(pending)]).toEqual(['REJECT', 'Cannot suspend flows that are not currently running.']);
  });

  it('suspends (pause_reschedule) only top-level flows with a deployment', async () => {
    const suspend = { type: 'PAUSED' as const, name: 'Suspended', state_details: { pause_reschedule: true } };
    const subflow = await h.flowRunIn('RUNNING', { deployment_id: randomUUID(), parent_task_run_id: await h.newTaskRun() });
    expect(reasonOf(await setFlowRunState(h.db, subflow, suspend))).toBe('Cannot suspend subflows.');
    const adHoc = await h.flowRunIn('RUNNING');
    const result = await setFlowRunState(h.db, adHoc, suspend);
    expect([result.status, reasonOf(result)]).toEqual(['ABORT', 'Cannot suspend flows without a deployment.']);
    expect((await h.flowRun(adHoc)).empirical_policy).toEqual({});
    const deployed = await h.flowRunIn('RUNNING', { deployment_id: randomUUID() });
    expect((await setFlowRunState(h.db, deployed, suspend)).status).toBe('ACCEPT');
  });
});
