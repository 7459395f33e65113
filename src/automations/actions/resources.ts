// Finding the resource an action works on in its triggering event (events
// §6.9, Prefect's _first_resource_of_kind): the first involved resource
// (primary, then related in order) of that kind decides; its id must end in
// a UUID, else nothing is inferred.
import type { ReceivedEvent, Resource } from '../../events/types.ts';
import type { TriggeredAction } from '../types.ts';
import { ActionFailed } from './outcome.ts';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID in its canonical form, or null (Python's UUID() accepts either case and no hyphens). */
export function canonicalUuid(text: string): string | null {
  const t = text.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1');
  if (!UUID.test(t)) return null;
  const hex = t.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const kindOf = (resourceId: string) => resourceId.slice(0, Math.max(0, resourceId.lastIndexOf('.')));

/** `prefect.<kind>.<uuid>` → the uuid when the kind matches. */
export function idFromResourceId(resourceId: string, kind: string): string | null {
  if (kindOf(resourceId) !== kind) return null;
  return canonicalUuid(resourceId.slice(resourceId.lastIndexOf('.') + 1));
}

export function involvedResources(event: ReceivedEvent): Resource[] {
  return [event.resource, ...event.related];
}

export function firstResourceOfKind(event: ReceivedEvent, kind: string): Resource | null {
  return involvedResources(event).find((r) => kindOf(r['prefect.resource.id'] ?? '') === kind) ?? null;
}

export function idOfFirstResourceOfKind(event: ReceivedEvent, kind: string): string | null {
  const resource = firstResourceOfKind(event, kind);
  return resource ? idFromResourceId(resource['prefect.resource.id'], kind) : null;
}

/** The `*_id` a selected action names, or the one inferred from the event (with Prefect's reasons). */
export function targetId(triggered: TriggeredAction, idKey: string, kind: string, noun: string): string {
  const { action } = triggered;
  if ((action.source ?? 'selected') === 'selected') return String(action[idKey]);
  const event = triggered.triggering_event;
  if (!event) throw new ActionFailed(`No event to infer the ${noun}`);
  const id = idOfFirstResourceOfKind(event, kind);
  if (!id) throw new ActionFailed(`No ${noun} could be inferred`);
  return id;
}

/** The flow run of a flow-run action: the triggering labels' resource first (Proactive), then the event's. */
export function flowRunId(triggered: TriggeredAction): string {
  const fromLabels = triggered.triggering_labels['prefect.resource.id'];
  if (fromLabels) {
    const id = idFromResourceId(fromLabels, 'prefect.flow-run');
    if (id) return id;
  }
  const event = triggered.triggering_event;
  if (event) {
    const id = idOfFirstResourceOfKind(event, 'prefect.flow-run');
    if (id) return id;
  }
  throw new ActionFailed('No flow run could be inferred');
}
