// What a firing publishes (events §6.4, §7.1, §9 item 30): the
// prefect.automation.triggered event on the events bus after commit, and one
// TriggeredAction per action on the actions topic, `actions` first with the
// firing's event, then `actions_on_trigger` with the triggered event itself.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import type { ReceivedEvent } from '../../../src/events/types.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { at, collectActions, compound, event, eventTrigger, freshEngine, insertAutomation } from './support.ts';

describeEachDatabase('trigger engine: firing', (server) => {
  let engine: TriggerEngine;
  let actions: ReturnType<typeof collectActions>;
  let published: ReceivedEvent[];
  let unsubscribe: () => void;
  beforeEach(async () => {
    engine = await freshEngine(server());
    actions = collectActions(server().db);
    published = [];
    unsubscribe = server().events.subscribe(`test-${randomUUID()}`, (e) => {
      if (e.event.startsWith('prefect.automation.')) published.push(e);
    });
  });
  afterEach(() => {
    actions.stop();
    unsubscribe();
  });
  const automationEvents = async () => {
    await server().events.drain();
    return published.splice(0);
  };

  it('publishes prefect.automation.triggered, then actions and actions_on_trigger with their indexes and triggering events', async () => {
    const automation = await insertAutomation(server().db, {
      name: 'spiders',
      trigger: eventTrigger({ expect: ['animal.walked'], for_each: ['class'] }),
      actions: [{ type: 'do-nothing' }, { type: 'pause-automation', source: 'inferred' }],
      actions_on_trigger: [{ type: 'do-nothing' }],
    });
    await server().db.automation.update({ where: { id: automation.id }, data: { actions_on_resolve: [{ type: 'do-nothing' }] } });
    await engine.reconcile(true);
    const spider = event('animal.walked', at(0), { resource: { 'prefect.resource.id': 'daddy-long-legs', class: 'Arachnida' }, payload: { legs: 8 } });
    const wall = at(2);
    await engine.reactiveEvaluation(spider, wall);

    const [triggered, ...others] = await automationEvents();
    expect(others).toEqual([]);
    expect(triggered).toMatchObject({
      occurred: wall,
      event: 'prefect.automation.triggered',
      resource: { 'prefect.resource.id': `prefect.automation.${automation.id}`, 'prefect.resource.name': 'spiders', 'prefect.posture': 'Reactive' },
      related: [{ 'prefect.resource.id': `prefect.event.${spider.id}`, 'prefect.resource.role': 'triggering-event' }],
      follows: null,
    });
    expect(triggered.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(triggered.payload).toEqual({
      triggering_labels: { class: 'Arachnida' },
      triggering_event: {
        occurred: '2026-06-01T12:00:00Z',
        event: 'animal.walked',
        resource: spider.resource,
        related: [],
        payload: { legs: 8 },
        id: spider.id,
        follows: null,
        received: '2026-06-01T12:00:00Z',
      },
    });

    const published = await actions.take();
    expect(published.map((a) => [a.action_index, a.action.type])).toEqual([
      [0, 'do-nothing'],
      [1, 'pause-automation'],
      [2, 'do-nothing'],
    ]);
    expect(published.map((a) => a.triggering_event?.id)).toEqual([spider.id, spider.id, triggered.id]);
    for (const action of published) {
      expect(action.automation.id).toBe(automation.id);
      expect(action.automation_triggered_event_id).toBe(triggered.id);
      expect(action.triggered).toEqual(wall);
      expect(action.triggering_labels).toEqual({ class: 'Arachnida' });
      expect(action.firing.trigger_states).toEqual(['Triggered']);
      expect(action.firing.triggering_event?.id).toBe(spider.id);
    }
    expect(new Set(published.map((a) => a.id)).size).toBe(3);
  });

  it('never resolves: no prefect.automation.resolved and no actions_on_resolve, however many firings', async () => {
    const automation = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['x.y'] }), actions: [] });
    await server().db.automation.update({ where: { id: automation.id }, data: { actions_on_resolve: [{ type: 'do-nothing' }] } });
    await engine.reconcile(true);
    for (const s of [0, 1, 2]) await engine.reactiveEvaluation(event('x.y', at(s)), at(s));
    expect((await automationEvents()).map((e) => e.event)).toEqual(['prefect.automation.triggered', 'prefect.automation.triggered', 'prefect.automation.triggered']);
    expect(await actions.take()).toEqual([]);
  });

  it('a Proactive firing without an event: posture Proactive, no related resources, triggering_event null', async () => {
    const trigger = eventTrigger({ expect: ['never.happens'], posture: 'Proactive', within: 10 });
    await insertAutomation(server().db, { trigger, actions: [{ type: 'do-nothing' }], actions_on_trigger: [{ type: 'do-nothing' }] });
    await engine.reconcile(true);
    const loaded = engine.loaded.triggers.get(trigger.id)!;
    await engine.proactiveEvaluation(loaded, at(0), at(0));
    await engine.proactiveEvaluation(loaded, at(10), at(10));
    const [triggered] = await automationEvents();
    expect(triggered.resource['prefect.posture']).toBe('Proactive');
    expect(triggered.related).toEqual([]);
    expect(triggered.payload).toEqual({ triggering_labels: {}, triggering_event: null });
    // `actions` get the firing's (absent) event; actions_on_trigger still get the triggered event.
    expect((await actions.take()).map((a) => [a.action_index, a.triggering_event?.id ?? null])).toEqual([
      [0, null],
      [1, triggered.id],
    ]);
  });

  it('a composite firing has no posture label', async () => {
    await insertAutomation(server().db, { trigger: compound('any', [eventTrigger({ expect: ['x.y'] })]) });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(event('x.y', at(0)), at(0));
    const [triggered] = await automationEvents();
    expect(triggered.resource).not.toHaveProperty('prefect.posture');
    expect(triggered.related.map((r) => r['prefect.resource.role'])).toEqual(['triggering-event']);
  });

  it('the triggered event is itself evaluated: an automation can react to another one firing', async () => {
    const first = await insertAutomation(server().db, { name: 'first', trigger: eventTrigger({ expect: ['x.y'] }) });
    await insertAutomation(server().db, {
      name: 'second',
      trigger: eventTrigger({ expect: ['prefect.automation.triggered'], match: { 'prefect.resource.id': `prefect.automation.${first.id}` } }),
    });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(event('x.y', at(0)), at(0));
    const [triggered] = await automationEvents();
    await engine.reactiveEvaluation(triggered, at(0));
    const names = (await actions.take()).map((a) => a.automation.name);
    expect(names).toEqual(['first', 'second']);
  });
});
