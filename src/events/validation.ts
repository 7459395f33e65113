// Event validation (events §1.1–1.2): the rules Prefect's Event, Resource and
// RelatedResource models apply after their field types, with Pydantic's error
// items (`value_error`, `Value error, <text>`) at Prefect's `loc`. The field
// types themselves (occurred, event, id, follows) are checked by the door that
// parsed the input: GraphQL variable coercion for POST /events, parseEventJson
// below for the /events/in websocket.
import { NUL_MESSAGE, ValidationError, type ValidationItem } from '../errors.ts';
import { LONE_SURROGATE_MESSAGE, unstorableIn } from '../db/unstorable-text.ts';
import type { Settings } from '../settings.ts';
import { formatDateTime, parseDateTime } from '../validation/datetime.ts';
import { InvalidInput } from '../validation/invalid-input.ts';
import { parseUuid } from '../validation/uuid.ts';
import type { ReceivedEvent, Resource } from './types.ts';

type Loc = (string | number)[];
export type EventLimits = Settings['events'];

/** An event as a client sends it, after its field types were checked. */
export interface EventInput {
  occurred: Date;
  event: string;
  resource: unknown;
  related?: unknown;
  payload?: unknown;
  id: string;
  follows?: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const valueError = (loc: Loc, text: string, input: unknown): ValidationItem => ({ type: 'value_error', loc, msg: `Value error, ${text}`, input, ctx: { error: {} } });

/** NUL or an unpaired surrogate anywhere in a JSON value (keys too): PostgreSQL cannot store them (house rule). */
function unstorable(value: unknown): string | undefined {
  const problem = unstorableIn(value);
  return problem === 'nul' ? NUL_MESSAGE : problem === 'surrogate' ? LONE_SURROGATE_MESSAGE : undefined;
}

/** Resource (and RelatedResource) validation: a flat object of strings, then Prefect's model validators in order. */
function checkResource(value: unknown, loc: Loc, related: boolean, limits: EventLimits, items: ValidationItem[]): Resource | undefined {
  if (!isObject(value)) {
    items.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value });
    return undefined;
  }
  let typed = true;
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== 'string') {
      items.push({ type: 'string_type', loc: [...loc, key], msg: 'Input should be a valid string', input: label });
      typed = false;
    }
  }
  if (!typed) return undefined;
  const labels = value as Resource;
  // Model validators run one after another; the first failure is the one reported.
  const count = Object.keys(labels).length;
  let problem: string | undefined;
  if (count > limits.maxLabelsPerResource) problem = `The maximum number of labels per resource is ${limits.maxLabelsPerResource}`;
  else if (!('prefect.resource.id' in labels)) problem = 'Resources must include the prefect.resource.id label';
  else if (!labels['prefect.resource.id']) problem = 'The prefect.resource.id label must be non-empty';
  else if (related && !('prefect.resource.role' in labels)) problem = 'Related Resources must include the prefect.resource.role label';
  else if (related && !labels['prefect.resource.role']) problem = 'The prefect.resource.role label must be non-empty';
  if (problem) {
    items.push(valueError(loc, problem, value));
    return undefined;
  }
  const text = unstorable(labels);
  if (text) {
    items.push({ type: 'value_error', loc, msg: text, input: value, ctx: { error: {} } });
    return undefined;
  }
  return labels;
}

/**
 * Checks one event whose field types already passed; pushes Pydantic's items
 * (loc under `loc`, e.g. ['body', 0]) and returns the event ready to publish.
 */
