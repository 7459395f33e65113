// Subflows (§5.3): the parent task run mirrors every state of its subflow.
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState } from '../../src/orchestration/index.ts';
import { testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('subflows on $name', (databases) => {
  const h = useDatabase(databases);

  it('copies each subflow state onto the parent task run, forced', async () => {
    const parentFlow = await h.flowRunIn('RUNNING');
    const parentTask = await h.newTaskRun({ flow_run_id: parentFlow });
    const subflow = await h.newFlowRun({ parent_task_run_id: parentTask });

    await setFlowRunState(h.db, subflow, { type: 'PENDING' });
    const running = await setFlowRunState(h.db, subflow, { type: 'RUNNING', message: 'go' });
    expect(fullStateDetails(running.state?.state_details).task_run_id).toBe(parentTask);

    let task = await h.taskRun(parentTask);
    expect([task.state_type, task.state_name, task.state?.message, task.run_count]).toEqual(['RUNNING', 'Running', 'go', 1]);
    expect(task.state?.id).not.toBe(running.state?.id);
    const details = fullStateDetails(task.state?.state_details);
    expect([details.child_flow_run_id, details.flow_run_id, details.task_run_id]).toEqual([subflow, parentFlow, parentTask]);

    const completed = await setFlowRunState(h.db, subflow, { type: 'COMPLETED', data: { value: 1 } });
    task = await h.taskRun(parentTask);
    expect([task.state_type, task.state?.data]).toEqual(['COMPLETED', { value: 1 }]);
    expect(task.end_time).not.toBeNull();
    expect(completed.state?.data).toEqual({ value: 1 });
  });

  it('mirrors nothing when the subflow transition wrote nothing', async () => {
    const parentTask = await h.newTaskRun();
    const subflow = await h.newFlowRun({ parent_task_run_id: parentTask });
    await setFlowRunState(h.db, subflow, { type: 'PAUSED' });
    expect((await h.taskRun(parentTask)).state_id).toBeNull();
  });
});
