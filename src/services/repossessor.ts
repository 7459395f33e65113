// The repossessor (logs-variables-concurrency §4.6): every
// PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS (15), expired leases give
// their slots back and are deleted, up to 100 per pass (see
// reapExpiredLeases: safe against a second replica). Off with
// PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED=false. Starting it also hands
// the concurrency settings to the orchestration rules of tag limits.
import type { Stoppable } from '../lifecycle.ts';
import { inRunTransaction } from '../orchestration/transaction.ts';
import { reapExpiredLeases } from '../resources/concurrency-limits/leases.ts';
import { slotWaits } from '../resources/concurrency-limits/slots.ts';
import type { ServiceDeps } from './index.ts';

export function startRepossessor(deps: ServiceDeps): Stoppable | null {
  const { settings, db } = deps;
  const { enabled, loopSeconds } = settings.concurrency.repossessor;
  if (!enabled) return null;
  const waits = slotWaits(settings);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    if (stopped) return;
    try {
      await inRunTransaction(db, (tx) => reapExpiredLeases(tx, waits));
    } catch (error) {
      if (!stopped) console.warn(`prefect-graphql: repossessor pass failed (retried next loop): ${(error as Error).message}`);
    }
  };
  const tick = () => {
    if (!stopped) running = running.then(runOnce);
  };
  tick(); // leases that expired while no server ran
  const timer = setInterval(tick, Math.min(Math.max(loopSeconds, 0.01) * 1000, 2 ** 31 - 1));
  timer.unref();
  return {
    name: 'repossessor',
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
