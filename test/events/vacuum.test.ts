// Events retention (events §2.5): the database vacuum deletes events older
// than PREFECT_SERVER_EVENTS_RETENTION_PERIOD and, per overridden name, older
// than min(override, retention), resource rows with them; its settings.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { eventVacuumEnabled, vacuumEventsWithOverrides, vacuumOldEvents } from '../../src/services/db-vacuum.ts';
import { writeEvents } from '../../src/services/event-persister.ts';
import { loadSettings } from '../../src/settings.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { eventually, storedEvents, storedResources } from './helpers.ts';

const DAY = 86_400_000;

function eventAt(ageMs: number, name = 'test.vacuum', now = Date.now()): ReceivedEvent {
  return {
    occurred: new Date(now - ageMs),
    event: name,
    resource: { 'prefect.resource.id': `test.${randomUUID()}` },
    related: [{ 'prefect.resource.id': 'prefect.tag.t', 'prefect.resource.role': 'tag' }],
    payload: {},
    id: randomUUID(),
    follows: null,
    received: new Date(now),
  };
}

describeEachDatabase(
  'events vacuum',
  (server, provider) => {
    it('deletes events past the retention period and per-name overrides, with their resource rows, in batches', async () => {
      const now = Date.now();
      const old = [eventAt(10 * DAY), eventAt(9 * DAY), eventAt(8 * DAY), eventAt(4 * DAY + 60_000)];
      const recent = [eventAt(3 * DAY), eventAt(60_000)];
      const heartbeatOld = [eventAt(2 * DAY + 60_000, 'prefect.flow-run.heartbeat'), eventAt(2.5 * DAY, 'prefect.flow-run.heartbeat')];
      const heartbeatRecent = eventAt(DAY, 'prefect.flow-run.heartbeat');
      // An override longer than the retention period is capped by it.
      const longOld = eventAt(4 * DAY + 60_000, 'test.long');
      const longRecent = eventAt(3 * DAY, 'test.long');
      const all = [...old, ...recent, ...heartbeatOld, heartbeatRecent, longOld, longRecent];
      await writeEvents(server().db, provider, all);
      const ids = (events: ReceivedEvent[]) => events.map((e) => e.id);

      const overridden = await vacuumEventsWithOverrides(server().db, provider, server().settings, new Date(now));
      expect(overridden).toEqual({ events: 3, resources: 6 });
      expect(await storedEvents(server(), ids([...heartbeatOld, longOld]))).toEqual([]);
      const aged = await vacuumOldEvents(server().db, provider, server().settings, new Date(now));
      expect(aged).toEqual({ events: 4, resources: 8 });

      const kept = [...recent, heartbeatRecent, longRecent];
      expect((await storedEvents(server(), ids(all))).map((r) => r.id).sort()).toEqual(ids(kept).sort());
      expect(await storedResources(server(), ids([...old, ...heartbeatOld, longOld]))).toEqual([]);
      expect(await storedResources(server(), ids(kept))).toHaveLength(kept.length * 2);
    });
  },
  {
    PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED: 'false',
    PREFECT_SERVER_EVENTS_RETENTION_PERIOD: String(4 * 86400),
    PREFECT_SERVER_SERVICES_DB_VACUUM_BATCH_SIZE: '2',
    PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES: JSON.stringify({ 'prefect.flow-run.heartbeat': 2 * 86400, 'test.long': 30 * 86400 }),
    // Keep the service itself off: this test calls the steps.
    PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'flow_runs',
  },
);

describeEachDatabase(
  'events vacuum service',
  (server, provider) => {
    it('runs every PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS', async () => {
      const old = eventAt(8 * DAY);
      const recent = eventAt(DAY);
      await writeEvents(server().db, provider, [old, recent]);
      // The loop may pass between the event's row and its resource rows being written (resources
      // first, then events): a resource row written after that pass goes on the next one.
      await eventually(async () => (await storedEvents(server(), [old.id])).length === 0 && (await storedResources(server(), [old.id])).length === 0);
      expect((await storedEvents(server(), [recent.id])).map((r) => r.id)).toEqual([recent.id]);
      expect(await storedResources(server(), [recent.id])).not.toEqual([]);
    });
  },
  { PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS: '0.1' },
);

describe('events vacuum settings', () => {
  const load = (env: Record<string, string>) => () => loadSettings({ PREFECT_HOME: '/tmp/prefect-vacuum-settings', ...env });

  it('defaults: events vacuumed hourly, 200 rows a batch, 7 days, heartbeats 7 days', () => {
    const settings = load({})();
    expect(settings.dbVacuum).toEqual({ enabled: ['events'], loopSeconds: 3600, batchSize: 200, eventRetentionOverrides: { 'prefect.flow-run.heartbeat': 604800 } });
    expect(settings.events.retentionPeriod).toBe(604800);
    expect(eventVacuumEnabled(settings)).toBe(true);
  });

  it('needs "events" enabled and the persister on', () => {
    expect(eventVacuumEnabled(load({ PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED: 'false' })())).toBe(false);
    expect(eventVacuumEnabled(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'flow_runs' })())).toBe(false);
    expect(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'true' })().dbVacuum.enabled).toEqual(['events', 'flow_runs']);
    expect(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'false' })().dbVacuum.enabled).toEqual(['events']);
    expect(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'events, flow_runs' })().dbVacuum.enabled).toEqual(['events', 'flow_runs']);
    expect(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED: 'events,logs' })).toThrow("Invalid vacuum type(s): ['logs']. Valid values are: ['events', 'flow_runs']");
  });

  it("refuses an override that is not positive, in Prefect's words", () => {
    const env = (value: unknown) => ({ PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES: JSON.stringify({ 'my.event': value }) });
    expect(load(env(0))).toThrow("Retention override for 'my.event' must be positive, got 0:00:00");
    expect(load(env(-5))).toThrow("Retention override for 'my.event' must be positive, got -1 day, 23:59:55");
    expect(load(env(-86400 * 3))).toThrow("Retention override for 'my.event' must be positive, got -3 days, 0:00:00");
    expect(load(env(3600))().dbVacuum.eventRetentionOverrides).toEqual({ 'my.event': 3600 });
    expect(load(env('PT2H'))().dbVacuum.eventRetentionOverrides).toEqual({ 'my.event': 7200 });
    expect(load({ PREFECT_SERVER_SERVICES_DB_VACUUM_EVENT_RETENTION_OVERRIDES: '{}' })().dbVacuum.eventRetentionOverrides).toEqual({});
  });

  it("reads the persister and event bounds with Prefect's names and aliases", () => {
    const settings = load({
      PREFECT_API_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '7',
      PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.5',
      PREFECT_SERVER_SERVICES_EVENT_PERSISTER_READ_BATCH_SIZE: '3',
      PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES: '5',
      PREFECT_SERVER_EVENTS_RETENTION_PERIOD: 'P1D',
    })();
    expect(settings.eventPersister).toEqual({ enabled: true, batchSize: 7, readBatchSize: 3, flushInterval: 0.5, queueMaxSize: 50000, maxFlushRetries: 5 });
    expect(settings.events).toMatchObject({ maxRelatedResources: 5, maxLabelsPerResource: 500, maxSizeBytes: 1500000, maxEventNameLength: 1024, retentionPeriod: 86400 });
    expect(load({ PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '0' })).toThrow('PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE must be greater than 0, got 0');
  });
});
