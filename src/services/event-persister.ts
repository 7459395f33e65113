// The event persister (events §2.4): a bus consumer that queues events in
// memory and writes them to `events` and `event_resources`, when the queue
// holds PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE events or every
// _FLUSH_INTERVAL seconds, and once more on stop. A flush is one transaction;
// a failed one goes back to the queue, and after _MAX_FLUSH_RETRIES
// consecutive failures the batch is dropped. Storage dedupes by id (INSERT ...
// ON CONFLICT DO NOTHING RETURNING id, on both databases): the first stored
// copy wins, and resource rows are written only for the ids inserted.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Provider } from '../db/layout.ts';
import type { ReceivedEvent } from '../events/types.ts';
import type { Stoppable } from '../lifecycle.ts';
import type { Settings } from '../settings.ts';
import type { ServiceDeps } from './index.ts';

/** Bound values per statement: under PostgreSQL's 65,535 and the 32,766 of SQLite's bundled builds. */
const MAX_BIND_VALUES = 30_000;

const EVENT_COLUMNS = [
  'id',
  'created',
  'updated',
  'occurred',
  'event',
  'resource_id',
  'resource',
  'related_resource_ids',
  'related',
  'payload',
  'received',
  'recorded',
  'follows',
] as const;
const RESOURCE_COLUMNS = ['id', 'created', 'updated', 'occurred', 'resource_id', 'resource_role', 'resource', 'event_id'] as const;

type Kind = 'uuid' | 'time' | 'json' | 'text';
const KINDS: Record<string, Kind> = {
  id: 'uuid',
  event_id: 'uuid',
  follows: 'uuid',
  created: 'time',
  updated: 'time',
  occurred: 'time',
  received: 'time',
  recorded: 'time',
  resource: 'json',
  related: 'json',
  related_resource_ids: 'json',
  payload: 'json',
};
const PG_CASTS: Record<Kind, string> = { uuid: '::uuid', time: '::timestamptz', json: '::jsonb', text: '' };

