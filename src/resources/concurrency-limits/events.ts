// prefect.concurrency-limit.created / .updated / .deleted (§4.8), published
// after the write committed. Slot changes emit nothing.
import type { EventBus } from '../../events/bus.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';

export interface LimitEventSubject {
  id: string;
  name: string;
  limit: number;
  active: boolean;
  slot_decay_per_second: number;
}

export function emitLimitEvent(events: EventBus, action: 'created' | 'updated' | 'deleted', limit: LimitEventSubject): void {
  const now = new Date();
  events.publish([
    {
      occurred: now,
      event: `prefect.concurrency-limit.${action}`,
      resource: { 'prefect.resource.id': `prefect.concurrency-limit.${limit.id}`, 'prefect.resource.name': limit.name },
      related: [],
      payload: { name: limit.name, limit: limit.limit, active: limit.active, slot_decay_per_second: limit.slot_decay_per_second },
      id: uuid7(now.getTime()),
      follows: null,
      received: now,
    },
  ]);
}
