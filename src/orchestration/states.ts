// States inside the engine: the proposal built from a StateCreate (§3.1),
// states the server makes itself (AwaitingRetry, Cancelled, ...), and the
// run's current state read back from its row.
import { fullStateDetails, isPlainObject, type StateDetails } from './state-details.ts';
import type { StateCreateInput, StateType } from './types.ts';
import { uuid7 } from './uuid7.ts';

/** A state as rules see it; both proposals and the current state have this shape. */
export interface OrchestratedState {
  id: string;
  type: StateType;
  name: string;
  timestamp: Date;
  message: string | null;
  /** The value as proposed (or as stored, for the current state). */
  data: unknown;
  state_details: StateDetails;
}

/** The columns both state tables share. */
export interface StateRowLike {
  id: string;
  type: string;
  name: string;
  timestamp: Date;
  message: string | null;
  data: unknown;
  state_details: unknown;
  /** The result artifact holding the state's data (artifacts §7). */
  result_artifact_id?: string | null;
  /** Its data, when the read joined it (undefined: not read). */
  result_artifact?: { data: unknown } | null;
}

/** Python's truth value of a JSON value. */
const truthy = (v: unknown): boolean =>
  !(v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0));

/**
 * A state row's data as Prefect reads it (FlowRunState.data): inline data of
 * older rows when truthy, else its result artifact's data, else null.
 * undefined when the row points at an artifact that was not read with it.
 */
export function stateDataOf(row: Pick<StateRowLike, 'data' | 'result_artifact_id' | 'result_artifact'>): unknown {
  if (truthy(row.data)) return row.data;
  if (!row.result_artifact_id) return null;
  if (row.result_artifact === undefined) return undefined;
  return row.result_artifact?.data ?? null;
}

/** Scheduled, Pending, ...: the type with only its first letter upper case. */
export const defaultStateName = (type: StateType): string => type.charAt(0) + type.slice(1).toLowerCase();

export interface ServerStateFields {
  name?: string | null;
  message?: string | null;
  data?: unknown;
  state_details?: StateDetails | null;
}

/**
 * A new state with a fresh id and timestamp "now": a StateCreate turned into
 * a proposal, or a replacement state made by a rule. SCHEDULED states get
 * scheduled_time = now when none is given.
 */
export function makeState(type: StateType, fields: ServerStateFields = {}, now: Date = new Date()): OrchestratedState {
  const state_details = fullStateDetails(fields.state_details ?? {});
  if (type === 'SCHEDULED' && state_details.scheduled_time === null) state_details.scheduled_time = now.toISOString();
  return {
    id: uuid7(now.getTime()),
    type,
    // null or absent → default name; "" is kept.
    name: fields.name ?? defaultStateName(type),
    timestamp: now,
    message: fields.message ?? null,
    data: fields.data ?? null,
    state_details,
  };
}

export const buildProposedState = (input: StateCreateInput, now: Date = new Date()): OrchestratedState => makeState(input.type, input, now);

export function stateFromRow(row: StateRowLike): OrchestratedState {
  return {
    id: row.id,
    type: row.type as StateType,
    name: row.name,
    timestamp: row.timestamp,
    message: row.message,
    data: stateDataOf(row) ?? null,
    state_details: fullStateDetails(row.state_details),
  };
}

/**
 * "Persisted result" (orchestration.md terms): a JSON object whose "type" is
 * not "unpersisted". Scalars, lists and null never count.
 */
export const isPersistedResult = (data: unknown): boolean => isPlainObject(data) && data.type !== 'unpersisted';

const ARTIFACT_KEYS = ['artifact_key', 'artifact_type', 'artifact_description'];

/**
 * The data a written state reports (§3.5): {"type": "unpersisted"} is
 * dropped; an object loses the artifact_* keys moved onto its result artifact
 * (resources/artifacts/results.ts stores it).
 */
export function storedData(data: unknown): unknown {
  if (data === null || data === undefined) return null;
  if (isPlainObject(data)) {
    if (data.type === 'unpersisted') return null;
    return Object.fromEntries(Object.entries(data).filter(([key]) => !ARTIFACT_KEYS.includes(key)));
  }
  return data;
}

/** What the answer echoes for a written state: the stored value, or the unpersisted marker as sent. */
export const echoedData = (data: unknown): unknown => (isPlainObject(data) && data.type === 'unpersisted' ? data : storedData(data));

/** The SCHEDULED state a failed run is retried from: "AwaitingRetry" at `scheduledTime`. */
export function awaitingRetry(failed: OrchestratedState, scheduledTime: Date): OrchestratedState {
  return makeState('SCHEDULED', {
    name: 'AwaitingRetry',
    message: failed.message,
    data: failed.data,
    state_details: { scheduled_time: scheduledTime.toISOString() },
  });
}
