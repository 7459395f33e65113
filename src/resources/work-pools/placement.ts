// Where queues go: creating a pool with its default queue, creating a queue with
// Prefect's priority rules (§4.6), and the queue a deployment (or run) names
// (§1.4 step 3). Every function runs inside the caller's transaction; queue
// priorities of a pool change only under the pool row's lock, so concurrent
// creates cannot leave two queues with one priority.
import { httpError } from '../../errors.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { poolLifecycleEvent, poolStatusEvent, queueLifecycleEvent, type PoolForEvents } from './events.ts';
import { AGENT_POOL_TYPE } from './types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';

export const DEFAULT_AGENT_POOL_NAME = 'default-agent-pool';
export const DEFAULT_QUEUE_NAME = 'default';
export const DEFAULT_QUEUE_DESCRIPTION = "The work pool's default queue.";

export const poolNotFound = (name: string) => httpError(404, `Work pool "${name}" not found.`);
export const poolQueueNotFound = (pool: string, queue: string) => httpError(404, `Work pool queue '${pool}/${queue}' not found.`);

export type PoolRow = Prisma.WorkPoolGetPayload<object>;
export type QueueRow = Prisma.WorkQueueGetPayload<object>;

/**
 * Serialises writers of one pool's queues until the transaction ends:
 * PostgreSQL locks the pool row (SELECT … FOR UPDATE); on SQLite a write takes
 * the database's write lock at once (transactions also queue in-process, see
 * orchestration/transaction.ts).
 */
export async function lockPool(tx: Tx, poolId: string): Promise<void> {
  if (dialectOf(tx) === 'postgresql') await tx.$queryRawUnsafe('SELECT id FROM work_pool WHERE id = $1::uuid FOR UPDATE', poolId);
  else await tx.$executeRawUnsafe('UPDATE work_pool SET is_paused = is_paused WHERE id = ?', poolId);
}

