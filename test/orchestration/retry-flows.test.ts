// RetryFailedFlows (§4.1).
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('flow run retries on $name', (databases) => {
  const h = useDatabase(databases);

  it('turns FAILED into AwaitingRetry while run_count <= retries', async () => {
    const id = await h.flowRunIn('PENDING', { empirical_policy: { retries: 1, retry_delay: 10, pause_keys: ['p'], resuming: false } });
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const before = Date.now();
    const result = await setFlowRunState(h.db, id, { type: 'FAILED', message: 'boom', data: { type: 'reference', key: 'r' } });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Retrying']);
    expect(result.state).toMatchObject({ type: 'SCHEDULED', name: 'AwaitingRetry', message: 'boom', data: { type: 'reference', key: 'r' } });
    const scheduled = new Date(fullStateDetails(result.state?.state_details).scheduled_time as string).getTime();
    expect(scheduled - before).toBeGreaterThanOrEqual(9_990);
    expect(scheduled - before).toBeLessThan(12_000);
    const run = await h.flowRun(id);
    expect(run.empirical_policy).toEqual({ retries: 1, retry_delay: 10, pause_keys: [], resuming: false, retry_type: 'in_process' });
    expect(run.next_scheduled_start_time?.getTime()).toBe(scheduled);
  });

  it('accepts FAILED once retries are used up, clearing retry_type', async () => {
    const id = await h.flowRunIn('RUNNING', { empirical_policy: { retries: 1, retry_type: 'in_process' } });
    expect((await setFlowRunState(h.db, id, { type: 'FAILED' })).status).toBe('REJECT');
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING' }, { force: true })).status).toBe('ACCEPT');
    expect((await h.flowRun(id)).run_count).toBe(2);
    const final = await setFlowRunState(h.db, id, { type: 'FAILED' });
    expect(final.status).toBe('ACCEPT');
    expect((await h.flowRun(id)).empirical_policy).toEqual({ retries: 1, retry_type: null, resuming: false, pause_keys: [] });
  });

  it('does not retry without retries, nor when forced', async () => {
    expect((await setFlowRunState(h.db, await h.flowRunIn('RUNNING'), { type: 'FAILED' })).status).toBe('ACCEPT');
    const forced = await h.flowRunIn('RUNNING', { empirical_policy: { retries: 3 } });
    expect((await setFlowRunState(h.db, forced, { type: 'FAILED' }, { force: true })).status).toBe('ACCEPT');
  });

  it('resets the failed task runs for clients older than API 0.8.3', async () => {
    const id = await h.flowRunIn('RUNNING', { empirical_policy: { retries: 1 } });
    const failedTask = await h.taskRunIn('RUNNING', { flow_run_id: id });
    await setTaskRunState(h.db, failedTask, { type: 'FAILED' });
    const doneTask = await h.taskRunIn('COMPLETED', { flow_run_id: id });
    await h.db.taskRun.update({ where: { id: failedTask }, data: { run_count: 4 } });
    const result = await setFlowRunState(h.db, id, { type: 'FAILED' }, { apiVersion: [0, 8, 2] });
    expect(result.status).toBe('REJECT');
    const task = await h.taskRun(failedTask);
    expect([task.state_type, task.state_name, task.run_count]).toEqual(['SCHEDULED', 'AwaitingRetry', 0]);
    expect((await h.taskRun(doneTask)).state_type).toBe('COMPLETED');
    // Before API 0.8.4 (no pauses yet) the policy is left as it was.
    expect((await h.flowRun(id)).empirical_policy).toEqual({ retries: 1 });
  });
});
