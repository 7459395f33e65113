// A work pool's status transitions as the workers drive them (§4.4, §4.5):
// a heartbeat makes a NOT_READY pool READY, the foreman makes a READY pool
// without ONLINE workers NOT_READY. Each transition is one conditional UPDATE
// (the database decides which of two racing callers transitions, so exactly
// one event is emitted), records the event id and time on the pool, and
// returns the `prefect.work-pool.<status>` event to publish after commit.
import type { Tx } from '../../orchestration/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';

export interface PoolForStatus {
  id: string;
  name: string;
  type: string;
  last_status_event_id: string | null;
  last_transitioned_status_at: Date | null;
}

/** Prefect links a status event to the previous one when that came less than 10 minutes ago. */
const FOLLOWS_WITHIN_MS = 10 * 60 * 1000;

const kebab = (status: string) => status.toLowerCase().replaceAll('_', '-');

/** `prefect.work-pool.ready` / `.not-ready` / `.paused` (events §4.3): no role, `follows` the recent previous one. */
export function workPoolStatusEvent(pool: PoolForStatus, status: string, eventId: string, occurred: Date): ReceivedEvent {
  const previousAt = pool.last_transitioned_status_at;
  const recent = previousAt !== null && occurred.getTime() - previousAt.getTime() < FOLLOWS_WITHIN_MS;
  return {
    occurred,
    event: `prefect.work-pool.${kebab(status)}`,
    resource: { 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.work-pool.type': pool.type },
    related: [],
    payload: {},
    id: eventId,
    follows: recent ? pool.last_status_event_id : null,
    received: occurred,
  };
}

/**
 * Moves `pool` from `from` to `to` if it still is in `from`; the event when
 * this call made the transition, else null.
 */
export async function transitionPoolStatus(tx: Tx, pool: PoolForStatus, from: string, to: string, now: Date): Promise<ReceivedEvent | null> {
  const eventId = uuid7(now.getTime());
  const { count } = await tx.workPool.updateMany({
    where: { id: pool.id, status: from },
    data: { status: to, last_status_event_id: eventId, last_transitioned_status_at: now },
  });
  return count === 1 ? workPoolStatusEvent(pool, to, eventId, now) : null;
}
