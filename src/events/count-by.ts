// POST /events/count-by/{countable} (events §3.5) as count_account_events:
// events grouped in SQL by name, primary resource, or fixed time buckets
// aligned on 2024-04-01T00:00:00Z; time counts come back dense (one entry per
// bucket, empty ones with 0), every countable checks the 1000-bucket bound.
import type { Db } from '../db/client.ts';
import { httpError, ValidationError, type ValidationItem } from '../errors.ts';
import { builder } from '../graphql/builder.ts';
import { dialectOf } from '../orchestration/transaction.ts';
import { query } from '../resources/concurrency-limits/sql.ts';
import { formatDateTime } from '../validation/datetime.ts';
import { EventFilterInput } from './filter-input.ts';
import { compileEventWhere, Params } from './filter-sql.ts';
import { checkEventFilterSize, parseEventFilter, type EventFilter } from './filters.ts';

export type Countable = 'day' | 'time' | 'event' | 'resource';
export type TimeUnit = 'week' | 'day' | 'hour' | 'minute' | 'second';

/** The Monday before the earliest possible event: buckets are counted from here. */
export const PIVOT = Date.UTC(2024, 3, 1);
const MAX_BUCKETS = 1000;
const UNIT_MS: Record<TimeUnit, number> = { week: 7 * 86_400_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

export interface EventCount {
  value: string;
  label: string;
  count: number;
  start_time: string;
  end_time: string;
}

const CountableEnum = builder.enumType('EventCountable', {
  description: 'What count_account_events groups by.',
  values: {
    day: { value: 'day', description: 'By calendar day of `occurred`.' },
    time: { value: 'time', description: 'By time bucket of `occurred` (`time_unit` × `time_interval`).' },
    event: { value: 'event', description: 'By event name.' },
    resource: { value: 'resource', description: 'By the primary resource (`prefect.resource.id`).' },
  } as const,
});

const TimeUnitEnum = builder.enumType('EventTimeUnit', {
  description: 'The unit of time buckets.',
  values: {
    week: { value: 'week', description: 'Buckets of weeks.' },
    day: { value: 'day', description: 'Buckets of days.' },
    hour: { value: 'hour', description: 'Buckets of hours.' },
    minute: { value: 'minute', description: 'Buckets of minutes.' },
    second: { value: 'second', description: 'Buckets of seconds.' },
  } as const,
});

const EventCountRef = builder.objectRef<EventCount>('EventCount').implement({
  description:
    'One group of a count: `value` and `label` (time buckets: the position in the answer and the bucket start with +00:00), the number of events, and the time span (microsecond strings, `end_time` of a bucket ends in .999999).',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The value to use for filtering' }),
    label: t.exposeString('label', { description: 'The value to display for this count' }),
    count: t.exposeInt('count', { description: 'The count of matching events' }),
    start_time: t.exposeString('start_time', { description: 'The start time of this group of events' }),
    end_time: t.exposeString('end_time', { description: 'The end time of this group of events' }),
  }),
});

/** Python's isoformat of a UTC datetime: `+00:00`, microseconds only when non-zero. */
function pythonIso(ms: number): string {
  const d = new Date(Math.floor(ms));
  const micro = Math.round((ms - Math.floor(ms)) * 1000) + d.getUTCMilliseconds() * 1000;
  const base = d.toISOString().slice(0, 19);
  return micro === 0 ? `${base}+00:00` : `${base}.${String(micro).padStart(6, '0')}+00:00`;
}

/**
 * The longest bucket: one whose edges (the pivot ± one bucket) stay within
 * years 1..9999, where Prefect's datetimes overflow (a 500 there; a 422 here).
 */
const LONGEST_DURATION_MS = Math.min(Date.UTC(9999, 11, 31) - PIVOT, PIVOT - Date.UTC(1, 0, 1));

/** Our datetime form (Z, six digits or none) of a time in (possibly fractional) milliseconds. */
function zIso(ms: number): string {
  return pythonIso(ms).replace('+00:00', 'Z');
}

