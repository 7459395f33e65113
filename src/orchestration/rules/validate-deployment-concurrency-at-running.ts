// ValidateDeploymentConcurrencyAtRunning (logs-variables-concurrency §4.7;
// core flow): PENDING → RUNNING carries the PENDING state's lease id over and,
// for clients that renew leases (3.4.11+), renews it for the grace period; a
// lease reaped meanwhile is replaced by a new slot, or the run is cancelled
// when none is free.
import { createLease, renewLease } from '../../resources/concurrency-limits/leases.ts';
import { DEFAULT_SLOT_WAITS, incrementSlots } from '../../resources/concurrency-limits/slots.ts';
import type { FlowContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { makeState } from '../states.ts';
import { clientRenewsLeases, deploymentLimitOf, leaseIdOf } from './deployment-concurrency.ts';

export class ValidateDeploymentConcurrencyAtRunning extends Rule<FlowContext> {
  readonly from = only('PENDING');
  readonly to = only('RUNNING');

  async before(ctx: FlowContext) {
    const leaseId = leaseIdOf(ctx.initial?.state_details);
    ctx.proposed!.state_details.deployment_concurrency_lease_id = leaseId;
    if (!leaseId || !clientRenewsLeases(ctx.params.clientVersion)) return;
    const deployment = await deploymentLimitOf(ctx);
    if (!deployment) return;
    if (await renewLease(ctx.tx, leaseId, deployment.gracePeriod)) return;
    if (await incrementSlots(ctx.tx, [deployment.limit.id], 1, ctx.params.concurrency ?? DEFAULT_SLOT_WAITS)) {
      const lease = await createLease(ctx.tx, { resourceIds: [deployment.limit.id], ttlSeconds: deployment.gracePeriod, slots: 1, holder: { type: 'flow_run', id: ctx.run.id } });
      ctx.proposed!.state_details.deployment_concurrency_lease_id = lease.id;
      return;
    }
    ctx.rejectWith(
      makeState('CANCELLED', { message: 'Deployment concurrency slot lost during provisioning - no slots available to continue execution' }),
      'Deployment concurrency limit reached after lease expiry.',
    );
  }
}
