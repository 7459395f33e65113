// The repossessor (logs-variables-concurrency §4.6): every
// PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS (15), expired leases give
// their slots back and are deleted, up to 100 per pass (see
// reapExpiredLeases: safe against a second replica). Off with
// PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED=false.
import type { Stoppable } from '../lifecycle.ts';
import { inRunTransaction } from '../orchestration/transaction.ts';
import { reapExpiredLeases } from '../resources/concurrency-limits/leases.ts';
import { slotWaits } from '../resources/concurrency-limits/slots.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';

export function startRepossessor(deps: ServiceDeps): Stoppable | null {
  const { settings, db } = deps;
  const { enabled, loopSeconds } = settings.concurrency.repossessor;
  if (!enabled) return null;
  const waits = slotWaits(settings);
  return startLoopService('repossessor', Math.max(loopSeconds, 0.01), async () => {
    await inRunTransaction(db, (tx) => reapExpiredLeases(tx, waits));
  });
}