/** PostgreSQL: a transaction-scoped lock on a key (a pool name not yet inserted); SQLite already runs writers one at a time. */
async function lockKey(tx: Tx, key: string): Promise<void> {
  if (dialectOf(tx) === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/** The first priority not taken counting from 1 (a gap), else max + 1 (Prefect's rule for a queue created without one). */
export function firstFreePriority(priorities: readonly number[]): number {
  const sorted = [...priorities].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) if (sorted[i] !== i + 1) return i + 1;
  return (sorted.at(-1) ?? 0) + 1;
}

/**
 * Prefect's bulk_update_work_queue_priorities for one queue: `target` takes
 * `priority`, placed before the first other queue at or above it; walking the
 * list in order, a queue whose priority is not above the previous one's takes
 * previous + 1. Answers only the queues whose priority changes (target included).
 */
export function shiftedPriorities(queues: readonly { id: string; priority: number }[], targetId: string, priority: number): Map<string, number> {
  const others = queues
    .filter((q) => q.id !== targetId)
    .sort((a, b) => a.priority - b.priority)
    .map((q) => ({ ...q }));
  const target = { id: targetId, priority };
  const at = others.findIndex((q) => q.priority >= priority);
  if (at >= 0) others.splice(at, 0, target);
  const changes = new Map<string, number>();
  const before = new Map(queues.map((q) => [q.id, q.priority]));
  if (before.get(targetId) !== priority) changes.set(targetId, priority);
  let last = 0;
  for (const queue of others) {
    if (queue.priority <= last) {
      last += 1;
      queue.priority = last;
    } else last = queue.priority;
    if (before.get(queue.id) !== queue.priority) changes.set(queue.id, queue.priority);
  }
  return changes;
}

/** Gives `queueId` the priority, shifting the pool's other queues (§4.6). Call with the pool locked. */
export async function setQueuePriority(tx: Tx, poolId: string, queueId: string, priority: number): Promise<void> {
  const queues = await tx.workQueue.findMany({ where: { work_pool_id: poolId }, select: { id: true, priority: true } });
  // The highest first, so a shifted queue never passes through a value another still holds.
  const changes = [...shiftedPriorities(queues, queueId, priority)].sort((a, b) => b[1] - a[1]);
  for (const [id, value] of changes) await tx.workQueue.update({ where: { id }, data: { priority: value } });
}

export interface QueueInput {
  name: string;
  description?: string | null;
  is_paused?: boolean | null;
  concurrency_limit?: number | null;
  /** > 0; absent or null: the first free priority. */
  priority?: number | null;
  filter?: { tags?: string[] | null; deployment_ids?: string[] | null } | null;
}

export interface PlacementOptions {
  /** Events of what was written, to publish after commit. */
  events?: ReceivedEvent[];
  /** The 409 detail when the pool already has a queue of that name. */
  conflict?: string;
}

const QUEUE_EXISTS = 'A work queue with this name already exists.';

/**
 * Creates a queue in the pool (status NOT_READY whatever is_paused says) with
 * Prefect's priority rules, under the pool's lock: a name taken in the pool is
 * a 409 decided inside the lock, so it never reaches the unique index.
 */
export async function createQueue(tx: Tx, poolId: string, input: QueueInput, options: PlacementOptions = {}): Promise<QueueRow> {
  await lockPool(tx, poolId);
  const pool = await tx.workPool.findUnique({ where: { id: poolId } });
  if (!pool) throw httpError(404, 'Work pool not found.');
  const taken = await tx.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: poolId, name: input.name } }, select: { id: true } });
  if (taken) throw httpError(409, options.conflict ?? QUEUE_EXISTS);
  const existing = await tx.workQueue.findMany({ where: { work_pool_id: poolId }, select: { priority: true } });
  const wanted = input.priority ?? null;
  const created = await tx.workQueue.create({
    data: {
      name: input.name,
      description: input.description === undefined ? '' : input.description,
      is_paused: input.is_paused ?? false,
      concurrency_limit: input.concurrency_limit ?? null,
      // A wanted priority is first stored out of the way, then placed with the shifting rule.
      priority: wanted ? Math.max(0, ...existing.map((q) => q.priority)) + 1 : firstFreePriority(existing.map((q) => q.priority)),
      filter: input.filter == null ? Prisma.DbNull : (input.filter as Prisma.InputJsonObject),
      status: 'NOT_READY',
      work_pool_id: poolId,
    },
  });
  if (wanted) await setQueuePriority(tx, poolId, created.id, wanted);
  const queue = wanted ? await tx.workQueue.findUniqueOrThrow({ where: { id: created.id } }) : created;
  options.events?.push(queueLifecycleEvent('created', queue, pool));
  return queue;
}

export interface PoolInput {
  name: string;
  description?: string | null;
  type?: string | null;
  base_job_template?: Record<string, unknown> | null;
  is_paused?: boolean | null;
  concurrency_limit?: number | null;
  storage_configuration?: Record<string, unknown> | null;
}

export const POOL_EXISTS = 'A work pool with this name already exists.';

/**
 * Inserts a pool, then its `default` queue (priority 1), then points the pool
 * at it: the two rows reference each other, so the pool goes first with no
 * default queue. Status: PAUSED when created paused, else NOT_READY (stored
 * for every type; responses hide it for prefect-agent pools).
 */
export async function insertPool(tx: Tx, input: PoolInput, options: PlacementOptions = {}): Promise<PoolRow> {
  await lockKey(tx, `work_pool:${input.name}`);
  if (await tx.workPool.findUnique({ where: { name: input.name }, select: { id: true } })) throw httpError(409, options.conflict ?? POOL_EXISTS);
  const now = new Date();
  const type = input.type ?? AGENT_POOL_TYPE;
  const status = input.is_paused ? 'PAUSED' : 'NOT_READY';
  const statusEventId = uuid7(now.getTime());
  const pool = await tx.workPool.create({
    data: {
      name: input.name,
      description: input.description ?? null,
      type,
      base_job_template: (input.base_job_template ?? {}) as Prisma.InputJsonObject,
      is_paused: input.is_paused ?? false,
      concurrency_limit: input.concurrency_limit ?? null,
      status,
      last_status_event_id: statusEventId,
      last_transitioned_status_at: now,
      storage_configuration: (input.storage_configuration ?? {}) as Prisma.InputJsonObject,
    },
  });
  const events: ReceivedEvent[] = [];
  const queue = await createQueue(tx, pool.id, { name: DEFAULT_QUEUE_NAME, description: DEFAULT_QUEUE_DESCRIPTION }, { events });
  const linked = await tx.workPool.update({ where: { id: pool.id }, data: { default_queue_id: queue.id, updated: pool.updated } });
  events.push(poolLifecycleEvent('created', linked as PoolForEvents));
  events.push(poolStatusEvent({ ...linked, status }, statusEventId, now, null));
  options.events?.push(...events);
  return linked;
}

