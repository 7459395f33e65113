// HandleResumingPausedFlows (§4.1): a paused flow may leave PAUSED only for
// RUNNING, SCHEDULED or a final type, not after its pause timed out, and (if
// suspended) only with a deployment to reschedule it on.
import type { FlowContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';
import { detailTime } from '../state-details.ts';
import { makeState } from '../states.ts';
import { isFinal } from '../types.ts';
import { pauseVerb } from './handle-pausing-flows.ts';

export class HandleResumingPausedFlows extends Rule<FlowContext> {
  readonly from = only('PAUSED');
  readonly to = ALL;

  before(ctx: FlowContext) {
    const current = ctx.initial!;
    const proposed = ctx.proposed!;
    if (!(proposed.type === 'RUNNING' || proposed.type === 'SCHEDULED' || isFinal(proposed.type))) {
      // Prefect renders its enum as StateType.<NAME> here (Python 3.11+).
      ctx.rejectKeepingCurrent(`This run cannot transition to the StateType.${proposed.type} state from the StateType.${current.type} state.`);
      return;
    }
    const name = proposed.name.toLowerCase();
    if (current.state_details.pause_reschedule === true && !ctx.run.deployment_id) {
      ctx.rejectKeepingCurrent(`Cannot reschedule a ${name} flow run without a deployment.`);
      return;
    }
    const timeout = detailTime(current.state_details, 'pause_timeout');
    if (timeout && timeout.getTime() < Date.now()) {
      ctx.rejectWith(
        makeState('FAILED', { message: `The flow was ${name} and never resumed.` }),
        `The flow run ${pauseVerb(proposed.name)} has timed out and can no longer resume.`,
      );
    }
  }

  /**
   * TO covers every type and "none", so this also runs after this rule's own
   * rejections: the run is marked resuming whatever happened.
   */
  after(ctx: FlowContext) {
    ctx.updatePolicy({ resuming: true });
  }
}
