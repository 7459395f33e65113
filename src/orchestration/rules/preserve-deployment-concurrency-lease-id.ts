// PreserveDeploymentConcurrencyLeaseId (a transform in Prefect; core flow
// policy, listed first so it always fires): workers often send the lease id
// as an explicit null; the current state's lease id is carried over.
import type { FlowContext } from '../context.ts';
import { ALL, Rule } from '../rule.ts';
import { leaseIdOf } from './deployment-concurrency.ts';

export class PreserveDeploymentConcurrencyLeaseId extends Rule<FlowContext> {
  readonly from = ALL;
  readonly to = ALL;

  before(ctx: FlowContext) {
    if (!ctx.initial || !ctx.proposed) return;
    const current = leaseIdOf(ctx.initial.state_details);
    if (current && !leaseIdOf(ctx.proposed.state_details)) ctx.proposed.state_details.deployment_concurrency_lease_id = current;
  }
}
