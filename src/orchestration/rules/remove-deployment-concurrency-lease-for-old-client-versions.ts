// RemoveDeploymentConcurrencyLeaseForOldClientVersions (§4.7; core flow):
// clients before 3.4.11 (or unknown) never renew a lease, so once their run
// leaves PENDING for RUNNING/CANCELLING the lease is dropped without giving
// the slot back: it stays taken until ReleaseFlowConcurrencySlots frees it.
import type { FlowContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { clientRenewsLeases, leaseIdOf } from './deployment-concurrency.ts';

export class RemoveDeploymentConcurrencyLeaseForOldClientVersions extends Rule<FlowContext> {
  readonly from = only('PENDING');
  readonly to = only('RUNNING', 'CANCELLING');

  async after(ctx: FlowContext) {
    if (clientRenewsLeases(ctx.params.clientVersion)) return;
    const leaseId = leaseIdOf(ctx.initial?.state_details);
    if (leaseId) await ctx.tx.concurrencyLease.deleteMany({ where: { id: leaseId } });
  }
}
