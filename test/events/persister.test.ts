// The event persister (events §2.4): flushes at the batch size or every flush
// interval, on stop, retries failed flushes then drops them, caps its queue,
// and stores each id once (first copy wins) with resource rows only for the
// events it inserted, in sub-batches under the bind-value limits.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../src/events/bus.ts';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { createEventPersister, startEventPersister, writeEvents } from '../../src/services/event-persister.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { eventually, makeEvent, storedEvents, storedResources } from './helpers.ts';

function received(overrides: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return {
    occurred: new Date('2026-11-30T10:00:00.250Z'),
    event: 'test.persisted',
    resource: { 'prefect.resource.id': `test.${randomUUID()}`, 'prefect.resource.name': 'r' },
    related: [
      { 'prefect.resource.id': 'prefect.tag.a', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.flow.x', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'f' },
    ],
    payload: { n: 1 },
    id: randomUUID(),
    follows: null,
    received: new Date('2026-11-30T10:00:01Z'),
    ...overrides,
  };
}

describeEachDatabase(
  'event persister: batch size',
  (server) => {
    it('holds events until the queue reaches the batch size, then writes them together', async () => {
      const events = [makeEvent(), makeEvent(), makeEvent()];
      const ids = events.map((e) => e.id as string);
      expect((await server().rest('POST', '/events', events.slice(0, 2))).status).toBe(204);
      await server().events.drain();
      expect(await storedEvents(server(), ids)).toEqual([]);
      server().resetQueries();
      expect((await server().rest('POST', '/events', events.slice(2))).status).toBe(204);
      await server().events.drain();
      expect((await storedEvents(server(), ids)).map((r) => r.id).sort()).toEqual([...ids].sort());
      // One statement for the three events, one for their nine resource rows, in one transaction.
      const inserts = server().queries.filter((q) => /^\s*INSERT INTO (events|event_resources)\b/i.test(q));
      expect(inserts).toHaveLength(2);
      expect(server().queries.filter((q) => /^\s*(BEGIN|COMMIT)\b/i.test(q)).length).toBeGreaterThanOrEqual(2);
    });
  },
  { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '3', PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '3600' },
);

describeEachDatabase(
  'event persister: flush interval',
  (server) => {
    it('writes what is queued every flush interval', async () => {
      const event = makeEvent();
      expect((await server().rest('POST', '/events', [event])).status).toBe(204);
      await server().events.drain();
      await eventually(async () => (await storedEvents(server(), [event.id as string])).length === 1);
    });
  },
  { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1000', PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.1' },
);

describeEachDatabase(
  'event persister: disabled',
  (server) => {
    it('stores nothing when PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED is false (POST /events still 204)', async () => {
      const event = makeEvent();
      expect((await server().rest('POST', '/events', [event])).status).toBe(204);
      await server().events.drain();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await storedEvents(server(), [event.id as string])).toEqual([]);
    });
  },
  { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED: 'false', PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.05' },
);

describeEachDatabase(
  'event storage',
  (server, provider) => {
    it('stores each id once: the first copy wins, and resource rows come only with the inserted event', async () => {
      const first = received({ payload: { copy: 1 } });
      const other = received();
      const inserted = await writeEvents(server().db, provider, [first, { ...first, payload: { copy: 2 } }, other]);
      expect(inserted.sort()).toEqual([first.id, other.id].sort());
      const again = received();
      expect(await writeEvents(server().db, provider, [{ ...first, payload: { copy: 3 }, related: [] }, again])).toEqual([again.id]);
      const rows = await storedEvents(server(), [first.id]);
      expect(rows.map((r) => r.payload)).toEqual([{ copy: 1 }]);
      expect(rows[0].related).toEqual(first.related);
      expect(rows[0].related_resource_ids).toEqual(['prefect.tag.a', 'prefect.flow.x']);
      expect(rows[0].occurred.toISOString()).toBe('2026-11-30T10:00:00.250Z');
      expect(rows[0].received.toISOString()).toBe('2026-11-30T10:00:01.000Z');
      const resources = await storedResources(server(), [first.id]);
      expect(resources.map((r) => [r.resource_role, r.resource_id, r.resource])).toEqual([
        ['', first.resource['prefect.resource.id'], { 'prefect.resource.name': 'r' }],
        ['flow', 'prefect.flow.x', { 'prefect.resource.name': 'f' }],
        ['tag', 'prefect.tag.a', {}],
      ]);
      expect(await writeEvents(server().db, provider, [])).toEqual([]);
    });

    it('splits large flushes into statements under the bind-value limits, in one transaction', async () => {
      const events = Array.from({ length: 2500 }, () => received());
      server().resetQueries();
      const inserted = await writeEvents(server().db, provider, events);
      expect(inserted).toHaveLength(2500);
      const statements = server().queries.filter((q) => /^\s*INSERT INTO (events|event_resources)\b/i.test(q));
      // 13 values per event row, 8 per resource row, at most 30,000 values per statement.
      expect(statements.filter((q) => /INTO events\b/i.test(q))).toHaveLength(2);
      expect(statements.filter((q) => /INTO event_resources\b/i.test(q))).toHaveLength(2);
      expect(server().queries.filter((q) => /^\s*BEGIN\b/i.test(q))).toHaveLength(1);
      expect(await server().db.eventResource.count({ where: { event_id: { in: events.map((e) => e.id) } } })).toBe(7500);
    });

    it('flushes what is queued when the service stops', async () => {
      const bus = createMemoryBus({ warn: () => {} });
      const settings = { ...server().settings, eventPersister: { ...server().settings.eventPersister, enabled: true, batchSize: 1000, flushInterval: 3600 } };
      const service = startEventPersister({ settings, db: server().db, target: server().target, events: bus })!;
      const event = received();
      bus.publish([event]);
      await bus.drain();
      expect(await storedEvents(server(), [event.id])).toEqual([]);
      await service.stop();
      expect((await storedEvents(server(), [event.id])).map((r) => r.id)).toEqual([event.id]);
    });
  },
  { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED: 'false' },
);

describe('event persister queue', () => {
  const options = { batchSize: 2, flushInterval: 3600, queueMaxSize: 3, maxFlushRetries: 3, warn: () => {} };

  it('puts a failed batch back and writes it on a later flush', async () => {
    const writes: string[][] = [];
    let failures = 2;
    const persister = createEventPersister({
      ...options,
      write: async (events) => {
        if (failures-- > 0) throw new Error('database down');
        writes.push(events.map((e) => e.id));
      },
    });
    const [a, b] = [received(), received()];
    await persister.handle(a);
    await persister.handle(b); // batch size reached: first failure
    expect(persister.queued()).toBe(2);
    await persister.flush(); // second failure
    await persister.flush();
    expect(writes).toEqual([[a.id, b.id]]);
    expect(persister.queued()).toBe(0);
    await persister.stop();
  });

  it('drops a batch after max_flush_retries consecutive failures, then starts counting again', async () => {
    let attempts = 0;
    const persister = createEventPersister({
      ...options,
      batchSize: 100,
      write: async () => {
        attempts++;
        throw new Error('no');
      },
    });
    await persister.handle(received());
    for (let i = 0; i < 3; i++) await persister.flush();
    expect(attempts).toBe(3);
    expect(persister.queued()).toBe(0);
    await persister.handle(received());
    await persister.flush();
    expect(persister.queued()).toBe(1);
    await persister.stop();
  });

  it('drops new events while the queue is full', async () => {
    const written: string[] = [];
    const persister = createEventPersister({ ...options, batchSize: 100, write: async (events) => void written.push(...events.map((e) => e.id)) });
    const events = [received(), received(), received(), received()];
    for (const event of events) await persister.handle(event);
    expect(persister.queued()).toBe(3);
    await persister.stop();
    expect(written).toEqual(events.slice(0, 3).map((e) => e.id));
  });
});
