// EnforceCancellingToCancelledTransition (§4.1): a cancelling flow run may only become CANCELLED.
import type { FlowContext } from '../context.ts';
import { allExcept, only, Rule } from '../rule.ts';

export class EnforceCancellingToCancelledTransition extends Rule<FlowContext> {
  readonly from = only('CANCELLING');
  readonly to = allExcept('CANCELLED');

  before(ctx: FlowContext) {
    ctx.rejectKeepingCurrent('Cannot transition flows that are cancelling to a state other than Cancelled.');
  }
}
