// prefect.automation.triggered (events §7.1): the event an automation's
// firing announces. `prefect.automation.resolved` has the same shape but
// nothing on this server produces it (§6.4).
import type { ReceivedEvent } from '../../events/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { Automation, Firing } from '../types.ts';
import { eventToJson } from './json.ts';

export function automationTriggeredEvent(automation: Automation, firing: Firing): ReceivedEvent {
  const resource: Record<string, string> = {
    'prefect.resource.id': `prefect.automation.${automation.id}`,
    'prefect.resource.name': automation.name,
  };
  // Only an event trigger has a posture; a composite firing's event has none.
  if (firing.trigger.type === 'event') resource['prefect.posture'] = firing.trigger.posture;
  const triggering = firing.triggering_event;
  return {
    occurred: firing.triggered,
    event: 'prefect.automation.triggered',
    resource,
    related: triggering ? [{ 'prefect.resource.id': `prefect.event.${triggering.id}`, 'prefect.resource.role': 'triggering-event' }] : [],
    payload: { triggering_labels: firing.triggering_labels, triggering_event: triggering ? eventToJson(triggering) : null },
    id: uuid7(firing.triggered.getTime()),
    follows: null,
    // Stamped again when it is published after the commit.
    received: firing.triggered,
  };
}
