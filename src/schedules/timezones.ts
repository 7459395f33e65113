// Time zones for schedules: the IANA names Prefect accepts, and the two
// conversions date generation needs between instants and wall-clock times.
// A wall-clock time is held as the number of milliseconds Date.UTC gives for
// its fields (a "naive" time), so wall-clock arithmetic is plain addition.
import { IANAZone } from 'luxon';
import { ZONE_NAMES } from './zone-names.ts';

const NAMES = new Set(ZONE_NAMES);

/** Whether `name` is an IANA zone name exactly as Python's zoneinfo lists it (case-sensitive). */
export const isZoneName = (name: string): boolean => NAMES.has(name);

/**
 * Prefect's `TimeZone` type (RRuleSchedule.timezone) is a pattern that joins
 * every zone name with `|` and no anchors, so any text containing a zone name
 * matches it. Its error message quotes the whole pattern.
 */
export const ZONE_PATTERN = ZONE_NAMES.filter((z) => !z.includes('localtime')).join('|');
export const containsZoneName = (text: string): boolean => ZONE_NAMES.some((z) => text.includes(z));

const zones = new Map<string, IANAZone | null>();

/** The luxon zone of a schedule timezone; UTC for null, "" and names the runtime does not know. */
function zone(name: string | null | undefined): IANAZone | null {
  if (!name || name === 'UTC') return null;
  let z = zones.get(name);
  if (z === undefined) {
    const candidate = IANAZone.create(name);
    z = candidate.isValid ? candidate : null;
    zones.set(name, z);
  }
  return z;
}

/** The zone's UTC offset in minutes at an instant. */
export function offsetAt(name: string | null | undefined, instantMs: number): number {
  const z = zone(name);
  return z ? z.offset(instantMs) : 0;
}

/** The wall-clock time (naive ms) of an instant in the zone. */
export const toWall = (name: string | null | undefined, instantMs: number): number => instantMs + offsetAt(name, instantMs) * 60_000;

const DAY_MS = 86_400_000;

/**
 * The instant of a wall-clock time in the zone, resolved like Python's
 * `fold=0` (and whenever's "compatible"): an ambiguous time (fall-back) is its
 * first occurrence; a time in a spring-forward gap is read with the offset
 * before the gap, which lands as far after the gap as it was into it (02:30 →
 * 03:30 EDT).
 */
export function toInstant(name: string | null | undefined, wallMs: number): number {
  if (!zone(name)) return wallMs;
  const before = offsetAt(name, wallMs - DAY_MS);
  const after = offsetAt(name, wallMs + DAY_MS);
  const fits = (offset: number) => offsetAt(name, wallMs - offset * 60_000) === offset;
  if (fits(before)) return wallMs - before * 60_000; // the first occurrence when ambiguous
  if (fits(after)) return wallMs - after * 60_000;
  return wallMs - before * 60_000; // in the gap
}

/** The ISO form of an instant with the zone's offset, Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS[.ffffff]±HH:MM`. */
export function pythonDateString(name: string | null | undefined, instantMs: number): string {
  const offset = offsetAt(name, instantMs);
  const wall = new Date(instantMs + offset * 60_000).toISOString(); // 2024-03-01T09:00:00.000Z
  const ms = wall.slice(20, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}${ms === '000' ? '' : `.${ms}000`}${sign}${hhmm}`;
}
