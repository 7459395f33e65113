// EnforceDeploymentConcurrencyOnLate (logs-variables-concurrency §4.7;
// mark-late policy only): a run about to be marked Late whose deployment
// limit is full (stored active_slots) and uses CANCEL_NEW is cancelled
// instead.
import type { FlowContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { makeState } from '../states.ts';
import { deploymentLimitOf, LIMIT_REACHED } from './deployment-concurrency.ts';

export class EnforceDeploymentConcurrencyOnLate extends Rule<FlowContext> {
  readonly from = only('SCHEDULED');
  readonly to = only('SCHEDULED');

  async before(ctx: FlowContext) {
    if (ctx.proposed!.name !== 'Late') return;
    const deployment = await deploymentLimitOf(ctx);
    if (deployment?.strategy !== 'CANCEL_NEW') return;
    if (deployment.limit.active_slots >= deployment.limit.limit) {
      ctx.rejectWith(makeState('CANCELLED', { message: LIMIT_REACHED }), 'Deployment concurrency limit is full and uses the CANCEL_NEW strategy.');
    }
  }
}
