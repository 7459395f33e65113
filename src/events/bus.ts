// The message bus under events (reference: events §8). One small interface so
// that a Redis-backed bus can replace the in-process one without touching its
// producers (ingest routes, server emitters) or consumers (persister,
// task-run recorder, triggers, /events/out).
import type { ReceivedEvent } from './types.ts';

/** Handles one event; a rejection makes the bus retry it (then drop it). */
export type EventHandler = (event: ReceivedEvent) => Promise<void> | void;

export interface EventBus {
  /**
   * Publishes events to every subscriber. Events whose id was published in the
   * dedupe window are dropped here (§8.3), so a client's resent events reach
   * consumers once. Returns the events actually published.
   */
  publish(events: readonly ReceivedEvent[]): ReceivedEvent[];
  /** Every subscriber sees every event published after it subscribed (§8.2). Returns an unsubscribe. */
  subscribe(consumer: string, handler: EventHandler): () => void;
  /** Resolves once every subscriber has handled everything published so far (tests, shutdown). */
  drain(): Promise<void>;
}

export interface MemoryBusOptions {
  /** Ids remembered for dedupe, and for how long (Prefect: 1000 ids, 5 minutes). */
  dedupeSize?: number;
  dedupeMs?: number;
  /** Per-subscriber queue; beyond it events are dropped with a warning (Prefect: 10 000). */
  queueSize?: number;
  /** Attempts per event before it is dropped (Prefect: 1 + 3 retries). */
  attempts?: number;
  warn?: (line: string) => void;
}

/** A time-bounded, size-bounded set of recently seen ids (insertion order = age). */
class RecentIds {
  private readonly seen = new Map<string, number>();
  constructor(private readonly size: number, private readonly ttlMs: number) {}

  /** True when the id was new (and is now remembered). */
  add(id: string, now = Date.now()): boolean {
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, now);
    for (const [oldest, t] of this.seen) {
      if (this.seen.size <= this.size && now - t < this.ttlMs) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}

interface Subscription {
  consumer: string;
  handler: EventHandler;
  queue: { event: ReceivedEvent; attempt: number }[];
  running: Promise<void> | null;
}

/** The in-process bus (Prefect's memory broker): nothing is durable, each subscriber has its own queue. */
export function createMemoryBus(options: MemoryBusOptions = {}): EventBus {
  const { dedupeSize = 1000, dedupeMs = 5 * 60_000, queueSize = 10_000, attempts = 4, warn = (line) => console.warn(line) } = options;
  const recent = new RecentIds(dedupeSize, dedupeMs);
  const subscriptions = new Set<Subscription>();

  async function run(sub: Subscription): Promise<void> {
    // One event at a time per subscriber, in publish order; a failed event is
    // retried before later ones so that a consumer sees causes before effects.
    while (sub.queue.length > 0) {
      const item = sub.queue[0];
      try {
        await sub.handler(item.event);
        sub.queue.shift();
      } catch (error) {
        item.attempt += 1;
        if (item.attempt >= attempts) {
          sub.queue.shift();
          warn(`prefect-graphql: ${sub.consumer} dropped event ${item.event.id} after ${attempts} attempts: ${(error as Error).message}`);
        }
      }
      // better-sqlite3 answers synchronously, so a run of handlers can be one
      // long chain of resolved promises: give sockets (pings) and requests a
      // turn between events.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    sub.running = null;
  }

  function wake(sub: Subscription): void {
    // Start on the next tick: the publisher's own work (its response) goes first.
    sub.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(sub));
  }

  return {
    publish(events) {
      const fresh = events.filter((event) => recent.add(event.id));
      for (const sub of subscriptions) {
        for (const event of fresh) {
          if (sub.queue.length >= queueSize) {
            warn(`prefect-graphql: ${sub.consumer} queue is full; event ${event.id} dropped`);
            continue;
          }
          sub.queue.push({ event, attempt: 0 });
        }
        if (sub.queue.length > 0) wake(sub);
      }
      return fresh;
    },
    subscribe(consumer, handler) {
      const sub: Subscription = { consumer, handler, queue: [], running: null };
      subscriptions.add(sub);
      return () => {
        subscriptions.delete(sub);
      };
    },
    async drain() {
      for (;;) {
        const running = [...subscriptions].map((sub) => sub.running).filter((p): p is Promise<void> => p !== null);
        if (running.length === 0) return;
        await Promise.all(running);
      }
    },
  };
}
