// automation_bucket rows (events §6.3): one counting window per event trigger
// and bucketing key. Every write is one INSERT … ON CONFLICT … RETURNING on
// the unique (automation_id, trigger_id, bucketing_key), so two evaluators of
// the same key never lose a count or create two windows.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { execute, query } from '../../resources/concurrency-limits/sql.ts';
import { eventFromJson, eventToJson, parseJsonColumn, toDate } from './json.ts';

export interface Bucket {
  automation_id: string;
  trigger_id: string;
  bucketing_key: string[];
  last_event: ReceivedEvent | null;
  start: Date;
  end: Date;
  count: number;
  last_operation: string | null;
  triggered_at: Date | null;
}

type Client = Db | Tx;
type Kind = 'uuid' | 'time' | 'json';

const COLUMNS = 'automation_id, trigger_id, bucketing_key, last_event, "start", "end", count, last_operation, triggered_at';

/** A placeholder with PostgreSQL's cast; SQLite takes the bare value. */
function slot(client: Client, n: number, kind: Kind): string {
  if (dialectOf(client) !== 'postgresql') return `$${n}`;
  return `$${n}::${kind === 'uuid' ? 'uuid' : kind === 'time' ? 'timestamptz' : 'jsonb'}`;
}

/** PostgreSQL gets ISO text (cast above); SQLite gets the Date, which the adapter writes as Prisma does. */
function time(client: Client, value: Date | null): unknown {
  if (value === null) return null;
  return dialectOf(client) === 'postgresql' ? value.toISOString() : value;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

function toBucket(row: Record<string, unknown>): Bucket {
  const key = parseJsonColumn(row.bucketing_key);
  return {
    automation_id: String(row.automation_id),
    trigger_id: String(row.trigger_id),
    bucketing_key: Array.isArray(key) ? key.map(String) : [],
    last_event: row.last_event === null || row.last_event === undefined ? null : eventFromJson(row.last_event),
    start: toDate(row.start),
    end: toDate(row.end),
    count: Number(row.count),
    last_operation: (row.last_operation as string | null) ?? null,
    triggered_at: row.triggered_at === null || row.triggered_at === undefined ? null : toDate(row.triggered_at),
  };
}

interface Upsert {
  automationId: string;
  triggerId: string;
  key: readonly string[];
  start: Date;
  end: Date;
  count: number;
  lastEvent: ReceivedEvent | null;
  operation: string;
  triggeredAt?: Date | null;
  /** The SET list on conflict; `excluded.*` holds this statement's values. */
  onConflict: string;
}

async function upsert(client: Client, u: Upsert): Promise<Bucket> {
  const s = (n: number, kind: Kind) => slot(client, n, kind);
  const sql =
    `INSERT INTO automation_bucket (id, created, updated, ${COLUMNS}) ` +
    `VALUES (${s(1, 'uuid')}, ${s(2, 'time')}, ${s(2, 'time')}, ${s(3, 'uuid')}, ${s(4, 'uuid')}, ${s(5, 'json')}, ${s(6, 'json')}, ${s(7, 'time')}, ${s(8, 'time')}, $9, $10, ${s(11, 'time')}) ` +
    `ON CONFLICT (automation_id, trigger_id, bucketing_key) DO UPDATE SET ${u.onConflict} ` +
    `RETURNING ${COLUMNS}`;
  const rows = await query<Record<string, unknown>>(
    client,
    sql,
    randomUUID(),
    time(client, new Date()),
    u.automationId,
    u.triggerId,
    json(u.key),
    u.lastEvent ? json(eventToJson(u.lastEvent)) : null,
    time(client, u.start),
    time(client, u.end),
    u.count,
    u.operation,
    time(client, u.triggeredAt ?? null),
  );
  return toBucket(rows[0]);
}

/** The bucket of this trigger and key, if a window is open. */
export async function readBucket(client: Client, automationId: string, triggerId: string, key: readonly string[]): Promise<Bucket | null> {
  const rows = await query<Record<string, unknown>>(
    client,
    `SELECT ${COLUMNS} FROM automation_bucket WHERE automation_id = ${slot(client, 1, 'uuid')} AND trigger_id = ${slot(client, 2, 'uuid')} AND bucketing_key = ${slot(client, 3, 'json')}`,
    automationId,
    triggerId,
    json(key),
  );
  return rows.length > 0 ? toBucket(rows[0]) : null;
}

/** Creates the bucket if absent; an existing one keeps everything but takes `lastEvent` when given. */
export function ensureBucket(
  client: Client,
  automationId: string,
  triggerId: string,
  key: readonly string[],
  start: Date,
  end: Date,
  lastEvent: ReceivedEvent | null,
  initialCount = 0,
): Promise<Bucket> {
  const onConflict = `count = automation_bucket.count${lastEvent ? ', last_event = excluded.last_event' : ''}`;
  return upsert(client, { automationId, triggerId, key, start, end, count: initialCount, lastEvent, operation: 'ensure_bucket[insert]', onConflict });
}

/** Replaces the bucket (or creates it) with exactly this window and count. */
export function startNewBucket(
  client: Client,
  automationId: string,
  triggerId: string,
  key: readonly string[],
  start: Date,
  end: Date,
  count: number,
  lastEvent: ReceivedEvent | null = null,
  triggeredAt: Date | null = null,
): Promise<Bucket> {
  const onConflict =
    '"start" = excluded."start", "end" = excluded."end", count = excluded.count, last_operation = \'start_new_bucket[update]\', ' +
    'updated = excluded.updated, triggered_at = excluded.triggered_at, last_event = excluded.last_event';
  return upsert(client, { automationId, triggerId, key, start, end, count, lastEvent, triggeredAt, operation: 'start_new_bucket[insert]', onConflict });
}

/** Adds `count` in the database (not from the value read), and takes `lastEvent` when given. */
export function incrementBucket(client: Client, bucket: Bucket, count: number, lastEvent: ReceivedEvent | null): Promise<Bucket> {
  const onConflict =
    `count = automation_bucket.count + excluded.count, last_operation = 'increment_bucket[update]', updated = excluded.updated` +
    (lastEvent ? ', last_event = excluded.last_event' : '');
  return upsert(client, {
    automationId: bucket.automation_id,
    triggerId: bucket.trigger_id,
    key: bucket.bucketing_key,
    start: bucket.start,
    end: bucket.end,
    count,
    lastEvent,
    operation: 'increment_bucket[insert]',
    onConflict,
  });
}

export async function removeBucket(client: Client, bucket: Bucket): Promise<void> {
  await execute(
    client,
    `DELETE FROM automation_bucket WHERE automation_id = ${slot(client, 1, 'uuid')} AND trigger_id = ${slot(client, 2, 'uuid')} AND bucketing_key = ${slot(client, 3, 'json')}`,
    bucket.automation_id,
    bucket.trigger_id,
    json(bucket.bucketing_key),
  );
}

/** Proactive pass step 2: buckets that already reached the threshold can never fire. */
export async function removeBucketsExceedingThreshold(client: Client, automationId: string, triggerId: string, threshold: number): Promise<void> {
  await client.automationBucket.deleteMany({ where: { automation_id: automationId, trigger_id: triggerId, count: { gte: threshold } } });
}

/** One page of a trigger's buckets, oldest window first. */
export async function readBucketsPage(client: Client, automationId: string, triggerId: string, offset: number, limit: number): Promise<Bucket[]> {
  const rows = await client.automationBucket.findMany({
    where: { automation_id: automationId, trigger_id: triggerId },
    orderBy: [{ start: 'asc' }, { id: 'asc' }],
    skip: offset,
    take: limit,
  });
  return rows.map((row) => toBucket(row as unknown as Record<string, unknown>));
}

/** The sweep (§6.7): windows that ended at or before `olderThan`. */
export async function sweepClosedBuckets(client: Client, olderThan: Date): Promise<number> {
  const { count } = await client.automationBucket.deleteMany({ where: { end: { lte: olderThan } } });
  return count;
}
