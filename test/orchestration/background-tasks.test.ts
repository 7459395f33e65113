// The background-task policy (§3.2, §8.2): deferred task proposals, forced or not.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setTaskRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();
const deferred = { deferred: true };

describe.each(targets)('deferred task runs on $name', (databases) => {
  const h = useDatabase(databases);

  it('aborts PENDING from PENDING, RUNNING, CANCELLING and CANCELLED, even when forced', async () => {
    for (const from of ['PENDING', 'RUNNING', 'CANCELLING', 'CANCELLED'] as const) {
      const id = await h.taskRunIn(from);
      const result = await setTaskRunState(h.db, id, { type: 'PENDING', state_details: deferred }, { force: true });
      expect([result.status, reasonOf(result)]).toEqual(['ABORT', `This run is in a ${from} state and cannot transition to a PENDING state.`]);
    }
    const renamed = await setTaskRunState(h.db, await h.taskRunIn('PENDING'), { type: 'PENDING', name: 'Submitting', state_details: deferred });
    expect(renamed.status).toBe('ACCEPT');
  });

  it('does not check the enclosing flow run', async () => {
    const task = await h.taskRunIn('PENDING', { flow_run_id: await h.flowRunIn('COMPLETED') });
    expect((await setTaskRunState(h.db, task, { type: 'RUNNING', state_details: deferred })).status).toBe('ACCEPT');
  });

  it('carries task_parameters_id from SCHEDULED to PENDING to RUNNING', async () => {
    const parameters = randomUUID();
    const id = await h.taskRunIn({ type: 'SCHEDULED', state_details: { ...deferred, task_parameters_id: parameters } });
    const pending = await setTaskRunState(h.db, id, { type: 'PENDING', state_details: deferred });
    expect(fullStateDetails(pending.state?.state_details).task_parameters_id).toBe(parameters);
    const running = await setTaskRunState(h.db, id, { type: 'RUNNING', state_details: deferred });
    expect(fullStateDetails(running.state?.state_details).task_parameters_id).toBe(parameters);
    // The core policy does not copy it.
    const core = await h.taskRunIn({ type: 'SCHEDULED', state_details: { task_parameters_id: parameters } });
    expect(fullStateDetails((await setTaskRunState(h.db, core, { type: 'PENDING' })).state?.state_details).task_parameters_id).toBeNull();
  });
});
