// Worker routes (deployments-and-work-pools §4.4): heartbeat, filter, delete.
import { randomUUID } from 'node:crypto';
import { notFound } from '../../errors.ts';
import { poolNotFound } from '../work-pools/placement.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import { dialectOf, inRunTransaction } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { execute } from '../concurrency-limits/sql.ts';
import { transitionPoolStatus } from './pool-status.ts';

/** The pool's id, or the 404 every worker route answers. */
export async function poolIdByName(ctx: Context, name: string): Promise<string> {
  const pool = await ctx.db.workPool.findUnique({ where: { name }, select: { id: true } });
  if (!pool) throw poolNotFound(name);
  return pool.id;
}

/**
 * Inserts the worker or refreshes it, in one statement keyed on
 * (work_pool_id, name): the pool is looked up by name inside it, so a missing
 * pool inserts nothing (0 rows). The interval is written only when given.
 */
async function upsertWorker(tx: Tx, poolName: string, name: string, interval: number | null, now: Date): Promise<number> {
  const pg = dialectOf(tx) === 'postgresql';
  const time = pg ? '$2::timestamptz' : '$2';
  return execute(
    tx,
    `INSERT INTO worker (id, created, updated, work_pool_id, name, last_heartbeat_time, heartbeat_interval_seconds, status)
     SELECT ${pg ? '$1::uuid' : '$1'}, ${time}, ${time}, wp.id, $3, ${time}, ${pg ? '$4::integer' : '$4'}, 'ONLINE'
     FROM work_pool wp WHERE wp.name = $5
     ON CONFLICT (work_pool_id, name) DO UPDATE SET
       last_heartbeat_time = excluded.last_heartbeat_time,
       updated = excluded.updated,
       status = 'ONLINE',
       heartbeat_interval_seconds = COALESCE(excluded.heartbeat_interval_seconds, worker.heartbeat_interval_seconds)`,
    randomUUID(),
    pg ? now.toISOString() : now,
    name,
    interval,
    poolName,
  );
}

/** worker_heartbeat: the worker is ONLINE now; a NOT_READY pool becomes READY (PAUSED stays). */
export async function recordHeartbeat(ctx: Context, poolName: string, name: string, interval: number | null | undefined, now = new Date()): Promise<true> {
  const events = await inRunTransaction(ctx.db, async (tx) => {
    if ((await upsertWorker(tx, poolName, name, interval ?? null, now)) === 0) throw poolNotFound(poolName);
    const pool = await tx.workPool.findUnique({ where: { name: poolName } });
    if (pool?.status !== 'NOT_READY') return [];
    const event = await transitionPoolStatus(tx, pool, { status: 'NOT_READY' }, 'READY', now);
    return event ? [event] : [];
  });
  publishCommitted(ctx.events, events);
  return true;
}

/** delete_worker: 404 for the pool, then for the worker. */
export async function deleteWorker(ctx: Context, poolName: string, name: string): Promise<true> {
  const poolId = await poolIdByName(ctx, poolName);
  const { count } = await ctx.db.worker.deleteMany({ where: { work_pool_id: poolId, name } });
  if (count === 0) throw notFound('Worker not found.');
  return true;
}
