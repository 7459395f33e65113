// HandleFlowTerminalStateTransitions (§4.1): what may follow a final flow state.
// A manual retry (final → non-final) resets the pause bookkeeping but keeps run_count.
import type { FlowContext } from '../context.ts';
import { ALL, FINAL, Rule } from '../rule.ts';
import { isPersistedResult } from '../states.ts';
import { isFinal } from '../types.ts';

export class HandleFlowTerminalStateTransitions extends Rule<FlowContext> {
  readonly from = FINAL;
  readonly to = ALL;
  private originalPolicy: unknown;

  before(ctx: FlowContext) {
    const current = ctx.initial!;
    const proposed = ctx.proposed!;
    this.originalPolicy = ctx.run.empirical_policy;
    if (proposed.type === 'CANCELLING' || proposed.type === 'PAUSED' || proposed.type === 'CRASHED') {
      ctx.abort(`Run is already in terminal state ${current.type}.`);
      return;
    }
    const keepsResult = current.type === 'COMPLETED' && isPersistedResult(current.data);
    if (keepsResult && !isFinal(proposed.type)) {
      ctx.rejectKeepingCurrent('Run is already COMPLETED.');
      return;
    }
    if (keepsResult && proposed.type === 'COMPLETED' && !isPersistedResult(proposed.data)) {
      ctx.rejectKeepingCurrent('Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.');
      return;
    }
    if (proposed.type === 'SCHEDULED' && !ctx.run.deployment_id) {
      ctx.abort('Cannot reschedule a run without an associated deployment.');
      return;
    }
    if (!isFinal(proposed.type) && ctx.apiVersionAtLeast([0, 8, 4])) {
      ctx.updatePolicy({ resuming: false, pause_keys: [], retry_type: proposed.type === 'SCHEDULED' ? 'reschedule' : null });
    }
  }

  cleanup(ctx: FlowContext) {
    ctx.set('empirical_policy', this.originalPolicy as never);
  }
}
