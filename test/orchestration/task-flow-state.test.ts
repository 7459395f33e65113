// PreventRunningTasksFromStoppedFlows and UpdateFlowRunTrackerOnTasks (§4.3).
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { inSeconds, reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('tasks and their flow run on $name', (databases) => {
  const h = useDatabase(databases);

  it('aborts a task whose flow run has no state or is not running', async () => {
    for (const flow of [await h.newFlowRun(), await h.flowRunIn('PENDING'), await h.flowRunIn('COMPLETED')]) {
      const result = await setTaskRunState(h.db, await h.newTaskRun({ flow_run_id: flow }), { type: 'RUNNING' });
      expect([result.status, reasonOf(result), result.state]).toEqual(['ABORT', 'The enclosing flow must be running to begin task execution.', null]);
    }
  });

  it('parks a task of a paused flow as PAUSED "NotReady" with the pause details', async () => {
    const flow = await h.flowRunIn('RUNNING');
    const timeout = inSeconds(600);
    await setFlowRunState(h.db, flow, { type: 'PAUSED', state_details: { pause_timeout: timeout, pause_key: 'k' } });
    const result = await setTaskRunState(h.db, await h.newTaskRun({ flow_run_id: flow }), { type: 'RUNNING' });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', `The flow is paused, new tasks can execute after resuming flow run: ${flow}.`]);
    expect(result.state).toMatchObject({ type: 'PAUSED', name: 'NotReady' });
    const details = fullStateDetails(result.state?.state_details);
    expect([details.pause_timeout, details.pause_reschedule, details.pause_key]).toEqual([timeout, false, null]);
  });

  it('lets tasks of running flows and autonomous tasks run, tracking the flow attempt', async () => {
    const flow = await h.flowRunIn('RUNNING');
    await setFlowRunState(h.db, flow, { type: 'RUNNING' });
    const task = await h.newTaskRun({ flow_run_id: flow });
    expect((await setTaskRunState(h.db, task, { type: 'RUNNING' })).status).toBe('ACCEPT');
    expect((await h.taskRun(task)).flow_run_run_count).toBe(2);
    expect((await setTaskRunState(h.db, await h.newTaskRun(), { type: 'RUNNING' })).status).toBe('ACCEPT');
  });

  it('does not check the flow when forced', async () => {
    const task = await h.newTaskRun({ flow_run_id: await h.flowRunIn('COMPLETED') });
    expect((await setTaskRunState(h.db, task, { type: 'RUNNING' }, { force: true })).status).toBe('ACCEPT');
  });
});
