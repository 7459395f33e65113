// Which scheduled runs a deployment write deletes (§1.18): runs of the
// deployment still SCHEDULED (Late included), never started, not waiting for
// a concurrency slot; optionally only auto-scheduled ones and only future ones.
import type { Tx } from '../../orchestration/types.ts';

export function deleteScheduledRuns(tx: Tx, deploymentIds: string[], opts: { autoOnly: boolean; futureOnly: boolean; now: Date }) {
  return tx.flowRun.deleteMany({
    where: {
      deployment_id: { in: deploymentIds },
      state_type: 'SCHEDULED',
      OR: [{ state_name: null }, { state_name: { not: 'AwaitingConcurrencySlot' } }],
      run_count: 0,
      ...(opts.autoOnly ? { auto_scheduled: true } : {}),
      ...(opts.futureOnly ? { next_scheduled_start_time: { gt: opts.now } } : {}),
    },
  });
}
