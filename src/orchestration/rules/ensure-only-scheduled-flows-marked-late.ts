// EnsureOnlyScheduledFlowsMarkedLate (§4.1): "Late" is a SCHEDULED run that
// missed its time; nothing else can become Late, and only once.
import type { FlowContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';

export class EnsureOnlyScheduledFlowsMarkedLate extends Rule<FlowContext> {
  readonly from = ALL;
  readonly to = only('SCHEDULED');

  before(ctx: FlowContext) {
    const current = ctx.initial;
    if (!current || ctx.proposed!.name !== 'Late') return;
    if (current.type !== 'SCHEDULED') ctx.rejectKeepingCurrent('Only scheduled flows can be marked late.');
    else if (current.name === 'Late') ctx.rejectKeepingCurrent('This flow run is already marked late.');
  }
}
