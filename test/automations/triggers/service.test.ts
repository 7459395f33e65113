// The triggers service (events §6.1, §6.5): automations created through
// POST /automations/ are loaded from the change notice, events posted to
// /events fire them and their actions land on the actions topic; updates and
// deletes unload them; on PostgreSQL a NOTIFY from elsewhere reaches the
// service through LISTEN. The engine's own change and reconcile entry points
// too. On both databases.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { actionsTopic } from '../../../src/automations/channels.ts';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import type { ReceivedEvent } from '../../../src/events/types.ts';
import { LISTENER_APPLICATION_NAME, parseChangeNotice } from '../../../src/automations/triggers/pg-listen.ts';
import { runningTriggerEngine } from '../../../src/services/triggers.ts';
import { loadSettings } from '../../../src/settings.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { collectActions, eventTrigger, freshEngine, insertAutomation } from './support.ts';

const ON = {
  PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'true',
  PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_RECONNECT_INTERVAL_SECONDS: '1',
  PREFECT_SERVER_SERVICES_TRIGGERS_PG_NOTIFY_HEARTBEAT_INTERVAL_SECONDS: '1',
};

describeEachDatabase(
  'triggers service',
  (server, provider) => {
    let actions: ReturnType<typeof collectActions>;
    let triggered: ReceivedEvent[];
    let unsubscribe: () => void;
    beforeEach(() => {
      actions = collectActions(server().db);
      triggered = [];
      unsubscribe = server().events.subscribe(`test-${randomUUID()}`, (e) => {
        if (e.event === 'prefect.automation.triggered') triggered.push(e);
      });
    });
    afterEach(() => {
      actions.stop();
      unsubscribe();
    });
    const engine = () => runningTriggerEngine(server().db)!;

    const create = async (name: string, expect_: string[]) => {
      const answer = await server().rest('POST', '/automations/', {
        name,
        description: '',
        enabled: true,
        tags: [],
        trigger: { type: 'event', posture: 'Reactive', match: {}, match_related: {}, after: [], expect: expect_, for_each: [], threshold: 1, within: 0 },
        actions: [{ type: 'do-nothing' }],
        actions_on_trigger: [{ type: 'do-nothing' }],
        actions_on_resolve: [],
      });
      expect(answer.status, answer.text).toBe(201);
      return answer.body as { id: string; trigger: { id: string } };
    };
    const postEvent = async (name: string) => {
      const id = randomUUID();
      const answer = await server().rest('POST', '/events', [{ occurred: new Date().toISOString(), event: name, resource: { 'prefect.resource.id': 'test.resource' }, id }]);
      expect(answer.status).toBe(204);
      return id;
    };

    it('an automation created through the API is loaded, fires on a posted event, and its actions land on the actions topic', async () => {
      const name = `service-${randomUUID()}`;
      const automation = await create(name, [name]);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(true));
      const eventId = await postEvent(name);
      await vi.waitFor(() => expect(actions.all.filter((a) => a.automation.id === automation.id)).toHaveLength(2));
      const mine = actions.all.filter((a) => a.automation.id === automation.id);
      expect(mine.map((a) => a.action_index)).toEqual([0, 1]);
      expect(mine[0].triggering_event?.id).toBe(eventId);
      expect(mine[1].triggering_event?.event).toBe('prefect.automation.triggered');
      expect(mine[1].triggering_event?.id).toBe(mine[0].automation_triggered_event_id);
      // The triggered event went through the bus like any other.
      expect(triggered.filter((e) => e.resource['prefect.resource.id'] === `prefect.automation.${automation.id}`).map((e) => e.id)).toEqual([
        mine[0].automation_triggered_event_id,
      ]);
    });

    it('the same event id posted twice within 5 minutes is evaluated once (the broker drops the copy)', async () => {
      const name = `service-${randomUUID()}`;
      const automation = await create(name, [name]);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(true));
      const copy = { occurred: new Date().toISOString(), event: name, resource: { 'prefect.resource.id': 'test.resource' }, id: randomUUID() };
      expect((await server().rest('POST', '/events', [copy])).status).toBe(204);
      expect((await server().rest('POST', '/events', [copy, copy])).status).toBe(204);
      await vi.waitFor(() => expect(triggered.filter((e) => e.resource['prefect.resource.id'] === `prefect.automation.${automation.id}`)).toHaveLength(1));
      await server().events.drain();
      await actionsTopic(server().db).drain();
      expect(actions.all.filter((a) => a.automation.id === automation.id)).toHaveLength(2);
    });

    it('disabling and deleting through the API unload the automation', async () => {
      const name = `service-${randomUUID()}`;
      const automation = await create(name, [name]);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(true));
      expect((await server().rest('PATCH', `/automations/${automation.id}`, { enabled: false })).status).toBe(204);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(false));
      expect((await server().rest('PATCH', `/automations/${automation.id}`, { enabled: true })).status).toBe(204);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(true));
      expect((await server().rest('DELETE', `/automations/${automation.id}`)).status).toBe(204);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(false));
      expect(engine().loaded.triggers.has(automation.trigger.id)).toBe(false);
    });

    it.skipIf(provider !== 'postgresql')('PostgreSQL: a NOTIFY from another writer reaches the service through LISTEN', async () => {
      // A row written behind the API's back, announced only by NOTIFY (as another replica would).
      const automation = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['from.elsewhere'] }) });
      const payload = JSON.stringify({ automation_id: automation.id, event_type: 'created' });
      await server().db.$executeRawUnsafe(`NOTIFY prefect_automation_changes, '${payload}'`);
      await vi.waitFor(() => expect(engine().loaded.automations.has(automation.id)).toBe(true), { timeout: 4000 });
    });

    it.skipIf(provider !== 'postgresql')('PostgreSQL: a lost LISTEN connection is replaced; what was written meanwhile is loaded by a reconcile', async () => {
      const listeners = () =>
        server().db.$queryRawUnsafe<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${LISTENER_APPLICATION_NAME}'`);
      await vi.waitFor(async () => expect(await listeners()).toHaveLength(1), { timeout: 4000 });
      const [{ pid }] = await listeners();
      await server().db.$executeRawUnsafe(`SELECT pg_terminate_backend(${pid})`);
      // Written while no one listens: only the reconcile after the reconnect can see it.
      const missed = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['while.away'] }) });
      await vi.waitFor(() => expect(engine().loaded.automations.has(missed.id)).toBe(true), { timeout: 8000 });
      const [again] = await listeners();
      expect(again.pid).not.toBe(pid);
      const later = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['after.reconnect'] }) });
      await server().db.$executeRawUnsafe(`NOTIFY prefect_automation_changes, '${JSON.stringify({ automation_id: later.id, event_type: 'created' })}'`);
      await vi.waitFor(() => expect(engine().loaded.automations.has(later.id)).toBe(true), { timeout: 4000 });
    });
  },
  ON,
);

