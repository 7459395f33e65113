// A queue PATCH, shared by /work_pools/{pool}/queues/{name} and
// /work_queues/{id} (§5.2, §5.3): only the keys given are written; pausing and
// unpausing move the status; a priority shifts the pool's other queues (pool
// routes only, §4.6); changed fields and status moves emit events.
import { INTEGRITY_CONFLICT, type ValidationItem } from '../../errors.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { Tx } from '../../orchestration/types.ts';
import { queueStatusEvent, queueUpdatedEvent, type Changes } from './events.ts';
import { lockPool, setQueuePriority, type QueueRow } from './placement.ts';
import { checkPriority, throwIfAny } from './validation.ts';

/** A queue polled within this long is READY when unpaused (Prefect's WORK_QUEUE_LAST_POLLED_TIMEOUT). */
export const LAST_POLLED_TIMEOUT_MS = 60_000;

export interface QueueUpdate {
  name?: string | null;
  description?: string | null;
  is_paused?: boolean | null;
  concurrency_limit?: number | null;
  priority?: number | null;
  last_polled?: Date | null;
  filter?: { tags?: string[] | null; deployment_ids?: string[] | null } | null;
}

/** Input checks both doors share (before any lookup, as Prefect's body validation). */
export function checkQueueUpdate(input: QueueUpdate): void {
  const items: ValidationItem[] = [];
  if (input.is_paused === null) items.push({ type: 'bool_type', loc: ['body', 'is_paused'], msg: 'Input should be a valid boolean', input: null });
  checkPriority(input.priority, ['body', 'priority'], items);
  throwIfAny(items);
}

const EVENT_FIELDS = ['name', 'description', 'concurrency_limit', 'priority'] as const;

/**
 * Applies the update to `queue` (read by the caller in this transaction);
 * `shift`: a priority moves the pool's other queues out of the way.
 */
export async function applyQueueUpdate(tx: Tx, queue: QueueRow, input: QueueUpdate, options: { shift: boolean; now?: Date; events: ReceivedEvent[] }): Promise<void> {
  // NOT NULL columns: Prefect's UPDATE fails on the constraint (its 409).
  if (input.name === null || input.priority === null) throw INTEGRITY_CONFLICT;
  const now = options.now ?? new Date();
  await lockPool(tx, queue.work_pool_id);
  const before = (await tx.workQueue.findUnique({ where: { id: queue.id } })) ?? queue;
  if (input.name !== undefined && input.name !== before.name) {
    // The unique (pool, name) index would refuse it; decided here, under the pool's lock.
    const taken = await tx.workQueue.findUnique({ where: { work_pool_id_name: { work_pool_id: before.work_pool_id, name: input.name! } }, select: { id: true } });
    if (taken) throw INTEGRITY_CONFLICT;
  }
  const data: Prisma.WorkQueueUpdateInput = { updated: now };
  if (input.name !== undefined) data.name = input.name!;
  if (input.description !== undefined) data.description = input.description;
  if (input.is_paused !== undefined) data.is_paused = input.is_paused!;
  if (input.concurrency_limit !== undefined) data.concurrency_limit = input.concurrency_limit;
  if (input.last_polled !== undefined) data.last_polled = input.last_polled;
  if (input.filter !== undefined) data.filter = input.filter === null ? Prisma.DbNull : (input.filter as Prisma.InputJsonObject);
  if (input.priority !== undefined && !options.shift) data.priority = input.priority!;
  let status: string | undefined;
  if (input.is_paused === true && before.status !== 'PAUSED') status = 'PAUSED';
  if (input.is_paused === false && before.status === 'PAUSED') {
    const lastPolled = input.last_polled !== undefined ? input.last_polled : before.last_polled;
    status = lastPolled && now.getTime() - lastPolled.getTime() <= LAST_POLLED_TIMEOUT_MS ? 'READY' : 'NOT_READY';
  }
  if (status) data.status = status;
  await tx.workQueue.update({ where: { id: before.id }, data });
  if (input.priority !== undefined && options.shift) await setQueuePriority(tx, before.work_pool_id, before.id, input.priority!);
  const after = (await tx.workQueue.findUnique({ where: { id: before.id } }))!;
  const pool = await tx.workPool.findUnique({ where: { id: after.work_pool_id } });
  const changes: Changes = {};
  for (const field of EVENT_FIELDS) {
    if (input[field] === undefined) continue;
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  if (Object.keys(changes).length > 0) options.events.push(queueUpdatedEvent(after, pool, changes, now));
  if (status) options.events.push(queueStatusEvent({ ...after, status }, pool, now));
}
