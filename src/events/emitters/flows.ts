// `prefect.flow.created` / `.updated` / `.deleted` (events §4.3; Prefect's
// lifecycle.flow_*_event): the flow as resource, its name, tags and labels as
// payload, a fresh UUIDv7 as id.
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../types.ts';

export interface FlowForEvents {
  id: string;
  name: string;
  tags: unknown;
  labels: unknown;
}

export function flowLifecycleEvent(action: 'created' | 'updated' | 'deleted', flow: FlowForEvents, occurred: Date = new Date()): ReceivedEvent {
  return {
    occurred,
    event: `prefect.flow.${action}`,
    resource: { 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.name': flow.name },
    related: [],
    payload: { name: flow.name, tags: Array.isArray(flow.tags) ? flow.tags : [], labels: flow.labels ?? null },
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}
