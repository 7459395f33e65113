// The legacy /work_queues routes (deployments-and-work-pools §5): queues by id
// in any pool, or by name in `default-agent-pool`; runs of a queue matched by
// queue name (or by a deprecated tag filter); the queue's health.
import { ApiError, INTEGRITY_CONFLICT, httpError } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { own, toWhere } from '../../filters/related.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { resolveLimit } from '../../pagination.ts';
import { WorkQueueFilter } from '../work-pools/filters.ts';
import { recordPoll } from '../work-pools/poll.ts';
import { DEFAULT_AGENT_POOL_NAME, DEFAULT_QUEUE_NAME, createQueue, ensureDefaultAgentPool, type QueueInput, type QueueRow } from '../work-pools/placement.ts';
import { applyQueueUpdate, checkQueueUpdate, LAST_POLLED_TIMEOUT_MS, type QueueUpdate } from '../work-pools/queue-update.ts';
import { checkQueueCreate, deleteQueue } from '../work-pools/queues.ts';
import { LEGACY_SLOT_STATES } from '../work-pools/types.ts';

const NOT_FOUND = 'work queue not found';

type LegacyFilter = { tags?: string[] | null; deployment_ids?: string[] | null };

/** A row as the legacy routes answer it: CANCELLING runs hold slots too; tag-filter queues count their matching runs. */
async function asLegacy(ctx: Context, queues: QueueRow[]) {
  return Promise.all(
    queues.map(async (queue) => {
      if (queue.filter === null || queue.filter === undefined || queue.concurrency_limit === null) return { ...queue, slot_states: LEGACY_SLOT_STATES };
      const active_slots = await ctx.db.flowRun.count({ where: legacyFilterWhere(queue.filter as LegacyFilter, ['PENDING', 'RUNNING']) });
      return { ...queue, slot_states: LEGACY_SLOT_STATES, active_slots };
    }),
  );
}

/** Runs a deprecated tag-based queue takes: from a deployment, with all the filter's tags, of the filter's deployments. */
function legacyFilterWhere(filter: LegacyFilter, states: string[]) {
  return {
    deployment_id: filter.deployment_ids ? { in: filter.deployment_ids, not: null } : { not: null },
    state_type: { in: states },
    ...(filter.tags && filter.tags.length > 0 ? { AND: filter.tags.map((tag) => ({ tag_rows: { some: { tag } } })) } : {}),
  };
}

export async function createLegacyQueue(ctx: Context, input: QueueInput) {
  checkQueueCreate(input);
  const events: ReceivedEvent[] = [];
  const queue = await inRunTransaction(ctx.db, async (tx) => {
    const existing = await tx.workPool.findUnique({ where: { name: DEFAULT_AGENT_POOL_NAME }, select: { id: true } });
    const pool = existing ?? (await ensureDefaultAgentPool(tx, { events }));
    // Prefect: creating `default` while creating the pool answers the pool's default queue.
    if (!existing && input.name === DEFAULT_QUEUE_NAME) {
      const created = await tx.workPool.findUniqueOrThrow({ where: { id: pool.id } });
      if (created.default_queue_id) return tx.workQueue.findUniqueOrThrow({ where: { id: created.default_queue_id } });
    }
    return createQueue(tx, pool.id, input, { events });
  });
  publishCommitted(ctx.events, events);
  return (await asLegacy(ctx, [queue]))[0];
}

export async function readLegacyQueue(ctx: Context, id: string) {
  const queue = await ctx.db.workQueue.findUnique({ where: { id } });
  if (!queue) throw httpError(404, NOT_FOUND);
  return (await asLegacy(ctx, [queue]))[0];
}

/** In `default-agent-pool`; while that pool does not exist, the first queue of that name anywhere. */
export async function readLegacyQueueByName(ctx: Context, name: string) {
  const pool = await ctx.db.workPool.findUnique({ where: { name: DEFAULT_AGENT_POOL_NAME }, select: { id: true } });
  const queue = pool
    ? await ctx.db.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: pool.id, name } } })
    : await ctx.db.workQueue.findFirst({ where: { name }, orderBy: [{ created: 'asc' }, { id: 'asc' }] });
  if (!queue) throw httpError(404, NOT_FOUND);
  return (await asLegacy(ctx, [queue]))[0];
}

export async function readLegacyQueues(ctx: Context, args: { work_queues?: Record<string, unknown> | null; limit?: number | null; offset?: number | null }) {
  const queues = await ctx.db.workQueue.findMany({
    where: toWhere(own(WorkQueueFilter, args.work_queues, ctx)),
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
    skip: args.offset ?? 0,
  });
  return asLegacy(ctx, queues);
}