/** The pool `default-agent-pool` (type prefect-agent), created with its default queue when missing. */
export async function ensureDefaultAgentPool(tx: Tx, options: PlacementOptions = {}): Promise<PoolRow> {
  const found = await tx.workPool.findUnique({ where: { name: DEFAULT_AGENT_POOL_NAME } });
  if (found) return found;
  await lockKey(tx, `work_pool:${DEFAULT_AGENT_POOL_NAME}`);
  // A concurrent creator may have committed while this one waited for the lock.
  return (await tx.workPool.findUnique({ where: { name: DEFAULT_AGENT_POOL_NAME } })) ?? insertPool(tx, { name: DEFAULT_AGENT_POOL_NAME, type: AGENT_POOL_TYPE }, options);
}

/** The pool's queue of that name, created (first free priority, or the given one) when missing. */
export async function ensureQueue(tx: Tx, poolId: string, name: string, priority: number | null, options: PlacementOptions = {}): Promise<QueueRow> {
  const found = await tx.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: poolId, name } } });
  if (found) return found;
  await lockPool(tx, poolId);
  // Another writer may have created it while this one waited for the pool's lock.
  return (await tx.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: poolId, name } } })) ?? createQueue(tx, poolId, { name, priority }, options);
}

/**
 * Prefect's ensure_work_queue_exists: a queue named only (no pool) is looked
 * up in `default-agent-pool` (in any pool while that pool does not exist),
 * and created there with priority 1 when missing (the pool too).
 */
export async function ensureAgentQueue(tx: Tx, name: string, options: PlacementOptions = {}): Promise<QueueRow> {
  const agentPool = await tx.workPool.findUnique({ where: { name: DEFAULT_AGENT_POOL_NAME } });
  if (!agentPool) {
    const anywhere = await tx.workQueue.findFirst({ where: { name }, orderBy: { created: 'asc' } });
    if (anywhere) return anywhere;
  }
  const pool = agentPool ?? (await ensureDefaultAgentPool(tx, options));
  if (name === DEFAULT_QUEUE_NAME && pool.default_queue_id) {
    const queue = await tx.workQueue.findUnique({ where: { id: pool.default_queue_id } });
    if (queue) return queue;
  }
  return ensureQueue(tx, pool.id, name, 1, options);
}

/**
 * The work_queue_id a deployment stores for the names it was given (§1.4 step 3):
 * pool and queue → that queue of the pool (created when missing); pool only →
 * the pool's default queue; queue only → ensureAgentQueue; neither → undefined
 * (leave the stored value). A missing pool → 404 `Work pool "<name>" not found.`
 */
export async function resolveDeploymentQueue(
  tx: Tx,
  names: { work_pool_name?: string | null; work_queue_name?: string | null },
  options: PlacementOptions = {},
): Promise<string | null | undefined> {
  const { work_pool_name: poolName, work_queue_name: queueName } = names;
  if (poolName) {
    const pool = await tx.workPool.findUnique({ where: { name: poolName } });
    if (!pool) throw poolNotFound(poolName);
    if (!queueName) return pool.default_queue_id;
    return (await ensureQueue(tx, pool.id, queueName, null, options)).id;
  }
  if (queueName) return (await ensureAgentQueue(tx, queueName, options)).id;
  return undefined;
}
