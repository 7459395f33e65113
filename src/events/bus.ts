// The message bus under events (reference: events §8). One small interface so
// that a Redis-backed bus can replace the in-process one without touching its
// producers (ingest routes, server emitters) or consumers (persister,
// task-run recorder, triggers, /events/out).
import type { ReceivedEvent } from './types.ts';

/** Handles one message; a rejection makes the topic retry it (then drop it). */
export type Handler<T> = (message: T) => Promise<void> | void;
export type EventHandler = Handler<ReceivedEvent>;

/** A topic (§8.1): `events` is the bus below; the automations' `actions` topic is another. */
export interface Topic<T> {
  /**
   * Publishes messages to every subscriber. On a deduplicating topic (events),
   * messages whose id was published in the dedupe window are dropped here
   * (§8.3), so a client's resent events reach consumers once. Returns the
   * messages actually published.
   */
  publish(messages: readonly T[]): T[];
  /** Every subscriber sees every message published after it subscribed (§8.2). Returns an unsubscribe. */
  subscribe(consumer: string, handler: Handler<T>): () => void;
  /** Resolves once every subscriber has handled everything published so far (tests, shutdown). */
  drain(): Promise<void>;
}

export type EventBus = Topic<ReceivedEvent>;

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
  constructor(
    private readonly size: number,
    private readonly ttlMs: number,
  ) {}

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

interface Subscription<T> {
  consumer: string;
  handler: Handler<T>;
  queue: { message: T; attempt: number }[];
  running: Promise<void> | null;
}

/** The in-process bus (Prefect's memory broker) for events, deduplicated on their ids. */
export function createMemoryBus(options: MemoryBusOptions = {}): EventBus {
  const { dedupeSize = 1000, dedupeMs = 5 * 60_000 } = options;
  const recent = new RecentIds(dedupeSize, dedupeMs);
  return createMemoryTopic<ReceivedEvent>({ ...options, name: 'event', idOf: (event) => event.id, fresh: (event) => recent.add(event.id) });
}

export interface MemoryTopicOptions<T> extends MemoryBusOptions {
  /** What a message is called in warnings, and how it is named there. */
  name: string;
  idOf: (message: T) => string;
  /** False drops the message at publish (dedupe); every message is fresh by default. */
  fresh?: (message: T) => boolean;
}

/** An in-process topic: nothing is durable, each subscriber has its own queue. */
export function createMemoryTopic<T>(options: MemoryTopicOptions<T>): Topic<T> {
  const { queueSize = 10_000, attempts = 4, warn = (line) => console.warn(line), name, idOf, fresh: isFresh = () => true } = options;
  const subscriptions = new Set<Subscription<T>>();

  async function run(sub: Subscription<T>): Promise<void> {
    // One event at a time per subscriber, in publish order; a failed event is
    // retried before later ones so that a consumer sees causes before effects.
    while (sub.queue.length > 0) {
      const item = sub.queue[0];
      try {
        await sub.handler(item.message);
        sub.queue.shift();
      } catch (error) {
        item.attempt += 1;
        if (item.attempt >= attempts) {
          sub.queue.shift();
          warn(`prefect-graphql: ${sub.consumer} dropped ${name} ${idOf(item.message)} after ${attempts} attempts: ${(error as Error).message}`);
        }
      }
      // better-sqlite3 answers synchronously, so a run of handlers can be one
      // long chain of resolved promises: give sockets (pings) and requests a
      // turn between events.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    sub.running = null;
  }

  function wake(sub: Subscription<T>): void {
    // Start on the next tick: the publisher's own work (its response) goes first.
    sub.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(sub));
  }

  return {
    publish(messages) {
      const fresh = messages.filter(isFresh);
      for (const sub of subscriptions) {
        for (const message of fresh) {
          if (sub.queue.length >= queueSize) {
            warn(`prefect-graphql: ${sub.consumer} queue is full; ${name} ${idOf(message)} dropped`);
            continue;
          }
          sub.queue.push({ message, attempt: 0 });
        }
        if (sub.queue.length > 0) wake(sub);
      }
      return fresh;
    },
    subscribe(consumer, handler) {
      const sub: Subscription<T> = { consumer, handler, queue: [], running: null };
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
