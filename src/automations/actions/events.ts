// prefect.automation.action.triggered, then .executed or .failed (events §7.2),
// built as Prefect's Action.succeed / Action.fail build them.
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { EventBus } from '../../events/bus.ts';
import type { ReceivedEvent, RelatedResource, Resource } from '../../events/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { TriggeredAction } from '../types.ts';
import type { Outcome } from './outcome.ts';

/** `follows` on .triggered only when the firing is this close to the triggering event. */
const TIGHT_TIMING_MS = 5 * 60_000;

function automationResource(triggered: TriggeredAction): Resource {
  const { automation } = triggered;
  const resource: Resource = {
    'prefect.resource.id': `prefect.automation.${automation.id}`,
    'prefect.resource.name': automation.name,
    'prefect.trigger-type': automation.trigger.type,
  };
  if (automation.trigger.type === 'event') resource['prefect.posture'] = automation.trigger.posture;
  return resource;
}

function relatedOf(triggered: TriggeredAction, outcome: Outcome): RelatedResource[] {
  const related = [...outcome.related];
  if (triggered.automation_triggered_event_id) {
    related.push({ 'prefect.resource.id': `prefect.event.${triggered.automation_triggered_event_id}`, 'prefect.resource.role': 'automation-triggered-event' });
  }
  if (triggered.triggering_event) {
    related.push({ 'prefect.resource.id': `prefect.event.${triggered.triggering_event.id}`, 'prefect.resource.role': 'triggering-event' });
  }
  return related;
}

/** The two events of one action run; `reason` makes the second one `.failed`. */
export function actionEvents(triggered: TriggeredAction, outcome: Outcome, reason: string | null, now: Date = new Date()): ReceivedEvent[] {
  const resource = automationResource(triggered);
  const related = relatedOf(triggered, outcome);
  const details = { action_index: triggered.action_index, action_type: triggered.action.type, invocation: triggered.id };
  const firedAt = new Date(triggered.triggered);
  const source = triggered.triggering_event;
  const follows = source && Math.abs(firedAt.getTime() - new Date(source.occurred).getTime()) < TIGHT_TIMING_MS ? source.id : null;
  const triggeredId = uuid7();
  const first: ReceivedEvent = {
    occurred: firedAt,
    event: 'prefect.automation.action.triggered',
    resource,
    related,
    payload: details,
    id: triggeredId,
    follows,
    received: now,
  };
  const second: ReceivedEvent = {
    occurred: now,
    event: reason === null ? 'prefect.automation.action.executed' : 'prefect.automation.action.failed',
    resource,
    related,
    payload: reason === null ? { ...details, ...outcome.details } : { ...details, reason, ...outcome.details },
    id: uuid7(),
    follows: triggeredId,
    received: now,
  };
  return [first, second];
}

export function publishActionEvents(bus: EventBus, triggered: TriggeredAction, outcome: Outcome, reason: string | null): void {
  publishCommitted(bus, actionEvents(triggered, outcome, reason));
}
