// PreventDuplicateTransitions (§4.1): a client retrying a request it never
// got an answer for sends the same transition_id and gets the state already written.
import type { FlowContext } from '../context.ts';
import { ALL, Rule } from '../rule.ts';

export class PreventDuplicateTransitions extends Rule<FlowContext> {
  readonly from = ALL;
  readonly to = ALL;

  before(ctx: FlowContext) {
    const current = ctx.initial?.state_details.transition_id;
    const proposed = ctx.proposed?.state_details.transition_id;
    if (current != null && proposed != null && String(current).toLowerCase() === String(proposed).toLowerCase()) {
      ctx.rejectKeepingCurrent('This run has already made this state transition.');
    }
  }
}