/** The end of the current `unit` period (Prefect's end_of_period), as "the start of the next one". */
function nextPeriodStart(now: number, unit: TimeUnit): number {
  if (unit === 'week') return PIVOT + (Math.floor((now - PIVOT) / UNIT_MS.week) + 1) * UNIT_MS.week;
  const size = UNIT_MS[unit];
  return (Math.floor(now / size) + 1) * size;
}

/** Prefect's validate_buckets: the 422 with the exact detail when the range holds more than 1000 buckets. */
function validateBuckets(since: Date, until: Date, deltaMs: number): void {
  const buckets = Math.ceil((until.getTime() - since.getTime()) / deltaMs);
  if (buckets > MAX_BUCKETS) {
    throw httpError(
      422,
      `The given interval would create ${buckets} buckets, which is too many. Please increase the interval or reduce the time range to produce ${MAX_BUCKETS} buckets or fewer.`,
    );
  }
}

/** The dense bucket list from the one containing `since` through the one containing `until` (or the end of the current period). */
function spans(since: Date, until: Date, unit: TimeUnit, deltaMs: number, now: number): { first: number; list: EventCount[] } {
  let end = until.getTime();
  // end_of_period is the next period's start − 1 µs.
  if (end > now) end = nextPeriodStart(now, unit) - 0.001;
  const first = Math.floor((since.getTime() - PIVOT) / deltaMs);
  const list: EventCount[] = [];
  for (let i = 0; ; i++) {
    const start = PIVOT + deltaMs * (first + i);
    if (!(start < end) || list.length > MAX_BUCKETS + 1) break;
    const next = PIVOT + deltaMs * (first + i + 1);
    list.push({ value: String(i), label: pythonIso(start), count: 0, start_time: zIso(start), end_time: zIso(next - 0.001) });
  }
  return { first, list };
}

/** The SQL bucket index of an event: floor((occurred − pivot) / delta). */
function bucketExpression(p: Params, deltaMs: number): string {
  if (p.dialect === 'postgresql') {
    return `floor(extract(epoch from (e.occurred - ${p.time(new Date(PIVOT))})) * 1000 / ${p.value(deltaMs)}::float8)::bigint`;
  }
  // Stored as 'YYYY-MM-DDTHH:MM:SS.mmm+00:00': whole seconds from strftime, milliseconds from the text.
  const ms = `(CAST(strftime('%s', e.occurred) AS INTEGER) * 1000 + CAST(substr(e.occurred, 21, 3) AS INTEGER))`;
  return `((${ms} - ${p.value(PIVOT)}) / (${p.value(deltaMs)} * 1.0))`;
}

const toMs = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());

async function timeCounts(db: Db, filter: EventFilter, deltaMs: number): Promise<Map<number, number>> {
  const p = new Params(dialectOf(db));
  const where = compileEventWhere(p, filter);
  const sql =
    p.dialect === 'postgresql'
      ? `SELECT b.bucket AS bucket, count(*) AS n FROM (SELECT ${bucketExpression(p, deltaMs)} AS bucket FROM events e WHERE ${where}) b GROUP BY b.bucket`
      : // SQLite has no floor() without its math extension: CAST truncates, one less for negative fractions.
        `SELECT CAST(x AS INTEGER) - (x < CAST(x AS INTEGER)) AS bucket, count(*) AS n FROM (SELECT ${bucketExpression(p, deltaMs)} AS x FROM events e WHERE ${where}) b GROUP BY 1`;
  const rows = await query<{ bucket: number | bigint | string; n: number | bigint }>(db, sql, ...p.values);
  return new Map(rows.map((r) => [Number(r.bucket), Number(r.n)]));
}

