// Shared pieces of the events-read tests: events posted through POST /events
// and stored by the persister (batch size 1), each test under its own event
// name prefix so tests sharing a database do not see each other's events.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestServer } from '../support/server.ts';

/**
 * Every event flushes as it arrives: a drained bus means stored rows. The
 * retention is ten years so that the vacuum service (first run at start)
 * keeps the 2024 events of the count tests.
 */
export const FLUSH_EACH = {
  PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1',
  PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.05',
  PREFECT_SERVER_EVENTS_RETENTION_PERIOD: String(3650 * 86_400),
};

export type Ev = {
  occurred: string;
  event: string;
  resource: Record<string, string>;
  related: Record<string, string>[];
  payload: Record<string, unknown>;
  id: string;
  follows?: string | null;
};

/** A fresh prefix for a test's event names (`t1a2b3c4.`). */
export const newPrefix = () => `t${randomUUID().slice(0, 8)}.`;

export function ev(prefix: string, overrides: Partial<Ev> & { name?: string } = {}): Ev {
  const { name, ...rest } = overrides;
  return {
    occurred: new Date(Date.now() - 60_000).toISOString(),
    event: `${prefix}${name ?? 'happened'}`,
    resource: { 'prefect.resource.id': `res.${randomUUID()}` },
    related: [],
    payload: {},
    id: randomUUID(),
    ...rest,
  };
}

/** POSTs the events and waits until the persister stored them. */
export async function store(server: TestServer, events: Ev[]): Promise<void> {
  const res = await server.rest('POST', '/events', events);
  expect(res.status).toBe(204);
  await server.events.drain();
  // Storage is asynchronous (a failed flush is retried later): wait until every row is there.
  const wanted = events.map((e) => e.id);
  const end = Date.now() + 10_000;
  while ((await server.db.event.count({ where: { id: { in: wanted } } })) < wanted.length) {
    if (Date.now() > end) throw new Error('events not stored in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** POST /events/filter → the answer. */
export async function filter(server: TestServer, body: unknown) {
  return server.rest('POST', '/events/filter', body);
}

/** The ids of a /events/filter answer under `prefix` with extra filter keys. */
export async function ids(server: TestServer, prefix: string, extra: Record<string, unknown> = {}, limit?: number): Promise<string[]> {
  const f = { event: { prefix: [prefix] }, ...extra };
  const res = await filter(server, { filter: f, ...(limit === undefined ? {} : { limit }) });
  expect(res.status, res.text).toBe(200);
  return res.body.events.map((e: Ev) => e.id);
}

/** The minutes-ago time as ISO. */
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
