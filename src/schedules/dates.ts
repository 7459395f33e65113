// Date generation (`get_dates(n, start, end)`, deployments-and-work-pools
// §2.1–2.4) as Prefect does it on current Python (house rule 3): dates on or
// after `start`, none after `end`, at most `n`, de-duplicated by instant,
// ~1000 candidates at most; returned sorted.
import { nextCronTick, parseCron } from './cron.ts';
import { eachRRuleDate } from './rrule.ts';
import { toInstant, toWall } from './timezones.ts';
import { isCron, isInterval, type CronScheduleJson, type IntervalScheduleJson, type ScheduleJson } from './types.ts';

export const MAX_ITERATIONS = 1000;

export interface DateOptions {
  n?: number;
  start?: Date;
  end?: Date;
}

/** Collects candidates (instants, ms) with Prefect's stop rules; `next` yields candidates in order, undefined when exhausted. */
function collect(first: number | undefined, next: (current: number) => number | undefined, n: number, end: number | undefined): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  let counter = 0;
  for (let candidate = first; candidate !== undefined; candidate = next(candidate)) {
    if (end !== undefined && candidate > end) break;
    if (!seen.has(candidate)) {
      seen.add(candidate);
      out.push(candidate);
    }
    if (out.length >= n || counter > MAX_ITERATIONS) break;
    counter++;
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * Interval: the first candidate is the anchor moved by a whole number of
 * intervals of elapsed time (truncated toward zero), then stepped until it
 * reaches `start`. A step adds the interval's whole days on the zone's wall
 * clock (a daily 09:00 stays 09:00 across DST) and the rest as elapsed time
 * (hourly runs keep consecutive UTC hours).
 */
function intervalDates(s: IntervalScheduleJson, n: number, start: number, end: number | undefined): number[] {
  const tz = s.timezone || 'UTC';
  const totalMs = s.interval * 1000;
  const days = Math.floor(s.interval / 86400);
  const restMs = (s.interval - days * 86400) * 1000;
  const advance = (instant: number) => (days > 0 ? toInstant(tz, toWall(tz, instant) + days * DAY_MS) : instant) + restMs;
  const anchor = Date.parse(s.anchor_date);
  let next = anchor + totalMs * Math.trunc((start - anchor) / totalMs);
  while (next < start) next = advance(next);
  return collect(next, advance, n, end);
}

/**
 * Cron: ticks on the zone's wall clock, each placed in the zone: the first
 * tick at or after `start` (a start with a fraction of a second rounds up);
 * a tick in a spring-forward gap lands on the same instant as the next one
 * and is dropped as a duplicate; a repeated fall-back hour fires once.
 */
function cronDates(s: CronScheduleJson, n: number, start: number, end: number | undefined): number[] {
  const tz = s.timezone || 'UTC';
  const spec = parseCron(s.cron);
  const startWall = toWall(tz, start);
  const after = startWall - 1000 + (startWall % 1000 !== 0 ? 1000 : 0);
  let wall = nextCronTick(spec, s.day_or, after);
  const place = (w: number | undefined) => (w === undefined ? undefined : toInstant(tz, w));
  return collect(
    place(wall),
    () => {
      wall = wall === undefined ? undefined : nextCronTick(spec, s.day_or, wall);
      return place(wall);
    },
    n,
    end,
  );
}

function rruleDates(text: string, timezone: string | null, n: number, start: number, end: number | undefined): number[] {
  const tz = timezone || 'UTC';
  const seen = new Set<number>();
  const out: number[] = [];
  let counter = 0;
  eachRRuleDate(text, tz, start, (candidate) => {
    if (end !== undefined && candidate > end) return false;
    if (!seen.has(candidate)) {
      seen.add(candidate);
      out.push(candidate);
    }
    if (out.length >= n || counter > MAX_ITERATIONS) return false;
    counter++;
    return true;
  });
  return out;
}

/** The schedule's dates per Prefect's `get_dates`: `n` defaults to 1000 with an `end`, else 1; `start` to now. */
export function scheduleDates(schedule: ScheduleJson, opts: DateOptions = {}): Date[] {
  const start = (opts.start ?? new Date()).getTime();
  const end = opts.end?.getTime();
  const n = opts.n ?? (end !== undefined ? MAX_ITERATIONS : 1);
  const dates = isInterval(schedule)
    ? intervalDates(schedule, n, start, end)
    : isCron(schedule)
      ? cronDates(schedule, n, start, end)
      : rruleDates(schedule.rrule, schedule.timezone, n, start, end);
  return dates.sort((a, b) => a - b).map((ms) => new Date(ms));
}
