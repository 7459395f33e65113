// BypassCancellingFlowRunsWithNoInfra (§4.1): CANCELLING exists to tear down
// infrastructure; a run that has none goes straight to CANCELLED. Applies with force too.
import type { FlowContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { makeState } from '../states.ts';

export class BypassCancellingFlowRunsWithNoInfra extends Rule<FlowContext> {
  readonly from = only('SCHEDULED', 'PAUSED');
  readonly to = only('CANCELLING');

  before(ctx: FlowContext) {
    const current = ctx.initial!;
    // Resuming runs were suspended: their infrastructure is gone even if a pid is recorded.
    if ((current.type === 'SCHEDULED' && !ctx.run.infrastructure_pid) || current.name === 'Resuming') {
      ctx.rejectWith(makeState('CANCELLED'), 'Scheduled flow run has no infrastructure to terminate.');
    } else if (current.type === 'PAUSED' && current.state_details.pause_reschedule === true) {
      ctx.rejectWith(makeState('CANCELLED'), 'Suspended flow run has no infrastructure to terminate.');
    }
  }
}
