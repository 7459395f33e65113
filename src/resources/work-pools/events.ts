// Server events of pools and queues (events §4.3; Prefect's models/events.py):
// prefect.work-pool.created / .updated / .deleted / .ready / .not-ready / .paused
// and prefect.work-queue.created / .updated / .deleted / .ready / .not-ready /
// .paused. Built inside the write, published by the caller after commit
// (publishCommitted).
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent, RelatedResource } from '../../events/types.ts';

export interface PoolForEvents {
  id: string;
  name: string;
  type: string;
  default_queue_id?: string | null;
  storage_configuration?: unknown;
  status?: string | null;
  last_status_event_id?: string | null;
  last_transitioned_status_at?: Date | null;
}

export interface QueueForEvents {
  id: string;
  name: string;
  status?: string;
}

const kebab = (status: string) => status.toLowerCase().replaceAll('_', '-');

function event(name: string, resource: Record<string, string>, related: RelatedResource[], occurred: Date, extra: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return { occurred, event: name, resource, related, payload: {}, id: uuid7(occurred.getTime()), follows: null, received: occurred, ...extra };
}

const poolResource = (pool: PoolForEvents): Record<string, string> => ({
  'prefect.resource.id': `prefect.work-pool.${pool.id}`,
  'prefect.resource.name': pool.name,
  'prefect.work-pool.type': pool.type,
  'prefect.resource.role': 'work-pool',
});

/** A queue event's related resources: its pool (with type). */
const queueRelated = (pool: PoolForEvents | null): RelatedResource[] => (pool ? [poolResource(pool)] : []);

const queueResource = (queue: QueueForEvents) => ({
  'prefect.resource.id': `prefect.work-queue.${queue.id}`,
  'prefect.resource.name': queue.name,
  'prefect.resource.role': 'work-queue',
});

function poolRelated(pool: PoolForEvents): RelatedResource[] {
  const related: RelatedResource[] = [];
  if (pool.default_queue_id) related.push({ 'prefect.resource.id': `prefect.work-queue.${pool.default_queue_id}`, 'prefect.resource.role': 'default-queue' });
  const block = (pool.storage_configuration as { default_result_storage_block_id?: unknown } | null | undefined)?.default_result_storage_block_id;
  if (typeof block === 'string' && block) related.push({ 'prefect.resource.id': `prefect.block-document.${block}`, 'prefect.resource.role': 'result-storage' });
  return related;
}

export function poolLifecycleEvent(action: 'created' | 'deleted', pool: PoolForEvents, occurred = new Date()): ReceivedEvent {
  return event(`prefect.work-pool.${action}`, poolResource(pool), poolRelated(pool), occurred);
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

export function poolUpdatedEvent(pool: PoolForEvents, changes: Changes, occurred = new Date()): ReceivedEvent {
  return event('prefect.work-pool.updated', poolResource(pool), [], occurred, { payload: { updated_fields: Object.keys(changes), updates: changes } });
}

/**
 * prefect.work-pool.<status>: its id is the one stored as the pool's
 * last_status_event_id; it follows the previous status event when that was
 * less than 10 minutes ago.
 */
export function poolStatusEvent(pool: PoolForEvents & { status: string }, id: string, occurred: Date, previous: PoolForEvents | null): ReceivedEvent {
  const recent = previous?.last_transitioned_status_at && occurred.getTime() - previous.last_transitioned_status_at.getTime() < 10 * 60_000;
  const { 'prefect.resource.role': _role, ...resource } = poolResource(pool);
  return { ...event(`prefect.work-pool.${kebab(pool.status)}`, resource, [], occurred), id, follows: recent ? (previous!.last_status_event_id ?? null) : null };
}

export function queueLifecycleEvent(action: 'created' | 'deleted', queue: QueueForEvents, pool: PoolForEvents | null, occurred = new Date()): ReceivedEvent {
  return event(`prefect.work-queue.${action}`, queueResource(queue), queueRelated(pool), occurred);
}

export function queueUpdatedEvent(queue: QueueForEvents, pool: PoolForEvents | null, changes: Changes, occurred = new Date()): ReceivedEvent {
  return event('prefect.work-queue.updated', queueResource(queue), queueRelated(pool), occurred, { payload: { updated_fields: Object.keys(changes), updates: changes } });
}

export function queueStatusEvent(queue: QueueForEvents & { status: string }, pool: PoolForEvents | null, occurred = new Date()): ReceivedEvent {
  return event(`prefect.work-queue.${kebab(queue.status)}`, queueResource(queue), queueRelated(pool), occurred);
}
