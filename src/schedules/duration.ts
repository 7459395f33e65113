// Pydantic's timedelta input (speedate): a number of seconds, an ISO 8601
// duration (`P1D`, `PT1H30M`, `P1W`; a year is 365 days, a month 30), `1d`,
// `2 days`, `1 day, 01:00:00`, or `[±]HH:MM[:SS[.ffffff]]`. A numeric string
// ("3600") is refused, as Pydantic refuses it.
import { InvalidInput } from '../validation/invalid-input.ts';

const MAX_SECONDS = 999_999_999 * 86_400;

function parsing(error: string): never {
  throw new InvalidInput('time_delta_parsing', `Input should be a valid timedelta, ${error}`, { error });
}

const ISO = /^([+-]?)P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DAYS = /^([+-]?)(\d+)(?:d| days?)(?:,? (\d+):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const CLOCK = /^([+-]?)(\d+):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;

function clock(h: string, m: string, s: string | undefined, frac: string | undefined): number {
  if (Number(m) > 59) parsing('minute value is outside expected range of 0-59');
  if (s !== undefined && Number(s) > 59) parsing('second value is outside expected range of 0-59');
  return Number(h) * 3600 + Number(m) * 60 + Number(s ?? 0) + Number(`0.${frac ?? 0}`);
}

function fromText(text: string): number {
  if (text === '') parsing('input is too short');
  const iso = ISO.exec(text);
  if (iso) {
    const [, sign, y, mo, w, d, h, mi, s] = iso;
    if (text.replace(/^[+-]/, '') === 'PT') parsing('input is too short');
    const total = [y, mo, w, d, h, mi, s].map((x) => Number(x ?? 0));
    const seconds = total[0] * 365 * 86400 + total[1] * 30 * 86400 + total[2] * 7 * 86400 + total[3] * 86400 + total[4] * 3600 + total[5] * 60 + total[6];
    return sign === '-' ? -seconds : seconds;
  }
  if (text.startsWith('P') || text.startsWith('-P') || text.startsWith('+P') || !/^[+-]?\d/.test(text)) parsing('invalid digit in duration');
  const days = DAYS.exec(text);
  if (days) {
    const [, sign, d, h, m, s, frac] = days;
    const seconds = Number(d) * 86400 + (h === undefined ? 0 : clock(h, m, s, frac));
    return sign === '-' ? -seconds : seconds;
  }
  const time = CLOCK.exec(text);
  if (time) {
    const [, sign, h, m, s, frac] = time;
    const seconds = clock(h, m, s, frac);
    return sign === '-' ? -seconds : seconds;
  }
  if (/^[+-]?\d+:/.test(text)) parsing('invalid character in minute');
  if (/^[+-]?\d+[a-zA-Z]/.test(text) && !/^[+-]?\d+[dw]/.test(text)) parsing('invalid character in hour');
  parsing('"day" identifier in duration not correctly formatted');
}

/** Seconds of a timedelta input, or an InvalidInput with Pydantic's type and message. */
export function parseTimedelta(value: unknown): number {
  let seconds: number;
  if (typeof value === 'boolean') seconds = value ? 1 : 0;
  else if (typeof value === 'number' && Number.isFinite(value)) seconds = value;
  else if (typeof value === 'string') seconds = fromText(value);
  else throw new InvalidInput('time_delta_type', 'Input should be a valid timedelta');
  if (Math.abs(seconds) > MAX_SECONDS) parsing('durations may not exceed 999,999,999 days');
  // timedelta holds microseconds
  return Math.round(seconds * 1e6) / 1e6;
}