function checkEvent(input: EventInput, loc: Loc, limits: EventLimits, received: Date, items: ValidationItem[]): ReceivedEvent | undefined {
  const before = items.length;
  if (input.event.length > limits.maxEventNameLength) {
    items.push(valueError([...loc, 'event'], `Event name must be at most ${limits.maxEventNameLength} characters`, input.event));
  } else {
    const text = unstorable(input.event);
    if (text) items.push({ type: 'value_error', loc: [...loc, 'event'], msg: text, input: input.event, ctx: { error: {} } });
  }
  const resource = checkResource(input.resource, [...loc, 'resource'], false, limits, items);
  const relatedInput = input.related === undefined ? [] : input.related;
  let related: Resource[] = [];
  if (!Array.isArray(relatedInput)) {
    items.push({ type: 'list_type', loc: [...loc, 'related'], msg: 'Input should be a valid list', input: relatedInput });
  } else {
    const beforeRelated = items.length;
    related = relatedInput.map((item, i) => checkResource(item, [...loc, 'related', i], true, limits, items)!);
    // The list's own validator runs only once every item is valid.
    if (items.length === beforeRelated && related.length > limits.maxRelatedResources) {
      items.push(valueError([...loc, 'related'], `The maximum number of related resources is ${limits.maxRelatedResources}`, relatedInput));
    }
  }
  const payload = input.payload === undefined ? {} : input.payload;
  if (!isObject(payload)) {
    items.push({ type: 'dict_type', loc: [...loc, 'payload'], msg: 'Input should be a valid dictionary', input: payload });
  } else {
    const text = unstorable(payload);
    if (text) items.push({ type: 'value_error', loc: [...loc, 'payload'], msg: text, input: payload, ctx: { error: {} } });
  }
  if (items.length > before) return undefined;
  return {
    occurred: input.occurred,
    event: input.event,
    resource: resource!,
    related,
    payload: payload as Record<string, unknown>,
    id: input.id,
    follows: input.follows ?? null,
    received,
  };
}

/**
 * Validates a batch (POST /events): every problem of every event is reported
 * and one bad event rejects the batch (422). All get `received` = now.
 */
export function receiveEvents(inputs: readonly EventInput[], limits: EventLimits, locPrefix: Loc = ['body']): ReceivedEvent[] {
  const items: ValidationItem[] = [];
  const received = new Date();
  const events = inputs.map((input, i) => checkEvent(input, [...locPrefix, i], limits, received, items));
  if (items.length > 0) throw new ValidationError(items);
  return events as ReceivedEvent[];
}

/** Pydantic's item for a field whose type check failed. */
function typeItem(error: unknown, loc: Loc, input: unknown, items: ValidationItem[]): void {
  if (!(error instanceof InvalidInput)) throw error;
  items.push({ type: error.type, loc, msg: error.msg, input, ...(error.ctx ? { ctx: error.ctx } : {}) });
}

/**
 * One event from its JSON text (the /events/in websocket: Event.model_validate_json):
 * field types, then the model rules. Unknown keys (a client's `received`) are ignored.
 * Throws ValidationError with locs relative to the event (no 'body').
 */
export function parseEventJson(text: string, limits: EventLimits): ReceivedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError([{ type: 'json_invalid', loc: [], msg: 'Invalid JSON', input: text }]);
  }
  if (!isObject(value)) {
    throw new ValidationError([{ type: 'model_type', loc: [], msg: 'Input should be a valid dictionary or instance of Event', input: value, ctx: { class_name: 'Event' } }]);
  }
  const items: ValidationItem[] = [];
  const required = (key: string) => {
    if (value[key] === undefined) items.push({ type: 'missing', loc: [key], msg: 'Field required', input: value });
    return value[key] !== undefined;
  };
  let occurred: Date | undefined;
  if (required('occurred')) {
    try {
      occurred = parseDateTime(value.occurred);
    } catch (error) {
      typeItem(error, ['occurred'], value.occurred, items);
    }
  }
  if (required('event') && typeof value.event !== 'string') items.push({ type: 'string_type', loc: ['event'], msg: 'Input should be a valid string', input: value.event });
  required('resource');
  let id: string | undefined;
  if (required('id')) {
    try {
      id = parseUuid(value.id);
    } catch (error) {
      typeItem(error, ['id'], value.id, items);
    }
  }
  let follows: string | null = null;
  if (value.follows !== undefined && value.follows !== null) {
    try {
      follows = parseUuid(value.follows);
    } catch (error) {
      typeItem(error, ['follows'], value.follows, items);
    }
  }
  if (items.length > 0) throw new ValidationError(items);
  const input: EventInput = { occurred: occurred!, event: value.event as string, resource: value.resource, related: value.related, payload: value.payload, id: id!, follows };
  const event = checkEvent(input, [], limits, new Date(), items);
  if (!event) throw new ValidationError(items);
  return event;
}

/** The event as Prefect serialises a ReceivedEvent (key order of events §1.1), for size checks and messages. */
export function eventJson(event: ReceivedEvent): string {
  return JSON.stringify({
    occurred: formatDateTime(event.occurred),
    event: event.event,
    resource: event.resource,
    related: event.related,
    payload: event.payload,
    id: event.id,
    follows: event.follows,
    received: formatDateTime(event.received),
  });
}
