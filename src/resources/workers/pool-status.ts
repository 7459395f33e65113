// A work pool's status transitions as the workers drive them (§4.4, §4.5):
// a heartbeat makes a NOT_READY pool READY, the foreman makes a READY pool
// without ONLINE workers NOT_READY. Each transition is one conditional UPDATE
// (the database decides which of two racing callers transitions, so exactly
// one event is emitted), records the event id and time on the pool, and
// returns the `prefect.work-pool.<status>` event to publish after commit.
import type { Prisma } from '../../generated/sqlite/client.ts';
import type { Tx } from '../../orchestration/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { poolStatusEvent, type PoolForEvents } from '../work-pools/events.ts';

/**
 * Moves `pool` (as read before) to status `to` if it still meets `rule`
 * (a where on the pool, its current status at least); the event when this
 * call made the transition, else null.
 */
export async function transitionPoolStatus(tx: Tx, pool: PoolForEvents, rule: Prisma.WorkPoolWhereInput, to: string, now: Date): Promise<ReceivedEvent | null> {
  const eventId = uuid7(now.getTime());
  const { count } = await tx.workPool.updateMany({
    where: { ...rule, id: pool.id },
    data: { status: to, last_status_event_id: eventId, last_transitioned_status_at: now },
  });
  return count === 1 ? poolStatusEvent({ ...pool, status: to }, eventId, now, pool) : null;
}
