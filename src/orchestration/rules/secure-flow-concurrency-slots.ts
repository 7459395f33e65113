// SecureFlowConcurrencySlots (logs-variables-concurrency §4.7; core flow):
// a run of a deployment with a concurrency limit takes one slot on entering
// PENDING, held by a lease (no holder, TTL = the grace period) whose id goes
// into the proposal. A full limit enqueues (AwaitingConcurrencySlot, retried
// 30 s later) or cancels (CANCEL_NEW). The slot is taken in the request's
// own transaction, so a request that fails later gives it back.
import { createLease, releaseLease } from '../../resources/concurrency-limits/leases.ts';
import { DEFAULT_SLOT_WAITS, decrementSlots, incrementSlots } from '../../resources/concurrency-limits/slots.ts';
import type { FlowContext } from '../context.ts';
import { allExcept, only, Rule } from '../rule.ts';
import { makeState } from '../states.ts';
import { DEFAULT_SLOT_WAIT_SECONDS, deploymentLimitOf, LIMIT_REACHED, SELF_MANAGING_CLIENTS } from './deployment-concurrency.ts';

export class SecureFlowConcurrencySlots extends Rule<FlowContext> {
  readonly from = allExcept('PENDING', 'RUNNING', 'CANCELLING');
  readonly to = only('PENDING');
  private taken: { limitId: string; leaseId: string } | null = null;

  async before(ctx: FlowContext) {
    if (!ctx.run.deployment_id || SELF_MANAGING_CLIENTS.has(ctx.params.clientVersion ?? '')) return;
    const deployment = await deploymentLimitOf(ctx);
    if (deployment === undefined) return ctx.abort('Deployment not found.');
    if (deployment === null) return;
    const { limit } = deployment;
    if (limit.limit === 0) return ctx.abort('The deployment concurrency limit is 0. The flow will deadlock if submitted again.');
    const waits = ctx.params.concurrency ?? DEFAULT_SLOT_WAITS;
    if (await incrementSlots(ctx.tx, [limit.id], 1, waits)) {
      const lease = await createLease(ctx.tx, { resourceIds: [limit.id], ttlSeconds: deployment.gracePeriod, slots: 1, holder: null });
      ctx.proposed!.state_details.deployment_concurrency_lease_id = lease.id;
      this.taken = { limitId: limit.id, leaseId: lease.id };
      return;
    }
    if (deployment.strategy === 'CANCEL_NEW') {
      ctx.rejectWith(makeState('CANCELLED', { message: LIMIT_REACHED }), LIMIT_REACHED);
    } else {
      const retryAt = new Date(Date.now() + DEFAULT_SLOT_WAIT_SECONDS * 1000);
      ctx.rejectWith(makeState('SCHEDULED', { name: 'AwaitingConcurrencySlot', state_details: { scheduled_time: retryAt.toISOString() } }), LIMIT_REACHED);
    }
  }

  /** A later rule changed the outcome: give the slot back. */
  async cleanup(ctx: FlowContext) {
    if (!this.taken) return;
    const waits = ctx.params.concurrency ?? DEFAULT_SLOT_WAITS;
    const released = await releaseLease(ctx.tx, this.taken.leaseId, waits, { slotsWithoutMetadata: 1 });
    if (!released) await decrementSlots(ctx.tx, [this.taken.limitId], 1, waits);
    if (ctx.proposed?.state_details.deployment_concurrency_lease_id === this.taken.leaseId) ctx.proposed.state_details.deployment_concurrency_lease_id = null;
    this.taken = null;
  }
}