/** A multi-row INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id in the provider's dialect, with its bound values. */
function insertStatement(provider: Provider, table: string, columns: readonly string[], rows: unknown[][]): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const slots = row.map((value, i) => {
      const kind = KINDS[columns[i]] ?? 'text';
      if (provider === 'postgresql') {
        // Strings with their cast: ISO text with Z for times (no session time zone involved), JSON text for jsonb.
        values.push(value instanceof Date ? value.toISOString() : kind === 'json' ? JSON.stringify(value) : value);
        return `$${values.length}${PG_CASTS[kind]}`;
      }
      // SQLite: a Date is bound as Prisma writes it (ISO 8601 with +00:00), JSON as its text.
      values.push(kind === 'json' ? JSON.stringify(value) : value);
      return '?';
    });
    return `(${slots.join(', ')})`;
  });
  const id = provider === 'postgresql' ? 'id::text AS id' : 'id';
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING ${id}`;
  return { sql, values };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The resource rows of one event: the primary (role "") then each related one, labels without id and role. */
function resourceRows(event: ReceivedEvent, now: Date): unknown[][] {
  const row = (labels: Record<string, string>, role: string) => {
    const { 'prefect.resource.id': id, 'prefect.resource.role': _role, ...rest } = labels;
    return [randomUUID(), now, now, event.occurred, id, role, rest, event.id];
  };
  return [row(event.resource, ''), ...event.related.map((r) => row(r, r['prefect.resource.role'] ?? ''))];
}

/**
 * Writes events and their resource rows in one transaction. Ids already
 * stored (or repeated within the batch) are skipped: the first copy wins.
 * Returns the ids inserted.
 */
export async function writeEvents(db: Db, provider: Provider, events: readonly ReceivedEvent[]): Promise<string[]> {
  const firstCopies = new Map<string, ReceivedEvent>();
  for (const event of events) if (!firstCopies.has(event.id)) firstCopies.set(event.id, event);
  if (firstCopies.size === 0) return [];
  const now = new Date();
  const eventRows = [...firstCopies.values()].map((e) => [
    e.id,
    now,
    now,
    e.occurred,
    e.event,
    e.resource['prefect.resource.id'],
    e.resource,
    e.related.map((r) => r['prefect.resource.id']),
    e.related,
    e.payload,
    e.received,
    now,
    e.follows,
  ]);
  return db.$transaction(async (tx) => {
    const inserted: string[] = [];
    for (const rows of chunks(eventRows, Math.floor(MAX_BIND_VALUES / EVENT_COLUMNS.length))) {
      const { sql, values } = insertStatement(provider, 'events', EVENT_COLUMNS, rows);
      const returned = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values);
      inserted.push(...returned.map((r) => r.id));
    }
    const resources = inserted.flatMap((id) => resourceRows(firstCopies.get(id)!, now));
    for (const rows of chunks(resources, Math.floor(MAX_BIND_VALUES / RESOURCE_COLUMNS.length))) {
      const { sql, values } = insertStatement(provider, 'event_resources', RESOURCE_COLUMNS, rows);
      await tx.$queryRawUnsafe(sql, ...values);
    }
    return inserted;
  });
}

export interface PersisterOptions {
  batchSize: number;
  /** Seconds between flushes of whatever is queued. */
  flushInterval: number;
  queueMaxSize: number;
  maxFlushRetries: number;
  warn?: (line: string) => void;
  /** The write of one batch (tests replace it to make flushes fail). */
  write: (events: readonly ReceivedEvent[]) => Promise<unknown>;
}

export interface EventPersister {
  /** The bus handler: queues the event, flushing when the queue reaches the batch size. */
  handle(event: ReceivedEvent): Promise<void>;
  /** Writes whatever is queued now. */
  flush(): Promise<void>;
  /** Stops the timer and flushes the rest. */
  stop(): Promise<void>;
  /** Events waiting to be written. */
  queued(): number;
}

export function createEventPersister(options: PersisterOptions): EventPersister {
  const { batchSize, flushInterval, queueMaxSize, maxFlushRetries, write, warn = (line) => console.warn(line) } = options;
  let queue: ReceivedEvent[] = [];
  let failures = 0;
  // One flush at a time: later callers wait for the running one, then flush what is left.
  let flushing: Promise<void> = Promise.resolve();

  async function flushNow(): Promise<void> {
    if (queue.length === 0) return;
    if (queue.length > queueMaxSize * 0.8) {
      warn(`prefect-graphql: event-persister queue at ${Math.floor((queue.length / queueMaxSize) * 100)}% capacity (${queue.length}/${queueMaxSize})`);
    }
    const batch = queue;
    queue = [];
    try {
      await write(batch);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= maxFlushRetries) {
        warn(`prefect-graphql: event-persister dropped ${batch.length} events after ${maxFlushRetries} failed flushes: ${(error as Error).message}`);
        failures = 0;
      } else {
        // Back to the front of the queue, in their order, for the next flush.
        queue = [...batch, ...queue];
      }
    }
  }

  const flush = () => (flushing = flushing.then(flushNow));

  const timer = setInterval(
    () => {
      if (queue.length > 0) void flush();
    },
    Math.min(flushInterval * 1000, 2 ** 31 - 1),
  );
  timer.unref();

  return {
    async handle(event) {
      if (queue.length >= queueMaxSize) {
        warn(`prefect-graphql: event-persister queue full (${queue.length}/${queueMaxSize}), dropping event id=${event.id}`);
        return;
      }
      queue.push(event);
      if (queue.length >= batchSize) await flush();
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    queued: () => queue.length,
  };
}

/** The service: on unless PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED is false. */
export function startEventPersister(deps: ServiceDeps): Stoppable | null {
  const settings: Settings['eventPersister'] = deps.settings.eventPersister;
  if (!settings.enabled) return null;
  const persister = createEventPersister({
    batchSize: settings.batchSize,
    flushInterval: settings.flushInterval,
    queueMaxSize: settings.queueMaxSize,
    maxFlushRetries: settings.maxFlushRetries,
    write: (events) => writeEvents(deps.db, deps.target.provider, events),
  });
  const unsubscribe = deps.events.subscribe('event-persister', (event) => persister.handle(event));
  return {
    name: 'event-persister',
    async stop() {
      unsubscribe();
      await persister.stop();
    },
  };
}
