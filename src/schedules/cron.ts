// Cron strings in croniter's grammar (the one Prefect validates with): 5
// fields, 6 with seconds LAST, or 7 with seconds then the year (1970–2099);
// month and weekday names, `?` in the day fields, `L` (last day of month),
// `L5` / `5#2` (last / second Friday), ranges that wrap (`fri-mon`), steps,
// and the aliases @midnight @hourly @daily @weekly @monthly @yearly
// @annually. cron-parser orders seconds first, has no year field and no
// `day_or=False` (AND of the two day fields), so the grammar is expanded here
// to explicit value sets and the next tick is found on the wall clock by
// croniter's rules.

export class InvalidCron extends Error {}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const MINUTE = 0;
const HOUR = 1;
const DAY = 2;
const MONTH = 3;
const DOW = 4;
const SECOND = 5;
const YEAR = 6;

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
  [0, 59],
  [1970, 2099],
];
const LEN_MEANS_ALL = [60, 24, 31, 12, 7, 60, 130];
const ALPHA: Record<string, string | number>[] = [{}, {}, { l: 'l' }, MONTHS, WEEKDAYS, {}, {}];

const ALIASES: Record<string, string> = {
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const WEEKDAY_NAMES = Object.keys(WEEKDAYS).join('|');
const MONTH_NAMES = Object.keys(MONTHS).join('|');
const SPECIAL_DOW = new RegExp(`^(?<pre>((?<he>((${WEEKDAY_NAMES})(-(${WEEKDAY_NAMES}))?)|((${MONTH_NAMES})(-(${MONTH_NAMES}))?)|\\w+)#)|l)(?<last>\\d+)$`);
const STEP_SEARCH = /^([^-]+)-([^-/]+)(\/(\d+))?$/;
const ONLY_INT = /^\d+$/;
const STAR_OR_INT = /^(\d+|\*)$/;
const HASHED = /^(h|r)(\((\d+)-(\d+)\))?(\/(\d+))?$/;

type Nth = number | 'l';

/** A parsed cron string: per field the allowed values, or null for `*`. */
export interface CronSpec {
  seconds: number[];
  minutes: number[] | null;
  hours: number[] | null;
  days: (number | 'l')[] | null;
  months: number[] | null;
  weekdays: number[] | null;
  /** weekday → which occurrences in the month (1–5, or 'l' for the last). */
  nthWeekdays: Map<number, Set<Nth>>;
  years: number[] | null;
  /** Whether a field is croniter's random `R`: Prefect refuses it after parsing. */
  random: boolean;
}

function alpha(field: number, key: string): string | number {
  const value = ALPHA[field][key];
  if (value === undefined) throw new InvalidCron(`[${key}] is not acceptable`);
  return value;
}

/** croniter's LOWMAP aliases: dow 7 → 0 (5 fields only), day 0 → 1 (6 fields only). */
function valueAlias(value: number | string, field: number, length: number): number | string {
  if (field === DOW && value === 7 && length === 5) return 0;
  if (field === DAY && value === 0 && length === 6) return 1;
  return value;
}

function range(low: number, high: number, step: number): number[] {
  const out: number[] = [];
  for (let v = low; v < high; v += step) out.push(v);
  return out;
}

function expandField(field: number, text: string, expressions: string[], nthWeekdays: Map<number | string, Set<Nth>>): { values: (number | string)[]; random: boolean } {
  let expr = text;
  let random = false;
  const hashed = HASHED.exec(expr);
  if (hashed) {
    // croniter needs a hash id for `H` (Prefect gives none); `R` picks a random value, which Prefect refuses.
    if (hashed[1] === 'h') throw new InvalidCron('Hashed definitions must include hash_id');
    if (hashed[3] && Number(hashed[3]) >= Number(hashed[4])) throw new InvalidCron('Range end must be greater than range begin');
    if (hashed[6] !== undefined && Number(hashed[6]) === 0) throw new InvalidCron('Bad expression');
    random = true;
    expr = '*';
  }
  if (expr.includes('?')) {
    if (expr !== '?' || (field !== DAY && field !== DOW)) throw new InvalidCron('question mark');
    expr = '*';
  }
  const [min, max] = RANGES[field];
  const pending: string[] = expr.split(',');
  const res: (number | string)[] = [];
  while (pending.length > 0) {
    let e = pending.pop()!;
    let nth: Nth | null = null;
    if (field === DOW) {
      const special = SPECIAL_DOW.exec(e);
      if (special?.groups) {
        const { he, last, pre } = special.groups;
        if (he) {
          e = he;
          nth = Number(last);
          if (!(nth >= 1 && nth <= 5)) throw new InvalidCron('Invalid day_of_week value');
        } else if (last) {
          e = last;
          nth = pre as 'l';
        }
      }
    }
    let t = e.replace(/^\*(\/.+)$/, `${min}-${max}$1`);
    let m = STEP_SEARCH.exec(t);
    if (!m) {
      t = e.replace(/^(.+)\/(.+)$/, `$1-${max}/$2`);
      m = STEP_SEARCH.exec(t);
    }
    if (m) {
      let low: string | number = m[1];
      let high: string | number = m[2];
      const step = Number(m[4] ?? 1);
      if (field === DAY && high === 'l') high = '31';
      if (!ONLY_INT.test(low)) low = String(alpha(field, low));
      if (!ONLY_INT.test(high)) high = String(alpha(field, high));
      if (!ONLY_INT.test(low) || !ONLY_INT.test(high)) throw new InvalidCron('bands are not acceptable');
      if (step === 0) throw new InvalidCron('invalid range');
      const lo = valueAlias(Number(low), field, expressions.length) as number;
      const hi = valueAlias(Number(high), field, expressions.length) as number;
      if (Math.max(lo, hi) > Math.max(min, max)) throw new InvalidCron('out of bands');
      let rng: number[];
      if (lo > hi) {
        // a range that wraps (fri-mon, nov-feb), keeping the step across the wrap
        const whole = range(min, max + 1, 1);
        rng = range(lo, max + 1, step);
        let toSkip = 0;
        if (rng.length > 0) {
          const alreadySkipped = [...whole].reverse().indexOf(rng.at(-1)!);
          const position = whole.indexOf(rng.at(-1)!);
          if (position + step > whole.length && alreadySkipped < step) toSkip = step - alreadySkipped;
        }
        rng.push(...range(min + toSkip, hi + 1, step));
      } else if (lo === hi) {
        rng = range(min, max + 1, step);
      } else {
        rng = range(lo, hi + 1, step);
      }
      const items = field === DOW && nth !== null && nth !== 'l' ? rng.map((v) => `${v}#${nth}`) : rng.map(String);
      for (const item of items) if (!pending.includes(item)) pending.push(item);
      continue;
    }
    if (t.startsWith('-')) throw new InvalidCron('negative numbers not allowed');
    let value: string | number = STAR_OR_INT.test(t) ? t : alpha(field, t);
    if (typeof value === 'string' && ONLY_INT.test(value)) value = Number(value);
    value = valueAlias(value, field, expressions.length);
    if (value !== '*' && value !== 'l' && (typeof value !== 'number' || value < min || value > max)) throw new InvalidCron('out of range');
    res.push(value);
    if (field === DOW && nth !== null) {
      const set = nthWeekdays.get(value) ?? new Set<Nth>();
      set.add(nth);
      nthWeekdays.set(value, set);
    }
  }
  let values = [...new Set(res)];
  if (values.length === LEN_MEANS_ALL[field]) {
    // all values mean `*`, except in a day field while the other day field is restricted (then OR still applies)
    const otherIsStar = field === DAY ? expressions[DOW].includes('*') : field === DOW ? expressions[DAY].includes('*') : true;
    if (otherIsStar) values = ['*'];
  }
  return { values, random };
}

/** Parses a cron string with croniter's rules; throws InvalidCron. */
export function parseCron(text: string): CronSpec {
  const lower = text.toLowerCase();
  const expressions = (ALIASES[lower] ?? lower).split(/\s+/).filter(Boolean);
  if (![5, 6, 7].includes(expressions.length)) throw new InvalidCron('Exactly 5, 6 or 7 columns has to be specified for iterator expression.');
  const nthWeekdays = new Map<number | string, Set<Nth>>();
  const fields = expressions.map((expr, field) => expandField(field, expr, expressions, nthWeekdays));
  if (nthWeekdays.size > 0) {
    const dow = new Set(fields[DOW].values);
    const literal = [...dow].filter((v) => !nthWeekdays.has(v) && v !== '*');
    if (literal.length > 0 && dow.size !== LEN_MEANS_ALL[DOW]) throw new InvalidCron('day-of-week field does not support mixing literal values and nth day of week syntax.');
  }
  const numbers = (field: number): number[] | null => {
    const f = fields[field];
    if (!f || f.values.includes('*')) return null;
    return (f.values as number[]).slice().sort((a, b) => a - b);
  };
  const nth = new Map<number, Set<Nth>>();
  for (const [k, v] of nthWeekdays) if (typeof k === 'number') nth.set(k, v);
  return {
    seconds: fields[SECOND] ? (numbers(SECOND) ?? range(0, 60, 1)) : [0],
    minutes: numbers(MINUTE),
    hours: numbers(HOUR),
    days: fields[DAY].values.includes('*') ? null : (fields[DAY].values as (number | 'l')[]),
    months: numbers(MONTH),
    weekdays: numbers(DOW),
    nthWeekdays: nth,
    years: fields[YEAR] ? numbers(YEAR) : null,
    random: fields.some((f) => f.random),
  };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function weekdayMatches(spec: CronSpec, year: number, month: number, day: number, weekday: number): boolean {
  if (spec.nthWeekdays.size > 0) {
    const nths = spec.nthWeekdays.get(weekday);
    if (nths) {
      const occurrence = Math.ceil(day / 7);
      const isLast = day + 7 > daysInMonth(year, month);
      if (nths.has(occurrence) || (nths.has('l') && isLast)) return true;
    }
    return (spec.weekdays ?? []).some((w) => w === weekday && !spec.nthWeekdays.has(w));
  }
  return spec.weekdays === null || spec.weekdays.includes(weekday);
}

function dayMatches(spec: CronSpec, dayOr: boolean, year: number, month: number, day: number, weekday: number): boolean {
  const domStar = spec.days === null;
  const dowStar = spec.weekdays === null && spec.nthWeekdays.size === 0;
  const dom = () => spec.days!.some((d) => d === day || (d === 'l' && day === daysInMonth(year, month)));
  const dow = () => weekdayMatches(spec, year, month, day, weekday);
  if (domStar && dowStar) return true;
  if (domStar) return dow();
  if (dowStar) return dom();
  return dayOr ? dom() || dow() : dom() && dow();
}

const firstAtLeast = (values: number[] | null, min: number, max: number, from: number): number | undefined => {
  if (values === null) return from <= max ? from : undefined;
  return values.find((v) => v >= from && v >= min);
};

/** The first (h, m, s) of a matching day at or after the given time of day, as seconds into the day. */
function timeOfDay(spec: CronSpec, fromSeconds: number): number | undefined {
  const h0 = Math.floor(fromSeconds / 3600);
  const m0 = Math.floor((fromSeconds % 3600) / 60);
  const s0 = fromSeconds % 60;
  for (let h = firstAtLeast(spec.hours, 0, 23, h0); h !== undefined; h = firstAtLeast(spec.hours, 0, 23, h + 1)) {
    const mFrom = h === h0 ? m0 : 0;
    for (let m = firstAtLeast(spec.minutes, 0, 59, mFrom); m !== undefined; m = firstAtLeast(spec.minutes, 0, 59, m + 1)) {
      const sFrom = h === h0 && m === m0 ? s0 : 0;
      const s = spec.seconds.find((v) => v >= sFrom);
      if (s !== undefined) return h * 3600 + m * 60 + s;
    }
  }
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * The first tick strictly after a wall-clock time (naive ms), with whole
 * seconds; undefined when none comes before 2100 (croniter's year range) or
 * within the search bound.
 */
export function nextCronTick(spec: CronSpec, dayOr: boolean, afterWallMs: number): number | undefined {
  const t = Math.floor(afterWallMs / 1000) * 1000 + 1000;
  let fromSeconds = Math.floor((t % DAY_MS) / 1000);
  let dayStart = t - fromSeconds * 1000;
  for (let guard = 0; guard < 200_000; guard++) {
    const date = new Date(dayStart);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    if (year > 2099) return undefined;
    if (spec.years && !spec.years.includes(year)) {
      const next = spec.years.find((y) => y > year);
      if (next === undefined) return undefined;
      dayStart = Date.UTC(next, 0, 1);
      fromSeconds = 0;
      continue;
    }
    if (spec.months && !spec.months.includes(month)) {
      dayStart = Date.UTC(year, month, 1);
      fromSeconds = 0;
      continue;
    }
    if (dayMatches(spec, dayOr, year, month, date.getUTCDate(), date.getUTCDay())) {
      const seconds = timeOfDay(spec, fromSeconds);
      if (seconds !== undefined) return dayStart + seconds * 1000;
    }
    dayStart += DAY_MS;
    fromSeconds = 0;
  }
  return undefined;
}
