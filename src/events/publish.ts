// Publishing what clients send (POST /events, the /events/in websocket) onto
// the bus (events §1.2, §2.1): events larger than
// PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES as JSON are dropped with a warning,
// before the bus's dedupe (§8.3) sees their id.
import type { Settings } from '../settings.ts';
import type { EventBus } from './bus.ts';
import type { ReceivedEvent } from './types.ts';
import { eventJson } from './validation.ts';

export type Warn = (line: string) => void;

const defaultWarn: Warn = (line) => console.warn(line);

/** Publishes the events that fit the size bound; returns those the bus took (not seen in its dedupe window). */
export function publishEvents(bus: EventBus, settings: Settings, events: readonly ReceivedEvent[], warn: Warn = defaultWarn): ReceivedEvent[] {
  const max = settings.events.maxSizeBytes;
  const fitting = events.filter((event) => {
    const size = Buffer.byteLength(eventJson(event));
    if (size <= max) return true;
    warn(`prefect-graphql: refusing to publish event ${event.id} (${event.event.slice(0, 100)}) of size ${size} (PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES=${max})`);
    return false;
  });
  return fitting.length > 0 ? bus.publish(fitting) : [];
}
