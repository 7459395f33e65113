// Global bookkeeping (§5) after typical lifecycles: state columns, times,
// run counts, expected / next scheduled start, state details.
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { inSeconds, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(targets)('bookkeeping on $name', (databases) => {
  const h = useDatabase(databases);

  it('SCHEDULED → PENDING → RUNNING → COMPLETED', async () => {
    const id = await h.newFlowRun();
    const scheduledTime = inSeconds(-2);
    const scheduled = await setFlowRunState(h.db, id, { type: 'SCHEDULED', state_details: { scheduled_time: scheduledTime } });
    let run = await h.flowRun(id);
    expect(run).toMatchObject({ state_id: scheduled.state?.id, state_type: 'SCHEDULED', state_name: 'Scheduled', run_count: 0, start_time: null, end_time: null });
    expect(run.state_timestamp).toEqual(scheduled.state?.timestamp);
    expect(run.expected_start_time?.toISOString()).toBe(scheduledTime);
    expect(run.next_scheduled_start_time?.toISOString()).toBe(scheduledTime);
    expect(run.effective_start_time?.toISOString()).toBe(scheduledTime);

    await setFlowRunState(h.db, id, { type: 'PENDING' });
    run = await h.flowRun(id);
    expect([run.state_type, run.next_scheduled_start_time]).toEqual(['PENDING', null]);

    const running = await setFlowRunState(h.db, id, { type: 'RUNNING' });
    run = await h.flowRun(id);
    expect(run.run_count).toBe(1);
    expect(run.start_time).toEqual(running.state?.timestamp);
    expect(run.effective_start_time).toEqual(running.state?.timestamp);
    expect(run.expected_start_time?.toISOString()).toBe(scheduledTime);

    await sleep(30);
    const completed = await setFlowRunState(h.db, id, { type: 'COMPLETED' });
    run = await h.flowRun(id);
    expect(run.end_time).toEqual(completed.state?.timestamp);
    const elapsed = (completed.state!.timestamp.getTime() - running.state!.timestamp.getTime()) / 1000;
    expect(run.total_run_time).toBeCloseTo(elapsed, 6);
    expect(run.total_run_time).toBeGreaterThanOrEqual(0.03);
    expect(fullStateDetails(run.state?.state_details).flow_run_id).toBe(id);
  });

  it('a first non-scheduled state sets expected_start_time to its timestamp; it never changes after', async () => {
    const id = await h.newFlowRun();
    const pending = await setFlowRunState(h.db, id, { type: 'PENDING' });
    expect((await h.flowRun(id)).expected_start_time).toEqual(pending.state?.timestamp);
    await setFlowRunState(h.db, id, { type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(100) } }, { force: true });
    expect((await h.flowRun(id)).expected_start_time).toEqual(pending.state?.timestamp);
  });

  it('retries: AwaitingRetry, run_count per attempt, run time summed, start_time kept', async () => {
    const id = await h.flowRunIn('PENDING', { empirical_policy: { retries: 2 } });
    const first = await setFlowRunState(h.db, id, { type: 'RUNNING' });
    await sleep(20);
    const retry = await setFlowRunState(h.db, id, { type: 'FAILED' });
    expect(retry.state?.name).toBe('AwaitingRetry');
    let run = await h.flowRun(id);
    expect([run.state_type, run.state_name, run.run_count, run.end_time]).toEqual(['SCHEDULED', 'AwaitingRetry', 1, null]);
    const firstRunTime = run.total_run_time;
    expect(firstRunTime).toBeGreaterThanOrEqual(0.02);

    await setFlowRunState(h.db, id, { type: 'PENDING' });
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    await sleep(20);
    const failed = await setFlowRunState(h.db, id, { type: 'FAILED' });
    expect(failed.state?.name).toBe('AwaitingRetry');
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const final = await setFlowRunState(h.db, id, { type: 'FAILED' });
    expect(final.status).toBe('ACCEPT');
    run = await h.flowRun(id);
    expect(run.run_count).toBe(3);
    expect(run.start_time).toEqual(first.state?.timestamp);
    expect(run.end_time).toEqual(final.state?.timestamp);
    expect(run.total_run_time).toBeGreaterThan(firstRunTime);
  });

  it('pause and resume: PAUSED time is not run time, the resume is counted once', async () => {
    const id = await h.flowRunIn('RUNNING');
    await setFlowRunState(h.db, id, { type: 'PAUSED' });
    const afterPause = (await h.flowRun(id)).total_run_time;
    await sleep(30);
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const run = await h.flowRun(id);
    expect(run.total_run_time).toBe(afterPause);
    expect(run.run_count).toBe(2);
    expect(run.state_type).toBe('RUNNING');
  });

  it('clears end_time when leaving a final state, keeps the first end_time between final states', async () => {
    const id = await h.newFlowRun();
    const crashed = await setFlowRunState(h.db, id, { type: 'CRASHED' });
    let run = await h.flowRun(id);
    // A run that never ran gets start_time = end_time.
    expect([run.start_time, run.end_time]).toEqual([crashed.state?.timestamp, crashed.state?.timestamp]);
    await setFlowRunState(h.db, id, { type: 'FAILED' }, { force: true });
    expect((await h.flowRun(id)).end_time).toEqual(crashed.state?.timestamp);
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    run = await h.flowRun(id);
    expect(run.end_time).toBeNull();
  });

  it('task runs: run_count on every RUNNING, flow/task ids in the state details', async () => {
    const flow = await h.flowRunIn('RUNNING');
    const id = await h.newTaskRun({ flow_run_id: flow });
    await setTaskRunState(h.db, id, { type: 'PENDING', state_details: { flow_run_id: 'ignored', task_run_id: 'ignored' } });
    const running = await setTaskRunState(h.db, id, { type: 'RUNNING' });
    await setTaskRunState(h.db, id, { type: 'RUNNING' });
    const run = await h.taskRun(id);
    expect([run.run_count, run.flow_run_run_count, run.state_type, run.state_name]).toEqual([2, 1, 'RUNNING', 'Rerunning']);
    expect(run.start_time).toEqual(running.state?.timestamp);
    const details = fullStateDetails(run.state?.state_details);
    expect([details.flow_run_id, details.task_run_id]).toEqual([flow, id]);
    expect(run.total_run_time).toBeGreaterThanOrEqual(0);
  });
});
