// `prefect.variable.created` / `.updated` / `.deleted` (§2.5; Prefect's
// lifecycle._variable_event): the variable as resource, name/value/tags as payload.
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import type { VariableRow } from './types.ts';

export function variableLifecycleEvent(action: 'created' | 'updated' | 'deleted', variable: VariableRow, occurred: Date = new Date()): ReceivedEvent {
  return {
    occurred,
    event: `prefect.variable.${action}`,
    resource: { 'prefect.resource.id': `prefect.variable.${variable.id}`, 'prefect.resource.name': variable.name },
    related: [],
    payload: { name: variable.name, value: variable.value ?? null, tags: Array.isArray(variable.tags) ? variable.tags : [] },
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}