async function groupCounts(db: Db, filter: EventFilter, countable: 'event' | 'resource'): Promise<EventCount[]> {
  const p = new Params(dialectOf(db));
  const where = compileEventWhere(p, filter);
  let sql: string;
  if (countable === 'event') {
    sql =
      `SELECT e.event AS value, e.event AS label, count(*) AS n, min(e.occurred) AS start_time, max(e.occurred) AS end_time ` +
      `FROM events e WHERE ${where} GROUP BY e.event ORDER BY n DESC, label ASC`;
  } else {
    const json = (key: string) => (p.dialect === 'postgresql' ? `(e.resource ->> '${key}')` : `json_extract(e.resource, '$."${key}"')`);
    // The label of each resource comes from its latest event.
    sql =
      `SELECT value, label, n, start_time, end_time FROM (SELECT e.resource_id AS value, COALESCE(${json('prefect.resource.name')}, ${json('prefect.name')}, e.resource_id) AS label, ` +
      `count(*) OVER w AS n, min(e.occurred) OVER w AS start_time, max(e.occurred) OVER w AS end_time, ` +
      `ROW_NUMBER() OVER (PARTITION BY e.resource_id ORDER BY e.occurred DESC, e.id DESC) AS rn FROM events e WHERE ${where} ` +
      `WINDOW w AS (PARTITION BY e.resource_id)) g WHERE g.rn = 1 ORDER BY n DESC, label ASC`;
  }
  const rows = await query<{ value: string; label: string; n: number | bigint; start_time: unknown; end_time: unknown }>(db, sql, ...p.values);
  return rows.map((r) => ({
    value: r.value,
    label: r.label,
    count: Number(r.n),
    start_time: formatDateTime(new Date(toMs(r.start_time))),
    end_time: formatDateTime(new Date(toMs(r.end_time))),
  }));
}

/** Prefect's count_events. */
export async function countEvents(db: Db, filter: EventFilter, countable: Countable, unit: TimeUnit, interval: number, now = Date.now()): Promise<EventCount[]> {
  const deltaMs = UNIT_MS[unit] * interval;
  validateBuckets(filter.occurred.since, filter.occurred.until, deltaMs);
  if (countable === 'event' || countable === 'resource') return groupCounts(db, filter, countable);
  // `day` groups per day in SQL whatever the unit; the dense list follows the request's unit, as in Prefect.
  const sqlDelta = countable === 'day' ? UNIT_MS.day : deltaMs;
  const { first, list } = spans(filter.occurred.since, filter.occurred.until, unit, deltaMs, now);
  const counts = await timeCounts(db, filter, sqlDelta);
  for (const [bucket, n] of counts) {
    const entry = list[bucket - first];
    if (entry) entry.count = n;
  }
  return list;
}

builder.queryFields((t) => ({
  count_account_events: t.field({
    type: [EventCountRef],
    description:
      'Counts of events matching the filter, grouped by `countable` (POST /events/count-by/{countable}): event name, primary resource (count DESC, label ASC), ' +
      'or time buckets of `time_interval` × `time_unit` (`day`: days), dense and chronological. More than 1000 buckets is a 422.',
    args: {
      countable: t.arg({ description: 'What to group the events by.', type: CountableEnum, required: true }),
      filter: t.arg({ type: EventFilterInput, required: true, description: '`{}` gives the defaults; `order` is ignored' }),
      time_unit: t.arg({ description: 'The unit of the time buckets, when grouping by time.', type: TimeUnitEnum, defaultValue: 'day' }),
      time_interval: t.arg.float({ defaultValue: 1.0, description: 'At least 0.01' }),
    },
    resolve: async (_root, args, ctx) => {
      const items: ValidationItem[] = [];
      let filter: EventFilter | undefined;
      try {
        filter = parseEventFilter(args.filter, ['body', 'filter']);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        items.push(...error.items);
      }
      const interval = args.time_interval ?? 1.0;
      if (!(interval >= 0.01)) {
        items.push({ type: 'greater_than_equal', loc: ['body', 'time_interval'], msg: 'Input should be greater than or equal to 0.01', input: interval, ctx: { ge: 0.01 } });
      } else if (UNIT_MS[args.time_unit ?? 'day'] * interval > LONGEST_DURATION_MS) {
        const unit = args.time_unit ?? 'day';
        const max = LONGEST_DURATION_MS / UNIT_MS[unit];
        items.push({
          type: 'less_than_equal',
          loc: ['body', 'time_interval'],
          msg: `Input should be less than or equal to ${max}: longer ${unit} buckets end past the year 9999`,
          input: interval,
          ctx: { le: max },
        });
      }
      if (items.length > 0 || !filter) throw new ValidationError(items);
      checkEventFilterSize(filter, ctx.settings.api.maxFilterValues, ['body', 'filter']);
      return countEvents(ctx.db, filter, args.countable, args.time_unit ?? 'day', interval);
    },
  }),
}));