describeEachDatabase('trigger engine: keeping in sync', (server) => {
  let engine: TriggerEngine;
  beforeEach(async () => {
    engine = await freshEngine(server());
  });

  it('the triggers service is off in test servers unless a test turns it on', () => {
    expect(runningTriggerEngine(server().db)).toBeUndefined();
  });

  it('automationChanged loads created, reloads updated, forgets disabled and deleted automations', async () => {
    const automation = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['a.b'], after: ['c.d'] }) });
    await engine.automationChanged({ automation_id: automation.id, event_type: 'created' });
    expect(engine.loaded.interested({ ...eventFor('a.b') }).map((t) => t.trigger.id)).toEqual([automation.trigger.id]);
    expect(engine.loaded.interested(eventFor('c.d'))).toHaveLength(1);

    const replacement = eventTrigger({ expect: ['e.f'] });
    await server().db.automation.update({ where: { id: automation.id }, data: { trigger: replacement as object } });
    await engine.automationChanged({ automation_id: automation.id, event_type: 'updated' });
    expect(engine.loaded.interested(eventFor('a.b'))).toEqual([]);
    expect(engine.loaded.interested(eventFor('e.f')).map((t) => t.trigger.id)).toEqual([replacement.id]);

    await server().db.automation.update({ where: { id: automation.id }, data: { enabled: false } });
    await engine.automationChanged({ automation_id: automation.id, event_type: 'updated' });
    expect(engine.loaded.automations.size).toBe(0);

    await server().db.automation.update({ where: { id: automation.id }, data: { enabled: true } });
    await engine.automationChanged({ automation_id: automation.id, event_type: 'updated' });
    expect(engine.loaded.automations.size).toBe(1);
    await engine.automationChanged({ automation_id: automation.id, event_type: 'deleted' });
    expect(engine.loaded.automations.size).toBe(0);
    expect(engine.loaded.interested(eventFor('e.f'))).toEqual([]);
  });

  it('reconcile reloads only when (max updated, count) changed', async () => {
    expect(await engine.reconcile()).toBe(true);
    expect(await engine.reconcile()).toBe(false);
    const automation = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['a.b'] }) });
    expect(await engine.reconcile()).toBe(true);
    expect(engine.loaded.automations.has(automation.id)).toBe(true);
    expect(await engine.reconcile()).toBe(false);
    await server().db.automation.delete({ where: { id: automation.id } });
    expect(await engine.reconcile()).toBe(true);
    expect(engine.loaded.automations.size).toBe(0);
  });
});

function eventFor(name: string) {
  const now = new Date();
  return { occurred: now, event: name, resource: { 'prefect.resource.id': 'x' }, related: [], payload: {}, id: randomUUID(), follows: null, received: now };
}

describe('automation change notices', () => {
  it('parses created/updated/deleted notices and warns about anything else', () => {
    const warnings: string[] = [];
    const warn = (message: string) => void warnings.push(message);
    expect(parseChangeNotice('{"automation_id": "a", "event_type": "updated"}', warn)).toEqual({ automation_id: 'a', event_type: 'updated' });
    expect(parseChangeNotice('{"automation_id": "a", "event_type": "renamed"}', warn)).toBeNull();
    expect(parseChangeNotice('not json', warn)).toBeNull();
    expect(parseChangeNotice('{"event_type": "created"}', warn)).toBeNull();
    expect(warnings).toEqual(['Unknown automation event type: renamed', 'Error processing automation change notification', 'Error processing automation change notification']);
  });
});

describe('triggers settings', () => {
  it('PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED (alias PREFECT_API_SERVICES_TRIGGERS_ENABLED) defaults on; granularity and buffer default to 5 s and 60 s', () => {
    const defaults = loadSettings({}).triggers;
    expect(defaults).toMatchObject({ enabled: true, proactiveGranularity: 5, expiredBucketBuffer: 60, pgNotifyReconnectIntervalSeconds: 10, pgNotifyHeartbeatIntervalSeconds: 5 });
    expect(loadSettings({ PREFECT_API_SERVICES_TRIGGERS_ENABLED: 'false' }).triggers.enabled).toBe(false);
    expect(loadSettings({ PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY: '7', PREFECT_EVENTS_EXPIRED_BUCKET_BUFFER: '120' }).triggers).toMatchObject({
      proactiveGranularity: 7,
      expiredBucketBuffer: 120,
    });
  });
});
