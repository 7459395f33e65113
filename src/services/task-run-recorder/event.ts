// A client task-run event (events-and-automations §4.5) read into what the
// recorder writes: the task run's ids, the state row, and the task-run columns
// its payload sets. An event that Prefect's models would reject is invalid
// here too (InvalidTaskRunEvent): it can never be recorded.
import type { ReceivedEvent } from '../../events/types.ts';
import { fullStateDetails, isPlainObject, type StateDetails } from '../../orchestration/state-details.ts';
import { defaultStateName } from '../../orchestration/states.ts';
import { STATE_TYPES, type StateType } from '../../orchestration/types.ts';
import { MAX_TAGS } from '../../db/tags.ts';
import { parseDateTime } from '../../validation/datetime.ts';
import { parseUuid } from '../../validation/uuid.ts';

export class InvalidTaskRunEvent extends Error {}

/** Labels per object (README: fixed bounds). */
const MAX_LABELS = 1000;

export interface RecordedState {
  id: string;
  type: StateType;
  name: string;
  message: string | null;
  data: unknown;
  state_details: StateDetails;
}

export interface TaskRunEvent {
  /** The event's id (for logs). */
  eventId: string;
  /** `follows` of the event: the previous state event of this task run, when the SDK knew it. */
  follows: string | null;
  taskRunId: string;
  flowRunId: string | null;
  taskKey: string;
  dynamicKey: string;
  state: RecordedState;
  /**
   * The state's time in microseconds since the epoch. The stored columns hold
   * milliseconds; this keeps the order of two states within one millisecond.
   */
  micros: number;
  /** The task-run columns the payload sets (Prefect writes only the keys it was given). */
  columns: TaskRunColumns;
}

export interface TaskRunColumns {
  name?: string;
  cache_key?: string | null;
  cache_expiration?: Date | null;
  task_version?: string | null;
  empirical_policy?: Record<string, unknown>;
  tags?: string[];
  labels?: Record<string, unknown> | null;
  task_inputs?: Record<string, unknown>;
  run_count?: number;
  flow_run_run_count?: number;
  expected_start_time?: Date | null;
  next_scheduled_start_time?: Date | null;
  start_time?: Date | null;
  end_time?: Date | null;
  total_run_time?: number;
}

/** The events the recorder keeps: a task-run event the client orchestrated. */
export const isClientTaskRunEvent = (event: ReceivedEvent): boolean => event.event.startsWith('prefect.task-run') && event.resource['prefect.orchestration'] === 'client';

function invalid(what: string): never {
  throw new InvalidTaskRunEvent(what);
}

function uuidOf(value: unknown, what: string): string {
  try {
    return parseUuid(value);
  } catch {
    return invalid(`${what} is not a UUID`);
  }
}

/** The UUID after `<prefix>.` in a resource id (Prefect's prefect_object_id). */
function objectId(resourceId: string | undefined, prefix: string, what: string): string {
  if (!resourceId?.startsWith(`${prefix}.`)) return invalid(`${what}: the resource id does not start with ${prefix}.`);
  return uuidOf(resourceId.slice(prefix.length + 1), what);
}

const MICROS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}[.,](\d+)/;

/**
 * Microseconds of an ISO datetime text whose millisecond value is `ms`, or
 * null when the text does not describe that millisecond.
 */
function microsOf(text: unknown, ms: number): number | null {
  if (typeof text !== 'string') return null;
  let at: Date;
  try {
    at = parseDateTime(text);
  } catch {
    return null;
  }
  if (at.getTime() !== ms) return null;
  const digits = MICROS.exec(text.trim())?.[1] ?? '';
  return ms * 1000 + Number(`${digits}000000`.slice(3, 6));
}

function optionalText(source: Record<string, unknown>, key: string, nullable: boolean): string | null | undefined {
  if (!(key in source)) return undefined;
  const value = source[key];
  if (value === null && nullable) return null;
  if (typeof value !== 'string') return invalid(`${key} is not a string`);
  return value;
}

function optionalTime(source: Record<string, unknown>, key: string): Date | null | undefined {
  if (!(key in source)) return undefined;
  if (source[key] === null) return null;
  try {
    return parseDateTime(source[key]);
  } catch {
    return invalid(`${key} is not a datetime`);
  }
}

