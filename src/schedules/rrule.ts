// RRule strings (RFC 5545 rules and rule sets), read like dateutil's rrulestr:
// validation with its messages, Prefect's write-time DTSTART normalization,
// and expansion. Every DTSTART / UNTIL / RDATE / EXDATE value is a floating
// wall-clock time re-labelled with the schedule's timezone (Prefect replaces
// tzinfo rather than converting), so the rules are expanded by the rrule
// package in "UTC" and each wall-clock occurrence is then placed in the zone.
import rrulePackage, { type RRuleSet } from 'rrule';

// rrule ships CommonJS to node: its functions are on the default export (a
// named import works under vitest's interop but not in plain node or the bundle).
const { rrulestr } = rrulePackage;
import { toInstant, toWall } from './timezones.ts';

export class InvalidRRule extends Error {}

const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const DAY_NAMES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const INT_LISTS: Record<string, [number, number, boolean]> = {
  // name: [min, max, whether 0 is refused and negatives allowed]
  BYSECOND: [0, 59, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTH: [1, 12, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYSETPOS: [1, 366, true],
  BYEASTER: [-366, 366, false],
};
const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/;

function checkDate(value: string): void {
  const m = DATE_VALUE.exec(value);
  if (!m) throw new InvalidRRule(`Unknown string format: ${value}`);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) throw new InvalidRRule('day is out of range for month');
}

function checkRule(text: string): { freq: string; interval: number; count: boolean } {
  let freq: string | undefined;
  let interval = 1;
  let count = false;
  for (const part of text.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new InvalidRRule('not enough values to unpack (expected 2, got 1)');
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    const invalid = () => new InvalidRRule(`invalid '${name}': ${value}`);
    if (name === 'FREQ') {
      if (!FREQS.includes(value)) throw invalid();
      freq = value;
    } else if (name === 'INTERVAL' || name === 'COUNT') {
      if (!/^\d+$/.test(value)) throw invalid();
      if (name === 'INTERVAL') interval = Number(value);
      else count = true;
    } else if (name === 'UNTIL') {
      try {
        checkDate(value);
      } catch {
        throw invalid();
      }
    } else if (name === 'WKST') {
      if (!DAY_NAMES.includes(value)) throw invalid();
    } else if (name === 'BYDAY' || name === 'BYWEEKDAY') {
      for (const day of value.split(',')) if (!/^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$/.test(day)) throw invalid();
    } else if (INT_LISTS[name]) {
      const [min, max, signed] = INT_LISTS[name];
      for (const item of value.split(',')) {
        if (!/^[+-]?\d+$/.test(item)) throw invalid();
        const n = Number(item);
        const ok = signed ? n !== 0 && Math.abs(n) >= min && Math.abs(n) <= max : n >= min && n <= max;
        if (!ok) throw new InvalidRRule(`${name.slice(2).toLowerCase()} must be in ${min}..${max}`);
      }
    } else {
      throw new InvalidRRule(`unknown parameter '${name}'`);
    }
  }
  // dateutil's rrule() needs a frequency (Prefect answers 500 without one)
  if (!freq) throw new InvalidRRule('FREQ is required');
  if (interval === 0) throw new InvalidRRule("invalid 'INTERVAL': 0");
  return { freq, interval, count };
}

interface Shape {
  rules: { freq: string; interval: number; count: boolean }[];
  /** Whether the text is a set (several rules, EXRULE, RDATE, EXDATE). */
  isSet: boolean;
}

/** Checks the text as dateutil's rrulestr would; throws InvalidRRule with its message. */
function checkText(text: string): Shape {
  const upper = text.toUpperCase();
  if (upper.trim() === '') throw new InvalidRRule('empty string');
  const lines = upper
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const rules: Shape['rules'] = [];
  let isSet = false;
  if (lines.length === 1 && !lines[0].includes(':')) return { rules: [checkRule(lines[0])], isSet };
  for (const line of lines) {
    const colon = line.indexOf(':');
    const [head, value] = colon < 0 ? ['RRULE', line] : [line.slice(0, colon), line.slice(colon + 1)];
    const [name, ...params] = head.split(';');
    for (const param of params)
      if (!(name === 'DTSTART' || name === 'RDATE' || name === 'EXDATE') || !/^(TZID=[^;]+|VALUE=DATE-TIME)$/.test(param))
        throw new InvalidRRule(`unsupported ${name} parm: ${param}`);
    if (name === 'RRULE') rules.push(checkRule(value));
    else if (name === 'EXRULE') {
      checkRule(value);
      isSet = true;
    } else if (name === 'RDATE' || name === 'EXDATE') {
      for (const v of value.split(',')) checkDate(v);
      isSet = true;
    } else if (name === 'DTSTART') checkDate(value);
    else throw new InvalidRRule(`unsupported property: ${name}`);
  }
  if (rules.length !== 1) isSet = true;
  return { rules, isSet };
}

export const MAX_RRULE_LENGTH = 6500;

/** Prefect's rrule validation message, or null when the text is valid. */
export function rruleError(text: string): string | null {
  try {
    checkText(text);
  } catch (error) {
    return `Invalid RRule string "${text}": ${(error as Error).message}`;
  }
  if (text.length > MAX_RRULE_LENGTH) return `Invalid RRule string "${text.slice(0, 40)}..."\nMax length is ${MAX_RRULE_LENGTH}, got ${text.length}`;
  return null;
}

const ANCHOR = Date.UTC(2020, 0, 1);

const dtstartLine = (wallMs: number) => `DTSTART:${new Date(wallMs).toISOString().slice(0, 19).replace(/[-:]/g, '')}\n`;

/**
 * Prefect's write-time normalization: a rule without DTSTART gets one. A
 * single SECONDLY/MINUTELY rule without COUNT is anchored at the latest
 * 2020-01-01 + k·period not after now (on the schedule zone's wall clock);
 * everything else at 2020-01-01T00:00:00. Unparsable text is left as it is.
 */
export function normalizeRRule(text: string, timezone: string | null, now: Date): string {
  if (text.toUpperCase().includes('DTSTART')) return text;
  let shape: Shape;
  try {
    shape = checkText(text);
  } catch {
    return text;
  }
  const rule = shape.rules[0];
  if (shape.isSet || !rule || rule.count || (rule.freq !== 'SECONDLY' && rule.freq !== 'MINUTELY')) return dtstartLine(ANCHOR) + text;
  const period = (rule.freq === 'SECONDLY' ? 1 : 60) * rule.interval * 1000;
  const nowWall = toWall(timezone, now.getTime());
  if (nowWall <= ANCHOR) return dtstartLine(ANCHOR) + text;
  return dtstartLine(ANCHOR + Math.floor((nowWall - ANCHOR) / period) * period) + text;
}

/** The text with every date value floating (no TZID, no Z): the schedule timezone labels them. */
function floating(text: string): string {
  const lines = text
    .toUpperCase()
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const out = lines.map((line) => {
    if (!line.includes(':')) line = `RRULE:${line}`;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0];
    const value = line.slice(colon + 1).replace(/(\d{8}T\d{6})Z/g, '$1');
    return `${name}:${value}`;
  });
  if (!out.some((l) => l.startsWith('DTSTART:'))) out.unshift(dtstartLine(ANCHOR).trim());
  return out.join('\n');
}

const sets = new Map<string, RRuleSet>();

function ruleSet(text: string): RRuleSet {
  let set = sets.get(text);
  if (!set) {
    set = rrulestr(floating(text), { forceset: true }) as RRuleSet;
    if (sets.size > 1000) sets.clear();
    sets.set(text, set);
  }
  return set;
}

/**
 * Occurrences at or after `start` (instants, ms) in order, each placed in the
 * zone; `visit` returns false to stop. Occurrences are walked from a day
 * before `start` on the wall clock, so DST shifts cannot hide one.
 */
export function eachRRuleDate(text: string, timezone: string | null, startMs: number, visit: (instantMs: number) => boolean): void {
  const set = ruleSet(text);
  const from = new Date(toWall(timezone, startMs) - 86_400_000);
  let stopped = false;
  set.between(from, new Date(Date.UTC(9999, 11, 31)), true, (date) => {
    if (stopped) return false;
    const instant = toInstant(timezone, date.getTime());
    if (instant >= startMs && !visit(instant)) stopped = true;
    return !stopped;
  });
}
