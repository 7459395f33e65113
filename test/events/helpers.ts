// Shared pieces of the events tests: a valid event, and the stored rows.
import { randomUUID } from 'node:crypto';
import type { TestServer } from '../support/server.ts';

export function makeEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurred: '2026-11-30T12:00:00.123456Z',
    event: 'test.event.happened',
    resource: { 'prefect.resource.id': `test.resource.${randomUUID()}`, 'prefect.resource.name': 'thing' },
    related: [{ 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' }],
    payload: { answer: 42, nested: { list: [1, 'two'] } },
    id: randomUUID(),
    ...overrides,
  };
}

export async function storedEvents(server: TestServer, ids: string[]) {
  return server.db.event.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
}

export async function storedResources(server: TestServer, ids: string[]) {
  return server.db.eventResource.findMany({ where: { event_id: { in: ids } }, orderBy: [{ event_id: 'asc' }, { resource_role: 'asc' }] });
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Persister settings for tests: every event flushes as it arrives, so a drained bus means stored rows. */
export const FLUSH_EACH = { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1', PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.05' };
