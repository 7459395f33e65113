import { InvalidInput } from './invalid-input.ts';

// Datetimes in Prefect's lax form: ISO 8601 with `T` or space, optional
// fraction, `Z` or ±HH:MM (none means UTC), a bare date (midnight UTC), or Unix
// seconds as a number or numeric string (above 2e10: milliseconds).
// JavaScript dates hold milliseconds: finer fractions are truncated.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function fail(error: string, type: 'datetime_from_date_parsing' | 'datetime_parsing' = 'datetime_from_date_parsing'): never {
  const what = type === 'datetime_parsing' ? 'datetime' : 'datetime or date';
  throw new InvalidInput(type, `Input should be a valid ${what}, ${error}`, { error });
}

/** Pydantic (speedate) takes Unix timestamps for years 1600 to 9999 only; past them a JS Date is invalid or unprintable. */
const MIN_EPOCH_MS = Date.UTC(1600, 0, 1);
const MAX_EPOCH_MS = Date.UTC(10000, 0, 1) - 1;

function fromEpoch(n: number): Date {
  const ms = Math.abs(n) > 2e10 ? n : n * 1000;
  if (ms > MAX_EPOCH_MS) fail('dates after 9999 are not supported as unix timestamps', 'datetime_parsing');
  if (ms < MIN_EPOCH_MS) fail('dates before 1600 are not supported as unix timestamps', 'datetime_parsing');
  return new Date(ms);
}

export function parseDateTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return fromEpoch(value);
  if (typeof value !== 'string') throw new InvalidInput('datetime_type', 'Input should be a valid datetime');
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const m = ISO.exec(text);
  if (!m) fail(text.length < 10 ? 'input is too short' : 'invalid character in year');
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const ms = Number(`${frac}000`.slice(0, 3));
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms) - offsetMinutes * 60_000;
  const date = new Date(utc);
  // Date.UTC rolls over out-of-range parts (Feb 30 → Mar 2); Prefect rejects them.
  const check = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (Number.isNaN(utc) || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    fail('input is out of range');
  }
  return date;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
/** `.mmm000Z` for each millisecond (0 prints no fraction). */
const FRACTIONS = Array.from({ length: 1000 }, (_, n) => (n === 0 ? 'Z' : `.${String(n).padStart(3, '0')}000Z`));

/** Formatted datetimes by epoch milliseconds: lists answer the same runs' times again and again. */
const formatted = new Map<number, string>();
const MAX_FORMATTED = 20_000;

/** Prefect's output form: UTC, `Z`, six fraction digits or none. */
export function formatDateTime(date: Date): string {
  const time = date.getTime();
  let text = formatted.get(time);
  if (text === undefined) {
    text = formatParts(date);
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    formatted.set(time, text);
  }
  return text;
}

/** From the date's parts: cutting toISOString's text cost ~3× as much (still used outside years 1000-9999, and throws for an invalid date). */
function formatParts(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) {
    const iso = date.toISOString(); // 2024-01-02T03:04:05.120Z
    return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 23)}000Z`;
  }
  return `${year}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}T${TWO_DIGITS[date.getUTCHours()]}:${TWO_DIGITS[date.getUTCMinutes()]}:${TWO_DIGITS[date.getUTCSeconds()]}${FRACTIONS[date.getUTCMilliseconds()]}`;
}