/** Writes the keys given; a priority is written as is (no shifting, as Prefect's legacy route). */
export async function updateLegacyQueue(ctx: Context, id: string, input: QueueUpdate): Promise<boolean> {
  checkQueueUpdate(input);
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) => {
    const queue = await tx.workQueue.findUnique({ where: { id } });
    if (!queue) throw httpError(404, `Work Queue ${id} not found`);
    await applyQueueUpdate(tx, queue, input, { shift: false, events });
  });
  publishCommitted(ctx.events, events);
  return true;
}

export async function deleteLegacyQueue(ctx: Context, id: string): Promise<boolean> {
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) => {
    const queue = await tx.workQueue.findUnique({ where: { id } });
    if (!queue) throw httpError(404, NOT_FOUND);
    // Prefect: the pool's foreign key to its default queue refuses the delete.
    await deleteQueue(tx, queue, events, () => INTEGRITY_CONFLICT);
  });
  publishCommitted(ctx.events, events);
  return true;
}

/** Object-not-found raised deep in Prefect's models: `{"exception_message": ...}`. */
const modelNotFound = (message: string) => new ApiError(404, { exception_message: message }, message);

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'on', '1']);

async function queueRuns(tx: Tx, queue: QueueRow, args: { limit: number; scheduled_before?: Date | null }) {
  if (queue.is_paused) return [];
  const before = args.scheduled_before ? { lte: args.scheduled_before } : undefined;
  if (queue.filter === null || queue.filter === undefined) {
    let take = args.limit;
    if (queue.concurrency_limit !== null) {
      const busy = await tx.flowRun.count({ where: { work_queue_name: queue.name, state_type: { in: LEGACY_SLOT_STATES } } });
      take = Math.min(take, Math.max(0, queue.concurrency_limit - busy));
    }
    if (take === 0) return [];
    return tx.flowRun.findMany({
      where: { work_queue_name: queue.name, state_type: 'SCHEDULED', ...(before ? { next_scheduled_start_time: before } : {}) },
      orderBy: [{ next_scheduled_start_time: 'asc' }, { id: 'asc' }],
      take,
    });
  }
  const filter = queue.filter as LegacyFilter;
  let take = args.limit;
  if (queue.concurrency_limit !== null) {
    const busy = await tx.flowRun.count({ where: legacyFilterWhere(filter, ['PENDING', 'RUNNING']) });
    take = Math.min(take, Math.max(0, queue.concurrency_limit - busy));
  }
  if (take === 0) return [];
  return tx.flowRun.findMany({
    where: { ...legacyFilterWhere(filter, ['SCHEDULED']), ...(before ? { next_scheduled_start_time: before } : {}) },
    orderBy: [{ next_scheduled_start_time: 'asc' }, { id: 'asc' }],
    take,
  });
}

/**
 * The runs a queue hands out (§5.4); unless the request says it comes from the
 * UI (`X-Prefect-UI: true`) it also counts as a poll: last_polled, NOT_READY →
 * READY, the queue's deployments READY.
 */
export async function readLegacyQueueRuns(ctx: Context, id: string, args: { limit?: number | null; scheduled_before?: Date | null }, now = new Date()) {
  const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const fromUi = TRUE_WORDS.has((ctx.header('x-prefect-ui') ?? '').trim().toLowerCase());
  const events: ReceivedEvent[] = [];
  const runs = await inRunTransaction(ctx.db, async (tx) => {
    const queue = await tx.workQueue.findUnique({ where: { id } });
    if (!queue) throw modelNotFound(`Work queue with id ${id} not found.`);
    const found = await queueRuns(tx, queue, { limit, scheduled_before: args.scheduled_before });
    if (!fromUi) await recordPoll(tx, await tx.workPool.findUnique({ where: { id: queue.work_pool_id } }), [queue], now, events);
    return found;
  });
  publishCommitted(ctx.events, events);
  return runs;
}

export interface QueueHealth {
  healthy: boolean;
  late_runs_count: number;
  last_polled: Date | null;
  health_check_policy: { maximum_late_runs: number; maximum_seconds_since_last_polled: number };
}

/** Healthy: no Late runs in the queue and polled within the last 60 seconds. */
export async function readLegacyQueueStatus(ctx: Context, id: string, now = new Date()): Promise<QueueHealth> {
  const queue = await ctx.db.workQueue.findUnique({ where: { id } });
  if (!queue) throw modelNotFound(`Work queue with id ${id} not found`);
  const late = await ctx.db.flowRun.count({ where: { work_queue_id: queue.id, state_name: 'Late' } });
  const recent = queue.last_polled !== null && now.getTime() - queue.last_polled.getTime() <= LAST_POLLED_TIMEOUT_MS;
  return {
    healthy: late <= 0 && recent,
    late_runs_count: late,
    last_polled: queue.last_polled,
    health_check_policy: { maximum_late_runs: 0, maximum_seconds_since_last_polled: LAST_POLLED_TIMEOUT_MS / 1000 },
  };
}
