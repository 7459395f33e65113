// Publishing server-emitted events: only after the transaction that produced
// them has committed (callers await it first), stamped `received` = now.
import type { EventBus } from '../bus.ts';
import type { ReceivedEvent } from '../types.ts';

export function publishCommitted(bus: EventBus, events: readonly ReceivedEvent[] | undefined): void {
  if (!events || events.length === 0) return;
  const received = new Date();
  bus.publish(events.map((event) => ({ ...event, received })));
}
