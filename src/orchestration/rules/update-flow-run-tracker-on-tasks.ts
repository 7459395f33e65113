// UpdateFlowRunTrackerOnTasks (§4.3): remembers which attempt of its flow run
// a task ran in, so a flow retry can be recognised (HandleTaskTerminalStateTransitions).
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';

export class UpdateFlowRunTrackerOnTasks extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('RUNNING');

  async after(ctx: TaskContext) {
    if (!ctx.run.flow_run_id) return;
    const flowRun = await ctx.flowRun();
    if (!flowRun) throw ctx.flowRunMissing();
    ctx.set('flow_run_run_count', flowRun.run_count);
  }
}
