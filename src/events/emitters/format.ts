// The small formats of server-emitted events (events §4.2): Python's
// isoformat for timestamps inside labels, Prefect's message truncation, and the
// state payload. Lengths and slices count code points, as Python's str does.
import { fullStateDetails } from '../../orchestration/state-details.ts';

/** Prefect truncates state messages longer than this (TRUNCATE_STATE_MESSAGES_AT). */
export const TRUNCATE_STATE_MESSAGES_AT = 100_000;

/**
 * Python's `datetime.isoformat()` of a UTC datetime: `+00:00`, and a
 * six-digit fraction only when the microseconds are not 0
 * (`2024-01-02T03:04:05.120000+00:00`, `2024-01-02T03:04:05+00:00`).
 * Dates hold milliseconds, so the last three digits are always 0.
 */
export function pythonIsoformat(date: Date): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

/**
 * Prefect's `truncated_to`: "" for no text; text longer than `length` keeps
 * its first and last `length // 2` characters around
 * `...<omitted> additional characters...`, but only when that is shorter.
 */
export function truncatedTo(length: number, value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= length) return value; // UTF-16 units ≥ code points
  const chars = Array.from(value);
  if (chars.length <= length) return value;
  const half = Math.floor(length / 2);
  const beginning = chars.slice(0, half);
  // Python's value[-0:] is the whole string.
  const end = half === 0 ? chars : chars.slice(chars.length - half);
  const omitted = chars.length - (beginning.length + end.length);
  const proposed = `${beginning.join('')}...${omitted} additional characters...${end.join('')}`;
  return Array.from(proposed).length < chars.length ? proposed : value;
}

/** The state fields an event reads. */
export interface EventState {
  id: string;
  type: string;
  name: string | null;
  timestamp: Date;
  message: string | null;
  state_details: unknown;
}

export interface StatePayload {
  type: string;
  name?: string;
  message?: string;
  pause_reschedule?: 'true' | 'false';
}

/** Prefect's `state_payload`: type, then name and message when non-empty, then pause_reschedule for PAUSED. */
export function statePayload(state: EventState | null): StatePayload | null {
  if (!state) return null;
  const payload: StatePayload = { type: state.type };
  if (state.name) payload.name = state.name;
  const message = truncatedTo(TRUNCATE_STATE_MESSAGES_AT, state.message);
  if (message) payload.message = message;
  if (state.type === 'PAUSED') payload.pause_reschedule = fullStateDetails(state.state_details).pause_reschedule === true ? 'true' : 'false';
  return payload;
}

/** Python's `sorted()` of strings: by code point (JavaScript's default sort compares UTF-16 units). */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
