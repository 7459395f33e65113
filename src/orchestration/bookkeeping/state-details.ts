// UpdateStateDetails and UpdateSubflowStateDetails (§5.1): the server, not
// the client, says which runs a state belongs to.
import type { FlowContext, TaskContext } from '../context.ts';
import type { Transform } from '../rule.ts';

export const UpdateFlowStateDetails: Transform<FlowContext> = {
  name: 'UpdateStateDetails',
  before(ctx) {
    ctx.proposed!.state_details.flow_run_id = ctx.run.id;
  },
};

export const UpdateTaskStateDetails: Transform<TaskContext> = {
  name: 'UpdateStateDetails',
  before(ctx) {
    ctx.proposed!.state_details.flow_run_id = ctx.run.flow_run_id;
    ctx.proposed!.state_details.task_run_id = ctx.run.id;
  },
};

/** A subflow's states point at the task run that tracks it in the parent flow. */
export const UpdateSubflowStateDetails: Transform<FlowContext> = {
  name: 'UpdateSubflowStateDetails',
  before(ctx) {
    if (ctx.run.parent_task_run_id) ctx.proposed!.state_details.task_run_id = ctx.run.parent_task_run_id;
  },
};
