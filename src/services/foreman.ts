// The foreman (deployments-and-work-pools §3.7, §1.17, §4.5, §5.3): every
// PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS (15) it marks what stopped
// checking in:
//   1. ONLINE workers whose last heartbeat is older than
//      (heartbeat_interval_seconds or the fallback) × the inactivity multiple → OFFLINE;
//   2. READY pools without an ONLINE worker → NOT_READY (prefect.work-pool.not-ready);
//   3. READY deployments polled last before the timeout, whose queue (if any)
//      was not polled since either → NOT_READY (prefect.deployment.not-ready; `updated` untouched);
//   4. READY queues polled last before the timeout → NOT_READY (prefect.work-queue.not-ready).
// Each step is conditional UPDATEs that re-check the rule in the database, so a
// second replica running the same pass changes (and announces) nothing twice,
// and a heartbeat or poll racing the pass is never overwritten by a stale read.
// runForemanPass takes `now` so tests drive the clock.
import type { Db } from '../db/client.ts';
import type { ReceivedEvent } from '../events/types.ts';
import { publishCommitted } from '../events/emitters/publish.ts';
import type { Stoppable } from '../lifecycle.ts';
import { dialectOf, inRunTransaction } from '../orchestration/transaction.ts';
import { execute } from '../resources/concurrency-limits/sql.ts';
import { EVENT_SELECT, deploymentEvent } from '../resources/deployments/events.ts';
import { queueStatusEvent } from '../resources/work-pools/events.ts';
import { transitionPoolStatus } from '../resources/workers/pool-status.ts';
import type { Settings } from '../settings.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';

export interface ForemanPass {
  workersOffline: number;
  poolsNotReady: number;
  deploymentsNotReady: number;
  queuesNotReady: number;
  /** What the pass announced (each step's transaction had committed). */
  events: ReceivedEvent[];
}

const secondsBefore = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/** Step 1: one UPDATE; the age limit is per worker, so the database computes it. */
async function markStaleWorkersOffline(db: Db, settings: Settings['foreman'], now: Date): Promise<number> {
  const pg = dialectOf(db) === 'postgresql';
  const limit = 'COALESCE(heartbeat_interval_seconds, $2) * $3';
  const stale = pg ? `last_heartbeat_time < $1::timestamptz - make_interval(secs => (${limit})::float8)` : `julianday(last_heartbeat_time) < julianday($1) - (${limit}) / 86400.0`;
  return inRunTransaction(db, (tx) =>
    execute(
      tx,
      `UPDATE worker SET status = 'OFFLINE', updated = ${pg ? '$1::timestamptz' : '$1'} WHERE status = 'ONLINE' AND ${stale}`,
      now.toISOString(),
      settings.fallbackHeartbeatIntervalSeconds,
      settings.inactivityHeartbeatMultiple,
    ),
  );
}

/** Step 2: each candidate pool in one conditional UPDATE that re-checks "no ONLINE worker". */
async function markIdlePoolsNotReady(db: Db, now: Date): Promise<ReceivedEvent[]> {
  const idle = { status: 'READY', workers: { none: { status: 'ONLINE' } } };
  const pools = await db.workPool.findMany({ where: idle, select: { id: true, name: true, type: true, last_status_event_id: true, last_transitioned_status_at: true } });
  const events: ReceivedEvent[] = [];
  for (const pool of pools) {
    const event = await inRunTransaction(db, (tx) => transitionPoolStatus(tx, pool, idle, 'NOT_READY', now));
    if (event) events.push(event);
  }
  return events;
}

/** Step 3: READY deployments not polled since the cutoff, nor their queue. */
async function markUnpolledDeploymentsNotReady(db: Db, settings: Settings['foreman'], now: Date): Promise<ReceivedEvent[]> {
  const cutoff = secondsBefore(now, settings.deploymentLastPolledTimeoutSeconds);
  const changed = await inRunTransaction(db, (tx) =>
    tx.deployment.updateManyAndReturn({
      where: {
        status: 'READY',
        last_polled: { not: null, lt: cutoff },
        OR: [{ work_queue_id: null }, { work_queue: { is: { OR: [{ last_polled: null }, { last_polled: { lt: cutoff } }] } } }],
      },
      // `updated` is left alone: it drives the scheduler's recent-deployments loop.
      data: { status: 'NOT_READY' },
      select: { id: true },
    }),
  );
  if (changed.length === 0) return [];
  const rows = await db.deployment.findMany({ where: { id: { in: changed.map((d) => d.id) } }, select: EVENT_SELECT });
  return rows.map((d) => deploymentEvent('not-ready', d, {}, now));
}

/** Step 4: READY queues not polled since the cutoff (PAUSED ones are left alone). */
async function markUnpolledQueuesNotReady(db: Db, settings: Settings['foreman'], now: Date): Promise<ReceivedEvent[]> {
  const cutoff = secondsBefore(now, settings.workQueueLastPolledTimeoutSeconds);
  const changed = await inRunTransaction(db, (tx) =>
    tx.workQueue.updateManyAndReturn({
      where: { status: 'READY', last_polled: { not: null, lt: cutoff } },
      data: { status: 'NOT_READY' },
      select: { id: true, name: true, status: true, work_pool_id: true },
    }),
  );
  if (changed.length === 0) return [];
  const pools = await db.workPool.findMany({ where: { id: { in: [...new Set(changed.map((q) => q.work_pool_id))] } }, select: { id: true, name: true, type: true } });
  const poolById = new Map(pools.map((p) => [p.id, p]));
  return changed.map((queue) => queueStatusEvent(queue, poolById.get(queue.work_pool_id) ?? null, now));
}

/**
 * One pass of the four steps, in Prefect's order, as of `now`. `publish`
 * gets each step's events once its transaction has committed (so a failing
 * later step does not swallow them); all of them are also returned.
 */
export async function runForemanPass(db: Db, settings: Settings['foreman'], now = new Date(), publish: (events: ReceivedEvent[]) => void = () => {}): Promise<ForemanPass> {
  const announced = (events: ReceivedEvent[]) => {
    publish(events);
    return events;
  };
  const workersOffline = await markStaleWorkersOffline(db, settings, now);
  const poolEvents = announced(await markIdlePoolsNotReady(db, now));
  const deploymentEvents = announced(await markUnpolledDeploymentsNotReady(db, settings, now));
  const queueEvents = announced(await markUnpolledQueuesNotReady(db, settings, now));
  return {
    workersOffline,
    poolsNotReady: poolEvents.length,
    deploymentsNotReady: deploymentEvents.length,
    queuesNotReady: queueEvents.length,
    events: [...poolEvents, ...deploymentEvents, ...queueEvents],
  };
}

export function startForeman(deps: ServiceDeps): Stoppable | null {
  const { settings, db, events } = deps;
  if (!settings.foreman.enabled) return null;
  return startLoopService('foreman', Math.max(settings.foreman.loopSeconds, 0.01), async () => {
    await runForemanPass(db, settings.foreman, new Date(), (committed) => publishCommitted(events, committed));
  });
}
