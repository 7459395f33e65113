// `prefect.automation.created` / `.updated` / `.deleted` (events §4.3, §5.4;
// Prefect's lifecycle._automation_event): the automation as resource, the
// whole automation (its JSON as the API answers it) as payload.
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { formatDateTime } from '../../validation/datetime.ts';
import { toAutomation, type AutomationRow } from './model.ts';

/** The automation's JSON, keys in Prefect's order. */
export function automationJson(row: AutomationRow): Record<string, unknown> {
  const automation = toAutomation(row);
  return { ...automation, created: formatDateTime(automation.created), updated: formatDateTime(automation.updated) };
}

export function automationLifecycleEvent(action: 'created' | 'updated' | 'deleted', row: AutomationRow, occurred: Date = new Date()): ReceivedEvent {
  return {
    occurred,
    event: `prefect.automation.${action}`,
    resource: { 'prefect.resource.id': `prefect.automation.${row.id}`, 'prefect.resource.name': row.name },
    related: [],
    payload: automationJson(row),
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}
