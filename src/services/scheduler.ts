// The scheduler service (deployments-and-work-pools §3.1–3.5): two loops, the
// main one every PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS (deployments
// whose schedules need runs) and the "recent deployments" one every
// _RECENT_DEPLOYMENTS_LOOP_SECONDS (deployments updated since the last
// pass). Both only insert with ON CONFLICT DO NOTHING, so they, a manual
// /schedule call and other replicas never create a run twice. Off with
// PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED=false.
import type { Stoppable } from '../lifecycle.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';
import { schedulerPass } from './scheduler/pass.ts';

function report(kind: string, inserted: number) {
  if (inserted > 0) console.info(`prefect-graphql: scheduler (${kind}) scheduled ${inserted} runs`);
}

export function startScheduler({ settings, db }: ServiceDeps): Stoppable | null {
  const s = settings.scheduler;
  if (!s.enabled) return null;
  return startLoopService('scheduler', s.loopSeconds, async () => report('main', await schedulerPass(db, s, new Date(), 'main')));
}

export function startRecentDeploymentsScheduler({ settings, db }: ServiceDeps): Stoppable | null {
  const s = settings.scheduler;
  if (!s.enabled) return null;
  return startLoopService('scheduler-recent-deployments', s.recentDeploymentsLoopSeconds, async () => report('recent', await schedulerPass(db, s, new Date(), 'recent')));
}
