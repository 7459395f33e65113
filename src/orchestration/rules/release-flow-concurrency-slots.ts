// ReleaseFlowConcurrencySlots (a transform in Prefect; core and minimal flow
// policies, force included; listed first so it always fires): once a run of
// a deployment leaves PENDING/RUNNING/CANCELLING for another type, its
// deployment slot is given back: through its lease when the previous state
// carried one (the limit decremented by 1 when the lease is gone), else by
// decrementing the deployment's limit. A limit deleted or inactive meanwhile
// is skipped (Prefect answers 500; house rule 1).
import { releaseLease } from '../../resources/concurrency-limits/leases.ts';
import { DEFAULT_SLOT_WAITS, decrementSlots } from '../../resources/concurrency-limits/slots.ts';
import type { FlowContext } from '../context.ts';
import { ALL, Rule } from '../rule.ts';
import { deploymentLimitOf, leaseIdOf } from './deployment-concurrency.ts';

const HOLDING = new Set(['PENDING', 'RUNNING', 'CANCELLING']);

export class ReleaseFlowConcurrencySlots extends Rule<FlowContext> {
  readonly from = ALL;
  readonly to = ALL;
  private done = false;

  after(ctx: FlowContext) {
    return this.release(ctx);
  }

  cleanup(ctx: FlowContext) {
    return this.release(ctx);
  }

  private async release(ctx: FlowContext): Promise<void> {
    const written = ctx.written;
    if (this.done || !written || !ctx.initial || !ctx.run.deployment_id) return;
    if (!HOLDING.has(ctx.initial.type) || HOLDING.has(written.type)) return;
    this.done = true;
    const waits = ctx.params.concurrency ?? DEFAULT_SLOT_WAITS;
    const leaseId = leaseIdOf(ctx.initial.state_details);
    if (leaseId && (await releaseLease(ctx.tx, leaseId, waits, { slotsWithoutMetadata: 1 }))) return;
    const deployment = await deploymentLimitOf(ctx);
    if (deployment) await decrementSlots(ctx.tx, [deployment.limit.id], 1, waits);
  }
}
