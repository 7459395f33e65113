// PreventRunningTasksFromStoppedFlows (§4.3, core task policy): a task of a
// flow run may only run while that flow run is RUNNING; a paused flow parks
// the task as PAUSED "NotReady".
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';
import { fullStateDetails } from '../state-details.ts';
import { makeState } from '../states.ts';

const FLOW_NOT_RUNNING = 'The enclosing flow must be running to begin task execution.';

export class PreventRunningTasksFromStoppedFlows extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('RUNNING');

  async before(ctx: TaskContext) {
    const flowRun = await ctx.flowRun();
    if (!flowRun) return; // autonomous task
    const flowState = flowRun.state;
    if (!flowState) {
      ctx.abort(FLOW_NOT_RUNNING);
    } else if (flowState.type === 'PAUSED') {
      const paused = fullStateDetails(flowState.state_details);
      ctx.rejectWith(
        makeState('PAUSED', {
          name: 'NotReady',
          state_details: { pause_timeout: paused.pause_timeout, pause_reschedule: paused.pause_reschedule, pause_key: null },
        }),
        `The flow is paused, new tasks can execute after resuming flow run: ${flowRun.id}.`,
      );
    } else if (flowState.type !== 'RUNNING') {
      ctx.abort(FLOW_NOT_RUNNING);
    }
  }
}
