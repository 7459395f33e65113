// StateDetails (flows-and-runs §4.2): every stored state carries all 18
// fields, datetimes as ISO strings inside the JSON column.
import { parseDateTime } from '../validation/datetime.ts';

export type StateDetails = Record<string, unknown>;

/** Field order and defaults as Prefect serialises them. */
export const STATE_DETAILS_DEFAULTS: Readonly<StateDetails> = {
  flow_run_id: null,
  task_run_id: null,
  child_flow_run_id: null,
  scheduled_time: null,
  cache_key: null,
  cache_expiration: null,
  deferred: false,
  untrackable_result: false,
  pause_timeout: null,
  pause_reschedule: false,
  pause_key: null,
  run_input_keyset: null,
  refresh_cache: null,
  retriable: null,
  transition_id: null,
  task_parameters_id: null,
  traceparent: null,
  deployment_concurrency_lease_id: null,
};

/** The defaults as entries, made once: fullStateDetails runs for every state of a page. */
const DEFAULT_ENTRIES = Object.entries(STATE_DETAILS_DEFAULTS);

const DATETIME_FIELDS = new Set(['scheduled_time', 'cache_expiration', 'pause_timeout']);
// Not nullable in Prefect's model: a stored null can only be a legacy row.
const NOT_NULLABLE = new Set(['untrackable_result', 'pause_reschedule']);

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Dates (GraphQL input) and lax datetime text become one ISO form, so stored JSON compares and sorts alike. */
function storedDateTime(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  try {
    return parseDateTime(value).toISOString();
  } catch {
    return value;
  }
}

/**
 * Normalises stored (or proposed) state_details to all 18 fields with their
 * defaults; unknown keys are dropped, as Prefect drops them.
 */
export function fullStateDetails(stored: unknown): StateDetails {
  let source: unknown = stored;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      source = {};
    }
  }
  const given = isPlainObject(source) ? source : {};
  const details: StateDetails = {};
  for (const [key, fallback] of DEFAULT_ENTRIES) {
    const value = given[key];
    if (value === undefined || (value === null && NOT_NULLABLE.has(key))) details[key] = fallback;
    else details[key] = DATETIME_FIELDS.has(key) ? storedDateTime(value) : value;
  }
  return details;
}

/** A datetime field of normalised details as a Date (null when unset or unreadable). */
export function detailTime(details: StateDetails, key: 'scheduled_time' | 'cache_expiration' | 'pause_timeout'): Date | null {
  const value = details[key];
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}
