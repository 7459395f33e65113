// The worker poll, POST /work_pools/{name}/get_scheduled_flow_runs (§4.7):
// scheduled runs of the pool's (or the named) unpaused queues, by queue
// priority then next scheduled start, within the queues' and the pool's open
// slots; then the poll's bookkeeping (§1.17, §5.3): queues' last_polled,
// NOT_READY queues → READY, their deployments → READY.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { dialectOf, inRunTransaction } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { resolveLimit } from '../../pagination.ts';
import { FlowRun } from '../flow-runs/types.ts';
import { EVENT_SELECT, deploymentEvent } from '../deployments/events.ts';
import { queueStatusEvent, type PoolForEvents } from './events.ts';
import { poolNotFound, poolQueueNotFound, type QueueRow } from './placement.ts';
import { POOL_SLOT_STATES } from './types.ts';

/** Prefect's internal per-queue and per-pool caps of one poll. */
const INTERNAL_CAP = 1000;

export interface WorkerFlowRun {
  work_pool_id: string;
  work_queue_id: string;
  flow_run: Record<string, unknown>;
}

export const WorkerFlowRunResponse = builder.objectRef<WorkerFlowRun>('WorkerFlowRunResponse').implement({
  description: 'A scheduled run for a worker, with the pool and queue it came from.',
  fields: (t) => ({
    work_pool_id: t.field({ description: 'The id of the work pool the flow run was taken from.', type: 'UUID', resolve: (r) => r.work_pool_id }),
    work_queue_id: t.field({ description: 'The id of the work queue the flow run was taken from.', type: 'UUID', resolve: (r) => r.work_queue_id }),
    flow_run: t.field({ type: FlowRun, description: 'The run; its `state` is not loaded (null), state_id/state_type/state_name are.', resolve: (r) => r.flow_run as any }),
  }),
});

interface Candidate {
  id: string;
  work_queue_id: string;
}

/** Per queue at most `lim` runs, locked (PostgreSQL: skip-locked); all by priority then next start, at most `limit`. */
async function pickRuns(tx: Tx, slots: { id: string; lim: number; prio: number }[], window: { after?: Date | null; before?: Date | null }, limit: number): Promise<Candidate[]> {
  if (slots.length === 0 || limit === 0) return [];
  const values: unknown[] = [];
  const add = (value: unknown, pg: string) => {
    values.push(value);
    return dialectOf(tx) === 'postgresql' ? `$${values.length}${pg}` : '?';
  };
  if (dialectOf(tx) === 'postgresql') {
    const queues = add(JSON.stringify(slots), '::jsonb');
    const bounds = [
      window.after ? `AND f.next_scheduled_start_time >= ${add(window.after, '::timestamptz')}` : '',
      window.before ? `AND f.next_scheduled_start_time <= ${add(window.before, '::timestamptz')}` : '',
    ].join(' ');
    const sql = `SELECT fr.id::text AS id, fr.work_queue_id::text AS work_queue_id
      FROM jsonb_to_recordset(${queues}) AS q(id uuid, lim int, prio int)
      CROSS JOIN LATERAL (
        SELECT f.id, f.work_queue_id, f.next_scheduled_start_time FROM flow_run f
        WHERE f.work_queue_id = q.id AND f.state_type = 'SCHEDULED'
          AND (f.empirical_policy->>'retry_type' IS NULL OR f.empirical_policy->>'retry_type' <> 'in_process') ${bounds}
        ORDER BY f.next_scheduled_start_time ASC, f.id
        LIMIT q.lim
        FOR UPDATE OF f SKIP LOCKED
      ) fr
      ORDER BY q.prio ASC, fr.next_scheduled_start_time ASC, fr.id
      LIMIT ${add(limit, '::int')}`;
    return tx.$queryRawUnsafe<Candidate[]>(sql, ...values);
  }
  // SQLite: writers already run one at a time; a window numbers each queue's runs.
  const rows = slots.map((s) => `(${add(s.id, '')}, ${add(s.lim, '')}, ${add(s.prio, '')})`).join(', ');
  const bounds = [
    window.after ? `AND f.next_scheduled_start_time >= ${add(window.after, '')}` : '',
    window.before ? `AND f.next_scheduled_start_time <= ${add(window.before, '')}` : '',
  ].join(' ');
  const sql = `WITH q(id, lim, prio) AS (VALUES ${rows})
    SELECT id, work_queue_id FROM (
      SELECT f.id, f.work_queue_id, f.next_scheduled_start_time AS t, q.lim, q.prio,
        ROW_NUMBER() OVER (PARTITION BY f.work_queue_id ORDER BY f.next_scheduled_start_time ASC, f.id) AS rn
      FROM flow_run f JOIN q ON q.id = f.work_queue_id
      WHERE f.state_type = 'SCHEDULED'
        AND (json_extract(f.empirical_policy, '$.retry_type') IS NULL OR json_extract(f.empirical_policy, '$.retry_type') <> 'in_process') ${bounds}
    ) WHERE rn <= lim
    ORDER BY prio ASC, t ASC, id
    LIMIT ${add(limit, '')}`;
  return tx.$queryRawUnsafe<Candidate[]>(sql, ...values);
}

export interface PollArgs {
  work_queue_names?: string[] | null;
  scheduled_before?: Date | null;
  scheduled_after?: Date | null;
  limit?: number | null;
}

