// Where a flow run lives among the work pools (flows-and-runs §2.3.6, §2.4).
// On create, work_pool_name (+ work_queue_name) picks the queue; a queue name
// alone is only stored. In answers, the linked queue (when work_queue_id
// resolves) gives work_queue_name, work_pool_id and work_pool_name: one
// batched lookup per request level, not one per run, and none for runs
// without a queue.
import type { Context } from '../../graphql/context.ts';
import { Params } from '../../filters/sql/params.ts';
import { loaderFor } from '../runs/loaders.ts';
import { sqlComputed, type Expression } from '../../graphql/sql-reads/marks.ts';
import { poolNotFound, poolQueueNotFound } from '../work-pools/placement.ts';

/**
 * The work_queue_id a created run gets: the named queue of the pool, or the
 * pool's default queue; null without a pool name (a queue name alone is not
 * looked up). 404s as Prefect's worker lookups answer them.
 */
export async function runQueueId(ctx: Context, poolName: string | null | undefined, queueName: string | null | undefined): Promise<string | null> {
  if (!poolName) return null;
  if (queueName) {
    const queue = await ctx.db.workQueue.findFirst({ where: { name: queueName, work_pool: { name: poolName } }, select: { id: true } });
    if (!queue) throw poolQueueNotFound(poolName, queueName);
    return queue.id;
  }
  const pool = await ctx.db.workPool.findUnique({ where: { name: poolName }, select: { default_queue_id: true } });
  if (!pool) throw poolNotFound(poolName);
  return pool.default_queue_id;
}

export interface RunPlacement {
  work_queue_name: string;
  work_pool_id: string;
  work_pool_name: string;
}

interface PlacedRun {
  work_queue_id?: string | null;
  work_queue_name?: string | null;
}

/** The linked queue's name and pool, batched per request; null when the id does not resolve. */
export function runPlacement(ctx: Context, run: PlacedRun): Promise<RunPlacement | null> | null {
  if (!run.work_queue_id) return null;
  return loaderFor<RunPlacement | null>(ctx, 'FlowRun#placement', async (ids) => {
    // One statement (Prisma's nested select would be two).
    const params = new Params(ctx.target.provider);
    const rows = await ctx.db.$queryRawUnsafe<{ id: string; name: string; pool_id: string; pool_name: string }[]>(
      `SELECT q.id AS id, q.name AS name, p.id AS pool_id, p.name AS pool_name FROM work_queue q JOIN work_pool p ON p.id = q.work_pool_id WHERE q.id IN (${params.list(ids)})`,
      ...params.values,
    );
    const byId = new Map(rows.map((q) => [String(q.id), { work_queue_name: q.name, work_pool_id: String(q.pool_id), work_pool_name: q.pool_name }]));
    return ids.map((id) => byId.get(id) ?? null);
  }).load(run.work_queue_id);
}

// The answer fields below are plain values for a run without a queue: a
// promise per run (and per field) cost graphql-jit its asynchronous path on
// every row of a page.

/** The response's work_queue_name: the linked queue's current name, else the stored column. */
export function runQueueName(ctx: Context, run: PlacedRun): string | null | Promise<string | null> {
  const placement = runPlacement(ctx, run);
  if (!placement) return run.work_queue_name ?? null;
  return placement.then((p) => p?.work_queue_name ?? run.work_queue_name ?? null);
}

/** The response's work_pool_id: the linked queue's pool. */
export function runPoolId(ctx: Context, run: PlacedRun): string | null | Promise<string | null> {
  return runPlacement(ctx, run)?.then((p) => p?.work_pool_id ?? null) ?? null;
}

/** The response's work_pool_name: the linked queue's pool. */
export function runPoolName(ctx: Context, run: PlacedRun): string | null | Promise<string | null> {
  return runPlacement(ctx, run)?.then((p) => p?.work_pool_name ?? null) ?? null;
}

// The same three in a read answered by one statement (graphql/sql-reads): the
// linked queue and its pool looked up in the statement, per run.
const linked = (value: string): Expression => ({
  sql: (column) => `SELECT ${value} FROM work_queue wq JOIN work_pool wp ON wp.id = wq.work_pool_id WHERE wq.id = ${column('work_queue_id')}`,
});
export const queueNameRead = sqlComputed({
  columns: ['work_queue_id', 'work_queue_name'],
  expressions: { linked: linked('wq.name') },
  compute: (r) => r.linked ?? r.work_queue_name ?? null,
});
export const poolIdRead = sqlComputed({ columns: ['work_queue_id'], expressions: { linked: linked('wp.id') }, compute: (r) => r.linked ?? null });
export const poolNameRead = sqlComputed({ columns: ['work_queue_id'], expressions: { linked: linked('wp.name') }, compute: (r) => r.linked ?? null });