function optionalInt(source: Record<string, unknown>, key: string): number | undefined {
  if (!(key in source)) return undefined;
  const value = source[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(`${key} is not an integer`);
  return value;
}

const ISO_DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** A timedelta as Pydantic reads it: seconds (the SDK sends floats) or ISO 8601 (`PT9S`). */
function optionalSeconds(source: Record<string, unknown>, key: string): number | undefined {
  if (!(key in source)) return undefined;
  const value = source[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    const iso = ISO_DURATION.exec(value.trim());
    if (iso && !/^-?PT?$/i.test(value.trim())) {
      const [d, h, m, s] = iso.slice(2).map((x) => Number(x ?? 0));
      return (iso[1] ? -1 : 1) * (d * 86400 + h * 3600 + m * 60 + s);
    }
  }
  return invalid(`${key} is not a duration`);
}

function optionalObject(source: Record<string, unknown>, key: string, nullable: boolean): Record<string, unknown> | null | undefined {
  if (!(key in source)) return undefined;
  const value = source[key];
  if (value === null && nullable) return null;
  if (!isPlainObject(value)) return invalid(`${key} is not an object`);
  return value;
}

function taskRunColumns(task: Record<string, unknown>): TaskRunColumns {
  const columns: TaskRunColumns = {};
  const name = optionalText(task, 'name', false);
  if (name !== undefined) columns.name = name!;
  for (const key of ['cache_key', 'task_version'] as const) {
    const value = optionalText(task, key, true);
    if (value !== undefined) columns[key] = value;
  }
  for (const key of ['cache_expiration', 'expected_start_time', 'next_scheduled_start_time', 'start_time', 'end_time'] as const) {
    const value = optionalTime(task, key);
    if (value !== undefined) columns[key] = value;
  }
  for (const key of ['run_count', 'flow_run_run_count'] as const) {
    const value = optionalInt(task, key);
    if (value !== undefined) columns[key] = value;
  }
  const total = optionalSeconds(task, 'total_run_time');
  if (total !== undefined) columns.total_run_time = total;
  const policy = optionalObject(task, 'empirical_policy', false);
  if (policy) {
    // TaskRunPolicy's own checks (flows-and-runs §3.5).
    if (Array.isArray(policy.retry_delay) && policy.retry_delay.length > 50) invalid('more than 50 retry delays');
    if (typeof policy.retry_jitter_factor === 'number' && policy.retry_jitter_factor < 0) invalid('retry_jitter_factor is negative');
    columns.empirical_policy = policy;
  }
  const inputs = optionalObject(task, 'task_inputs', false);
  if (inputs) columns.task_inputs = inputs;
  const labels = optionalObject(task, 'labels', true);
  if (labels !== undefined) {
    if (labels && Object.keys(labels).length > MAX_LABELS) invalid(`more than ${MAX_LABELS} labels`);
    columns.labels = labels;
  }
  if ('tags' in task) {
    const tags = task.tags;
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) invalid('tags is not a list of strings');
    if (tags.length > MAX_TAGS) invalid(`more than ${MAX_TAGS} tags`);
    columns.tags = tags as string[];
  }
  return columns;
}

function recordedState(
  event: ReceivedEvent,
  validated: Record<string, unknown>,
  taskRunId: string,
  flowRunId: string | null,
): { state: RecordedState; ms: number; timeText: unknown } {
  // {"id": <event id>, "timestamp": <occurred>} overlaid with validated_state: its keys win.
  const id = 'id' in validated ? uuidOf(validated.id, 'validated_state.id') : uuidOf(event.id, 'the event id');
  let ms = event.occurred.getTime();
  let timeText: unknown = event.resource['prefect.state-timestamp'];
  if ('timestamp' in validated) {
    const at = optionalTime(validated, 'timestamp');
    if (!at) invalid('validated_state.timestamp is null');
    ms = at.getTime();
    timeText = validated.timestamp;
  }
  const type = validated.type;
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) invalid('validated_state.type is not a state type');
  const name = optionalText(validated, 'name', true);
  const message = optionalText(validated, 'message', true);
  const details = optionalObject(validated, 'state_details', true) ?? {};
  const state_details = fullStateDetails(details);
  for (const key of ['scheduled_time', 'cache_expiration', 'pause_timeout']) {
    if (state_details[key] !== null && Number.isNaN(new Date(String(state_details[key])).getTime())) invalid(`state_details.${key} is not a datetime`);
  }
  for (const key of ['child_flow_run_id', 'transition_id', 'task_parameters_id', 'deployment_concurrency_lease_id']) {
    if (state_details[key] !== null) state_details[key] = uuidOf(state_details[key], `state_details.${key}`);
  }
  // Forced, whatever the payload says.
  state_details.task_run_id = taskRunId;
  state_details.flow_run_id = flowRunId;
  return {
    state: {
      id,
      type: type as StateType,
      // A missing or null name defaults from the type; "" is kept.
      name: name ?? defaultStateName(type as StateType),
      message: message ?? null,
      data: validated.data ?? null,
      state_details,
    },
    ms,
    timeText,
  };
}

/** Reads a kept event (see isClientTaskRunEvent); throws InvalidTaskRunEvent when Prefect could not record it either. */
export function readTaskRunEvent(event: ReceivedEvent): TaskRunEvent {
  const payload = isPlainObject(event.payload) ? event.payload : {};
  const validated = payload.validated_state;
  const task = payload.task_run;
  if (!isPlainObject(validated)) invalid('payload.validated_state is missing');
  if (!isPlainObject(task)) invalid('payload.task_run is missing');

  let taskRunId = objectId(event.resource['prefect.resource.id'], 'prefect.task-run', 'the task run');
  // The first related resource in role flow-run, if any.
  const flowRunResource = event.related.find((r) => r['prefect.resource.role'] === 'flow-run');
  let flowRunId = flowRunResource ? objectId(flowRunResource['prefect.resource.id'], 'prefect.flow-run', 'the flow run') : null;
  const { state, ms, timeText } = recordedState(event, validated, taskRunId, flowRunId);
  // The task run is {"id", "flow_run_id", ...} overlaid with payload.task_run, so its keys win there.
  if ('id' in task) taskRunId = uuidOf(task.id, 'task_run.id');
  if ('flow_run_id' in task) flowRunId = task.flow_run_id === null ? null : uuidOf(task.flow_run_id, 'task_run.flow_run_id');
  const taskKey = optionalText(task, 'task_key', false);
  const dynamicKey = optionalText(task, 'dynamic_key', false);
  if (taskKey === undefined) invalid('task_run.task_key is missing');
  if (dynamicKey === undefined) invalid('task_run.dynamic_key is missing');

  return {
    eventId: event.id,
    follows: event.follows,
    taskRunId,
    flowRunId,
    taskKey: taskKey!,
    dynamicKey: dynamicKey!,
    state,
    micros: microsOf(timeText, ms) ?? ms * 1000,
    columns: taskRunColumns(task),
  };
}
