// Pool queues, /work_pools/{pool}/queues (§4.3): create, read, filter, update
// and delete by name within a pool.
import { httpError } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { and, own, toWhere } from '../../filters/related.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { resolveLimit } from '../../pagination.ts';
import { queueLifecycleEvent } from './events.ts';
import { WorkQueueFilter } from './filters.ts';
import { createQueue, lockPool, poolNotFound, poolQueueNotFound, type QueueInput, type QueueRow } from './placement.ts';
import { applyQueueUpdate, checkQueueUpdate, type QueueUpdate } from './queue-update.ts';
import { checkPriority, throwIfAny } from './validation.ts';
import type { ValidationItem } from '../../errors.ts';

async function poolIdOf(client: Tx | Context['db'], name: string): Promise<string> {
  const pool = await client.workPool.findUnique({ where: { name }, select: { id: true } });
  if (!pool) throw poolNotFound(name);
  return pool.id;
}

export function checkQueueCreate(input: QueueInput): void {
  const items: ValidationItem[] = [];
  checkPriority(input.priority, ['body', 'priority'], items);
  throwIfAny(items);
}

export async function createPoolQueue(ctx: Context, poolName: string, input: QueueInput): Promise<QueueRow> {
  checkQueueCreate(input);
  const events: ReceivedEvent[] = [];
  const queue = await inRunTransaction(ctx.db, async (tx) => {
    const poolId = await poolIdOf(tx, poolName);
    // Prefect forgot the f-string: the braces are in its message.
    return createQueue(tx, poolId, input, { events, conflict: 'A work queue with this name already exists in work pool {work_pool_name!r}.' });
  });
  publishCommitted(ctx.events, events);
  return queue;
}

export async function readPoolQueue(ctx: Context, poolName: string, name: string, query: object = {}): Promise<QueueRow> {
  const queue = await ctx.db.workQueue.findFirst({ ...query, where: { name, work_pool: { name: poolName } } });
  if (!queue) throw poolQueueNotFound(poolName, name);
  return queue;
}

export async function readPoolQueues(
  ctx: Context,
  poolName: string,
  args: { work_queues?: Record<string, unknown> | null; limit?: number | null; offset?: number | null },
  query: object = {},
) {
  const take = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const poolId = await poolIdOf(ctx.db, poolName);
  return ctx.db.workQueue.findMany({
    ...query,
    where: toWhere(and([{ work_pool_id: poolId }, own(WorkQueueFilter, args.work_queues, ctx)])),
    orderBy: [{ priority: 'asc' }, { id: 'asc' }],
    take,
    skip: args.offset ?? 0,
  });
}

/** The queue of the pool, 404s in Prefect's order: the pool, then the queue. */
async function poolQueue(tx: Tx, poolName: string, name: string): Promise<QueueRow> {
  const poolId = await poolIdOf(tx, poolName);
  const queue = await tx.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: poolId, name } } });
  if (!queue) throw poolQueueNotFound(poolName, name);
  return queue;
}

export async function updatePoolQueue(ctx: Context, poolName: string, name: string, input: QueueUpdate): Promise<boolean> {
  checkQueueUpdate(input);
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) => applyQueueUpdate(tx, await poolQueue(tx, poolName, name), input, { shift: true, events }));
  publishCommitted(ctx.events, events);
  return true;
}

/** Deletes a queue (its deployments and runs lose their queue); a pool's default queue stays (409). */
export async function deleteQueue(tx: Tx, queue: QueueRow, events: ReceivedEvent[], refuseDefault: () => Error): Promise<void> {
  await lockPool(tx, queue.work_pool_id);
  const pool = await tx.workPool.findUnique({ where: { id: queue.work_pool_id } });
  if (pool?.default_queue_id === queue.id) throw refuseDefault();
  const { count } = await tx.workQueue.deleteMany({ where: { id: queue.id } });
  if (count > 0) events.push(queueLifecycleEvent('deleted', queue, pool));
}

export async function deletePoolQueue(ctx: Context, poolName: string, name: string): Promise<boolean> {
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) =>
    deleteQueue(tx, await poolQueue(tx, poolName, name), events, () =>
      httpError(409, `Work pool queue '${poolName}/${name}' is the default queue of work pool "${poolName}" and cannot be deleted.`),
    ),
  );
  publishCommitted(ctx.events, events);
  return true;
}