export async function getScheduledFlowRuns(ctx: Context, poolName: string, args: PollArgs, now = new Date()): Promise<WorkerFlowRun[]> {
  const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const events: ReceivedEvent[] = [];
  const answer = await inRunTransaction(ctx.db, async (tx) => {
    const pool = await tx.workPool.findUnique({ where: { name: poolName } });
    if (!pool) throw poolNotFound(poolName);
    const all = await tx.workQueue.findMany({ where: { work_pool_id: pool.id }, orderBy: [{ priority: 'asc' }, { id: 'asc' }] });
    let polled: QueueRow[] = all;
    if (args.work_queue_names && args.work_queue_names.length > 0) {
      const byName = new Map(all.map((q) => [q.name, q]));
      polled = [];
      for (const name of args.work_queue_names) {
        const queue = byName.get(name);
        if (!queue) throw poolQueueNotFound(poolName, name);
        if (!polled.includes(queue)) polled.push(queue);
      }
    }
    const runs = pool.is_paused ? [] : await selectRuns(tx, pool, all, polled, args, limit);
    await recordPoll(tx, pool, polled, now, events);
    return runs;
  });
  publishCommitted(ctx.events, events);
  return answer;
}

async function selectRuns(
  tx: Tx,
  pool: PoolForEvents & { id: string; concurrency_limit: number | null },
  all: QueueRow[],
  polled: QueueRow[],
  args: PollArgs,
  limit: number,
): Promise<WorkerFlowRun[]> {
  const open = polled.filter((q) => !q.is_paused);
  if (open.length === 0) return [];
  // Slot holders of the pool's unpaused queues, per queue (one grouped count).
  const unpaused = all.filter((q) => !q.is_paused).map((q) => q.id);
  const busy = await tx.flowRun.groupBy({ by: ['work_queue_id'], where: { work_queue_id: { in: unpaused }, state_type: { in: POOL_SLOT_STATES } }, _count: { _all: true } });
  const held = new Map(busy.map((g) => [g.work_queue_id!, g._count._all]));
  const poolHeld = [...held.values()].reduce((a, b) => a + b, 0);
  const poolOpen = pool.concurrency_limit === null ? INTERNAL_CAP : Math.min(INTERNAL_CAP, Math.max(0, pool.concurrency_limit - poolHeld));
  const slots = open.map((q) => ({
    id: q.id,
    lim: q.concurrency_limit === null ? INTERNAL_CAP : Math.min(INTERNAL_CAP, Math.max(0, q.concurrency_limit - (held.get(q.id) ?? 0))),
    prio: q.priority,
  }));
  const picked = await pickRuns(tx, slots, { after: args.scheduled_after, before: args.scheduled_before }, Math.min(limit, poolOpen));
  if (picked.length === 0) return [];
  const rows = await tx.flowRun.findMany({ where: { id: { in: picked.map((p) => p.id) } } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // `state: null`: the response's run has its state columns but no state object (as Prefect's).
  return picked.filter((p) => byId.has(p.id)).map((p) => ({ work_pool_id: pool.id, work_queue_id: p.work_queue_id, flow_run: { ...byId.get(p.id)!, state: null } }));
}

/**
 * The poll's bookkeeping, in the poll's transaction (deterministic for
 * clients, where Prefect defers it to a background task): last_polled = now
 * for every queue considered; NOT_READY ones become READY (event); the
 * deployments of those queues become READY with last_polled = now (their
 * `updated` is not touched).
 */
export async function recordPoll(tx: Tx, pool: PoolForEvents | null, queues: QueueRow[], now: Date, events: ReceivedEvent[]): Promise<void> {
  if (queues.length === 0) return;
  const ids = queues.map((q) => q.id);
  const readyIds = queues.filter((q) => q.status === 'NOT_READY').map((q) => q.id);
  await tx.workQueue.updateMany({ where: { id: { in: ids }, status: { not: 'NOT_READY' } }, data: { last_polled: now } });
  if (readyIds.length > 0) {
    // Conditional: a concurrent poll that already made one READY does not emit twice.
    for (const queue of queues.filter((q) => readyIds.includes(q.id))) {
      const { count } = await tx.workQueue.updateMany({ where: { id: queue.id, status: 'NOT_READY' }, data: { last_polled: now, status: 'READY' } });
      if (count > 0) events.push(queueStatusEvent({ ...queue, status: 'READY' }, pool, now));
      else await tx.workQueue.updateMany({ where: { id: queue.id }, data: { last_polled: now } });
    }
  }
  // The deployments that turn READY here (one conditional UPDATE decides, so a concurrent poll does not emit twice), then the rest.
  const turned = await tx.deployment.updateManyAndReturn({
    where: { work_queue_id: { in: ids }, status: { not: 'READY' } },
    data: { status: 'READY', last_polled: now },
    select: { id: true },
  });
  await tx.deployment.updateMany({ where: { work_queue_id: { in: ids }, id: { notIn: turned.map((d) => d.id) } }, data: { last_polled: now } });
  if (turned.length > 0) {
    const deployments = await tx.deployment.findMany({ where: { id: { in: turned.map((d) => d.id) } }, select: EVENT_SELECT });
    for (const deployment of deployments) events.push(deploymentEvent('ready', deployment, {}, now));
  }
}
