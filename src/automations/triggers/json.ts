// Events and firings as stored JSON (automation_bucket.last_event,
// composite_trigger_child_firing.child_firing) and back. Datetimes are
// Prefect's JSON form on the way out and Dates on the way back.
import type { ReceivedEvent } from '../../events/types.ts';
import { eventJson } from '../../events/validation.ts';
import { formatDateTime } from '../../validation/datetime.ts';
import type { Firing, Trigger } from '../types.ts';

/** A ReceivedEvent as Prefect dumps it (mode="json"). */
export function eventToJson(event: ReceivedEvent): Record<string, unknown> {
  return JSON.parse(eventJson(event)) as Record<string, unknown>;
}

/** Stored or decoded JSON (a string on SQLite raw reads) → a value. */
export function parseJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  return new Date(String(value));
}

export function eventFromJson(value: unknown): ReceivedEvent | null {
  const json = parseJsonColumn(value) as Record<string, unknown> | null;
  if (!json || typeof json !== 'object') return null;
  return {
    occurred: toDate(json.occurred),
    event: String(json.event),
    resource: (json.resource ?? {}) as Record<string, string>,
    related: (json.related ?? []) as Record<string, string>[],
    payload: (json.payload ?? {}) as Record<string, unknown>,
    id: String(json.id),
    follows: (json.follows as string | null) ?? null,
    received: toDate(json.received ?? json.occurred),
  };
}

/** A Firing as Prefect's model_dump(mode="json") would give it. */
export function firingToJson(firing: Firing): Record<string, unknown> {
  return {
    id: firing.id,
    trigger: firing.trigger,
    trigger_states: firing.trigger_states,
    triggered: formatDateTime(firing.triggered),
    triggering_labels: firing.triggering_labels,
    triggering_firings: firing.triggering_firings.map(firingToJson),
    triggering_event: firing.triggering_event ? eventToJson(firing.triggering_event) : null,
    triggering_value: firing.triggering_value ?? null,
  };
}

export function firingFromJson(value: unknown): Firing {
  const json = parseJsonColumn(value) as Record<string, unknown>;
  return {
    id: String(json.id),
    trigger: json.trigger as Trigger,
    trigger_states: (json.trigger_states as Firing['trigger_states']) ?? ['Triggered'],
    triggered: toDate(json.triggered),
    triggering_labels: (json.triggering_labels ?? {}) as Record<string, string>,
    triggering_firings: ((json.triggering_firings ?? []) as unknown[]).map(firingFromJson),
    triggering_event: eventFromJson(json.triggering_event),
    triggering_value: json.triggering_value ?? null,
  };
}
