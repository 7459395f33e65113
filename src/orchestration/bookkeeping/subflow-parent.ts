// UpdateSubflowParentTask (§5.3): after a subflow's state is written, the task
// run that tracks it in the parent flow gets a copy, forced, in the same
// transaction (new id and timestamp; child_flow_run_id = the subflow).
import type { FlowContext } from '../context.ts';
import type { Transform } from '../rule.ts';
import { setTaskRunStateIn } from '../task-runs.ts';

export const UpdateSubflowParentTask: Transform<FlowContext> = {
  name: 'UpdateSubflowParentTask',
  async after(ctx) {
    const parentTaskRunId = ctx.run.parent_task_run_id;
    const state = ctx.proposed;
    if (!parentTaskRunId || !state || !ctx.written) return;
    const parent = await setTaskRunStateIn(
      ctx.tx,
      parentTaskRunId,
      {
        type: state.type,
        name: state.name,
        message: state.message,
        data: state.data,
        state_details: { ...state.state_details, child_flow_run_id: ctx.run.id },
      },
      { force: true },
    );
    ctx.artifactEvents.push(...(parent.events ?? []));
  },
};
