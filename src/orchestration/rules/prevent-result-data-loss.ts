// PreventResultDataLoss (§4.1, minimal flow policy): even a forced transition
// cannot replace a COMPLETED state holding a persisted result with one that has none.
import type { FlowContext } from '../context.ts';
import { FINAL, Rule } from '../rule.ts';
import { isPersistedResult } from '../states.ts';

export class PreventResultDataLoss extends Rule<FlowContext> {
  readonly from = FINAL;
  readonly to = FINAL;

  before(ctx: FlowContext) {
    const current = ctx.initial!;
    const proposed = ctx.proposed!;
    if (current.type === 'COMPLETED' && isPersistedResult(current.data) && proposed.type === 'COMPLETED' && !isPersistedResult(proposed.data)) {
      ctx.rejectKeepingCurrent('Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
    }
  }
}
