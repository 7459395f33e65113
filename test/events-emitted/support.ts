// Collecting what the server publishes on its event bus, and the shapes the
// tests expect (events §4.2).
import { beforeAll } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.ts';
import type { TestServer } from '../support/server.ts';

/** Subscribes once per server; `emitted(action)` answers the events published while the action ran. */
export function useCollector(server: () => TestServer) {
  let seen: ReceivedEvent[] = [];
  beforeAll(() => {
    server().events.subscribe('events-emitted-test', (event) => {
      seen.push(event);
    });
  });
  return {
    async emitted(action: () => Promise<unknown>, prefix = ''): Promise<ReceivedEvent[]> {
      await server().events.drain();
      seen = [];
      await action();
      await server().events.drain();
      return seen.filter((event) => event.event.startsWith(prefix));
    },
  };
}

export interface StateJson {
  id: string;
  type: string;
  name: string;
  timestamp: string;
  message: string | null;
}

export interface RunJson {
  id: string;
  name: string;
  run_count: number;
  state: StateJson;
}

/** The API prints `…05.120000Z` or `…05Z`; Python's isoformat is the same with `+00:00`. */
export const pythonTimestamp = (timestamp: string): string => timestamp.replace(/Z$/, '+00:00');

export function runResource(run: { id: string; name: string }, runCount: number, state: StateJson, message = state.message ?? '') {
  return {
    'prefect.resource.id': `prefect.flow-run.${run.id}`,
    'prefect.resource.name': run.name,
    'prefect.run-count': String(runCount),
    'prefect.state-message': message,
    'prefect.state-name': state.name,
    'prefect.state-timestamp': pythonTimestamp(state.timestamp),
    'prefect.state-type': state.type,
  };
}

export const flowRelated = (flow: { id: string; name: string }) => ({
  'prefect.resource.id': `prefect.flow.${flow.id}`,
  'prefect.resource.role': 'flow',
  'prefect.resource.name': flow.name,
});

export const tagRelated = (tag: string) => ({ 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' });

export const RESOURCE_KEYS = [
  'prefect.resource.id',
  'prefect.resource.name',
  'prefect.run-count',
  'prefect.state-message',
  'prefect.state-name',
  'prefect.state-timestamp',
  'prefect.state-type',
];
