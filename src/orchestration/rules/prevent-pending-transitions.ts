// PreventPendingTransitions (§4.1; flows and deferred tasks): guards against
// two workers submitting the same run. Named PENDING sub-states (Pending →
// Submitting → InfrastructurePending) may still follow one another.
import type { OrchestrationContext } from '../context.ts';
import { only, Rule } from '../rule.ts';

export class PreventPendingTransitions extends Rule {
  readonly from = only('PENDING', 'RUNNING', 'CANCELLING', 'CANCELLED');
  readonly to = only('PENDING');

  before(ctx: OrchestrationContext) {
    const current = ctx.initial!;
    const proposed = ctx.proposed!;
    if (current.type === 'PENDING' && current.name !== proposed.name && proposed.name !== 'Pending') {
      // Carry forward what earlier rules put on the first PENDING state.
      proposed.state_details.scheduled_time = current.state_details.scheduled_time;
      proposed.state_details.deployment_concurrency_lease_id = current.state_details.deployment_concurrency_lease_id;
      return;
    }
    ctx.abort(`This run is in a ${current.type} state and cannot transition to a PENDING state.`);
  }
}
