// HandleTaskTerminalStateTransitions (§4.3): what may follow a final task
// state. Leaving one for a non-final state restarts the task's retries.
import type { TaskContext } from '../context.ts';
import { ALL, FINAL, Rule } from '../rule.ts';
import { isPlainObject } from '../state-details.ts';
import { isFinal } from '../types.ts';

/**
 * Prefect's test is `data and data.get("type") != "unpersisted"`: a non-empty
 * object. (Truthy scalars or lists make Prefect fail with a 500; here they do not count.)
 */
const holdsResult = (data: unknown): boolean => isPlainObject(data) && Object.keys(data).length > 0 && data.type !== 'unpersisted';

export class HandleTaskTerminalStateTransitions extends Rule<TaskContext> {
  readonly from = FINAL;
  readonly to = ALL;
  private originalRunCount = 0;

  async before(ctx: TaskContext) {
    const current = ctx.initial!;
    const proposed = ctx.proposed!;
    this.originalRunCount = ctx.run.run_count;
    if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') {
      ctx.abort(`Run is already ${current.type}.`);
      return;
    }
    if (current.type === 'COMPLETED' && holdsResult(current.data)) {
      ctx.rejectKeepingCurrent('This run is already completed.');
      return;
    }
    if (!isFinal(proposed.type)) ctx.set('run_count', 0);
    if (proposed.type === 'RUNNING' && ctx.run.flow_run_id) {
      const flowRun = await ctx.flowRun();
      // The flow is on a later attempt than the one this task last ran in.
      if (flowRun && ctx.run.flow_run_run_count < flowRun.run_count) ctx.rename('Retrying');
    }
  }

  cleanup(ctx: TaskContext) {
    ctx.set('run_count', this.originalRunCount);
  }
}
