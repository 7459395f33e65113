// Task-run state events as Prefect's SDK sends them (events-and-automations
// §4.5), for the recorder tests.
import { randomUUID } from 'node:crypto';
import type { ReceivedEvent } from '../../src/events/types.ts';

export interface TaskEventOptions {
  taskRunId: string;
  /** null: a task run outside any flow run (no flow-run related resource). */
  flowRunId: string | null;
  type: string;
  name?: string;
  /** ISO text, microseconds allowed: the SDK's state timestamp. */
  occurred: string;
  id?: string;
  follows?: string | null;
  message?: string;
  data?: unknown;
  taskRun?: Record<string, unknown>;
  /** Replaces the resource's labels (to drop `prefect.orchestration`, say). */
  resource?: Record<string, string>;
  event?: string;
}

const cap = (type: string) => type.charAt(0) + type.slice(1).toLowerCase();

/** Python's isoformat of a UTC datetime: `+00:00`, six digits when there is a fraction. */
function pythonIso(text: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(text)!;
  return `${m[1]}${m[2] ? `.${(`${m[2]}000000`).slice(0, 6)}` : ''}+00:00`;
}

export function taskEvent(o: TaskEventOptions): ReceivedEvent {
  const name = o.name ?? cap(o.type);
  const occurred = new Date(o.occurred);
  return {
    occurred,
    event: o.event ?? `prefect.task-run.${name}`,
    resource: o.resource ?? {
      'prefect.resource.id': `prefect.task-run.${o.taskRunId}`,
      'prefect.resource.name': 'my_task',
      'prefect.run-count': '1',
      'prefect.state-message': o.message ?? '',
      'prefect.state-name': name,
      'prefect.state-timestamp': pythonIso(o.occurred),
      'prefect.state-type': o.type,
      'prefect.orchestration': 'client',
    },
    related: o.flowRunId
      ? [
          { 'prefect.resource.id': `prefect.flow-run.${o.flowRunId}`, 'prefect.resource.role': 'flow-run', 'prefect.resource.name': 'crimson-fox' },
          { 'prefect.resource.id': 'prefect.flow.11111111-2222-3333-4444-555555555555', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'my-flow' },
        ]
      : [],
    payload: {
      intended: { from: null, to: o.type },
      initial_state: null,
      validated_state: { type: o.type, name, message: o.message ?? '', state_details: {}, data: o.data ?? null },
      // One task run per id: the default dynamic_key is the id, so natural keys never meet by accident.
      task_run: o.taskRun ?? { task_key: 'my_task-abcdefg', dynamic_key: o.taskRunId },
    },
    id: o.id ?? randomUUID(),
    follows: o.follows ?? null,
    received: new Date(),
  };
}
