// The late-runs service (deployments-and-work-pools §3.6): every
// PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS, up to 400 runs still
// "Scheduled" whose next_scheduled_start_time is _AFTER_SECONDS or more in the
// past are proposed a Late state (SCHEDULED, named Late, scheduled_time = the
// run's next_scheduled_start_time) through the mark-late policy
// (orchestration.md §3.2): only a Scheduled run becomes Late, once. Each run
// is its own run transaction (row locked), and its state event is published
// after commit, as any state change. A second replica proposing the same run
// finds it Late already and is rejected by the policy.
import type { Db } from '../db/client.ts';
import type { EventBus } from '../events/bus.ts';
import { publishCommitted } from '../events/emitters/publish.ts';
import type { Stoppable } from '../lifecycle.ts';
import { lockAndReadFlowRun, orchestrateFlowRun, parametersOf } from '../orchestration/flow-runs.ts';
import { MARK_LATE_POLICY } from '../orchestration/policies.ts';
import { buildProposedState } from '../orchestration/states.ts';
import { inRunTransaction } from '../orchestration/transaction.ts';
import type { Settings } from '../settings.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';

/** Prefect's batch per pass. */
export const LATE_RUNS_BATCH_SIZE = 400;

/** Marks the runs late as of `now`; returns the ids that became Late. */
export async function markLateRuns(db: Db, bus: EventBus, settings: Pick<Settings, 'lateRuns' | 'events'>, now: Date = new Date()): Promise<string[]> {
  const cutoff = new Date(now.getTime() - settings.lateRuns.afterSeconds * 1000);
  const candidates = await db.flowRun.findMany({
    where: { next_scheduled_start_time: { lte: cutoff }, state_type: 'SCHEDULED', state_name: 'Scheduled' },
    select: { id: true },
    orderBy: [{ next_scheduled_start_time: 'asc' }, { id: 'asc' }],
    take: LATE_RUNS_BATCH_SIZE,
  });
  const events = { relatedResourceCacheTtl: settings.events.relatedResourceCacheTtl, maxRelatedResources: settings.events.maxRelatedResources };
  const marked: string[] = [];
  for (const { id } of candidates) {
    const result = await inRunTransaction(db, async (tx) => {
      const run = await lockAndReadFlowRun(tx, id);
      if (!run) return null; // deleted meanwhile
      const late = buildProposedState({ type: 'SCHEDULED', name: 'Late', state_details: { scheduled_time: run.next_scheduled_start_time?.toISOString() ?? null } });
      return orchestrateFlowRun(tx, run, late, MARK_LATE_POLICY, parametersOf({ events }));
    });
    if (!result) continue;
    publishCommitted(bus, result.events);
    if (result.written && result.state?.name === 'Late') marked.push(id);
  }
  return marked;
}

export function startLateRuns({ settings, db, events }: ServiceDeps): Stoppable | null {
  if (!settings.lateRuns.enabled) return null;
  return startLoopService('late-runs', settings.lateRuns.loopSeconds, async () => {
    await markLateRuns(db, events, settings);
  });
}
