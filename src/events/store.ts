// Reading stored events (events §3.2, §3.4): one page of a filter in SQL
// (ids, ordered and limited by the database), its total, and the page tokens
// that freeze a query (filter, total, page size, next offset).
import type { Db } from '../db/client.ts';
import { dialectOf } from '../orchestration/transaction.ts';
import { query } from '../resources/concurrency-limits/sql.ts';
import { compileEventWhere, Params } from './filter-sql.ts';
import { eventFilterJson, parseEventFilter, type EventFilter } from './filters.ts';
import type { ReceivedEvent } from './types.ts';

/** Prefect's INTERACTIVE_PAGE_SIZE: the most events one /events/filter page holds. */
export const INTERACTIVE_PAGE_SIZE = 50;

export interface EventPageData {
  events: ReceivedEvent[];
  total: number;
  /** The storage token of the next page (base64 of JSON), or null. */
  nextToken: string | null;
}

type Row = { id: string; occurred: Date; event: string; resource: unknown; related: unknown; payload: unknown; follows: string | null; received: Date };

export function rowToEvent(row: Row): ReceivedEvent {
  return {
    occurred: row.occurred,
    event: row.event,
    resource: row.resource as ReceivedEvent['resource'],
    related: (row.related ?? []) as ReceivedEvent['related'],
    payload: (row.payload ?? {}) as ReceivedEvent['payload'],
    id: row.id,
    follows: row.follows,
    received: row.received,
  };
}

/** The events with these ids, in this order (one statement). */
async function eventsByIds(db: Db, ids: string[]): Promise<ReceivedEvent[]> {
  if (ids.length === 0) return [];
  const rows = (await db.event.findMany({ where: { id: { in: ids } } })) as unknown as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is Row => r !== undefined)
    .map(rowToEvent);
}

/** The ids of one page of matches, ordered by occurred (then id) in the filter's direction. */
async function pageIds(db: Db, filter: EventFilter, limit: number, offset: number): Promise<string[]> {
  if (limit === 0) return [];
  const dialect = dialectOf(db);
  const p = new Params(dialect);
  const where = compileEventWhere(p, filter);
  const dir = filter.order === 'ASC' ? 'ASC' : 'DESC';
  const idText = dialect === 'postgresql' ? '::text' : '';
  const page = `LIMIT ${p.value(limit)} OFFSET ${p.value(offset)}`;
  const sql = filter.resource?.distinct
    ? `SELECT d.id${idText} AS id FROM (SELECT e.id, e.occurred, ROW_NUMBER() OVER (PARTITION BY e.resource_id ORDER BY e.occurred ${dir}, e.id ${dir}) AS rn ` +
      `FROM events e WHERE ${where}) d WHERE d.rn = 1 ORDER BY d.occurred ${dir}, d.id ${dir} ${page}`
    : `SELECT e.id${idText} AS id FROM events e WHERE ${where} ORDER BY e.occurred ${dir}, e.id ${dir} ${page}`;
  const rows = await query<{ id: string }>(db, sql, ...p.values);
  return rows.map((r) => r.id);
}

/** How many events match (distinct resources with `resource.distinct`). */
export async function countMatches(db: Db, filter: EventFilter): Promise<number> {
  const p = new Params(dialectOf(db));
  const where = compileEventWhere(p, filter);
  const what = filter.resource?.distinct ? 'count(DISTINCT e.resource_id)' : 'count(*)';
  const rows = await query<{ n: number | bigint }>(db, `SELECT ${what} AS n FROM events e WHERE ${where}`, ...p.values);
  return Number(rows[0]?.n ?? 0);
}

/** Prefect's to_page_token: null once the next offset reaches the total. */
export function toPageToken(filter: EventFilter, count: number, pageSize: number, currentOffset: number): string | null {
  if (currentOffset + pageSize >= count) return null;
  const json = JSON.stringify({ filter: eventFilterJson(filter), count, page_size: pageSize, offset: currentOffset + pageSize });
  return Buffer.from(json, 'utf8').toString('base64');
}

export class InvalidTokenError extends Error {}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 → UTF-8 text; undefined when it is not. */
export function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  const decoded = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoded.decode(bytes);
  } catch {
    return undefined;
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Prefect's from_page_token; any problem (not base64, not JSON, missing keys, a bad filter) is InvalidTokenError (403). */
export function fromPageToken(token: string): { filter: EventFilter; count: number; pageSize: number; offset: number } {
  const text = decodeBase64(token);
  if (text === undefined) throw new InvalidTokenError('Unable to parse page token');
  let parameters: unknown;
  try {
    parameters = JSON.parse(text);
  } catch {
    throw new InvalidTokenError('Unable to parse page token');
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) throw new InvalidTokenError('Invalid page token');
  const { filter, count, page_size: pageSize, offset } = parameters as Record<string, unknown>;
  if (!isCount(count) || !isCount(pageSize) || !isCount(offset) || pageSize > 10_000) throw new InvalidTokenError('Invalid page token');
  try {
    return { filter: parseEventFilter(filter ?? null), count, pageSize, offset };
  } catch {
    throw new InvalidTokenError('Invalid page token');
  }
}

/** The first page of a filter (Prefect's query_events). */
export async function queryEvents(db: Db, filter: EventFilter, pageSize: number): Promise<EventPageData> {
  const total = await countMatches(db, filter);
  const events = total === 0 ? [] : await eventsByIds(db, await pageIds(db, filter, pageSize, 0));
  return { events, total, nextToken: toPageToken(filter, total, pageSize, 0) };
}

/** A later page from its storage token (Prefect's query_next_page): the total stays the frozen one. */
export async function queryNextPage(db: Db, token: string): Promise<EventPageData> {
  const { filter, count, pageSize, offset } = fromPageToken(token);
  const events = await eventsByIds(db, await pageIds(db, filter, pageSize, offset));
  return { events, total: count, nextToken: toPageToken(filter, count, pageSize, offset) };
}
