// Reactive evaluation and the bucket algorithm (events §6.2, §6.3, §9 items
// 27 and 29), driven through the engine's entry points with explicit times,
// on both databases. Cases follow Prefect's tests/events/server/triggers
// (test_basics.py, test_regressions.py).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readBucket } from '../../../src/automations/triggers/buckets.ts';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { at, collectActions, event, eventTrigger, freshEngine, insertAutomation } from './support.ts';

const woodchuck = { 'prefect.resource.id': 'woodchonk', genus: 'Marmota', species: 'monax' };

describeEachDatabase('trigger engine: reactive evaluation', (server) => {
  let engine: TriggerEngine;
  let actions: ReturnType<typeof collectActions>;
  beforeEach(async () => {
    engine = await freshEngine(server());
    actions = collectActions(server().db);
  });
  afterEach(() => actions.stop());

  const fired = async () => (await actions.take()).length;
  const walked = (seconds: number) => event('animal.walked', at(seconds), { resource: woodchuck });

  it('threshold 3 within 10 s fires on the 3rd event, not again in that window, and again on the 3rd of a later window', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['animal.walked'], match: { genus: 'Marmota', species: 'monax' }, threshold: 3, within: 10 }) });
    await engine.reconcile(true);
    const steps: [number, number][] = [
      [0, 0],
      [1, 0],
      [2, 1], // the threshold is met
      [3, 0],
      [4, 0], // same window: no second firing
      [24, 0], // a later window opens with this event
      [25, 0],
      [26, 1],
    ];
    for (const [seconds, expected] of steps) {
      await engine.reactiveEvaluation(walked(seconds), at(seconds));
      expect(await fired(), `event at +${seconds}s`).toBe(expected);
    }
  });

  it('does not fire when the threshold is not met within the window', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['animal.walked'], threshold: 3, within: 10 }) });
    await engine.reconcile(true);
    for (const seconds of [0, 1, 21]) await engine.reactiveEvaluation(walked(seconds), at(seconds));
    expect(await fired()).toBe(0);
  });

  it('within 0 fires on every matching event', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['some-event'], within: 0 }) });
    await engine.reconcile(true);
    for (let i = 0; i < 5; i++) await engine.reactiveEvaluation(event('some-event', at(0)), at(0));
    expect(await fired()).toBe(5);
    // Immediate triggers keep no bucket.
    expect(await server().db.automationBucket.count()).toBe(0);
  });

  it('only expected events count; others open no bucket', async () => {
    const automation = await insertAutomation(server().db, {
      trigger: eventTrigger({ expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' }, for_each: ['prefect.resource.id'], within: 10 }),
    });
    await engine.reconcile(true);
    const run = { 'prefect.resource.id': 'prefect.flow-run.frfrfrfr' };
    await engine.reactiveEvaluation(event('prefect.flow-run.Running', at(0), { resource: run }), at(0));
    expect(await fired()).toBe(0);
    expect(await readBucket(server().db, automation.id, automation.trigger.id, ['prefect.flow-run.frfrfrfr'])).toBeNull();
    await engine.reactiveEvaluation(event('prefect.flow-run.Failed', at(1), { resource: run }), at(1));
    expect(await fired()).toBe(1);
    // Fired: the next window starts where the old one ended (occurred + within).
    const bucket = await readBucket(server().db, automation.id, automation.trigger.id, ['prefect.flow-run.frfrfrfr']);
    expect(bucket?.start).toEqual(at(11));
    expect(bucket?.end).toEqual(at(21));
    expect(bucket?.count).toBe(0);
  });

  it('events older than the current bucket start are ignored (late or already fired for)', async () => {
    const automation = await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['animal.walked'], threshold: 1, within: 10 }) });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(walked(100), at(100));
    expect(await fired()).toBe(1);
    // The next window is [110, 120): an event that occurred at 105 counts nowhere.
    await engine.reactiveEvaluation(walked(105), at(106));
    expect(await fired()).toBe(0);
    const bucket = await readBucket(server().db, automation.id, automation.trigger.id, []);
    expect(bucket).toMatchObject({ start: at(110), end: at(120), count: 0 });
    // One inside it fires again.
    await engine.reactiveEvaluation(walked(111), at(111));
    expect(await fired()).toBe(1);
  });

  it('an event beyond the window starts the next one and counts there (re-evaluated)', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['animal.walked'], threshold: 2, within: 10 }) });
    await engine.reactiveEvaluation(walked(0), at(0)); // nothing loaded yet
    await engine.reconcile(true);
    await engine.reactiveEvaluation(walked(0), at(0));
    await engine.reactiveEvaluation(walked(500), at(500));
    expect(await fired()).toBe(0);
    await engine.reactiveEvaluation(walked(501), at(501));
    expect(await fired()).toBe(1);
  });

  it('an event matching after but not expect does not gate a trigger without after', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ expect: ['animal.table_for_one'], match: { genus: 'Marmota' }, threshold: 1, within: 10 }) });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(event('animal.eat', at(0), { resource: woodchuck }), at(0));
    expect(await fired()).toBe(0);
    await engine.reactiveEvaluation(event('animal.table_for_one', at(500), { resource: woodchuck }), at(500));
    expect(await fired()).toBe(1);
  });

  it('an event in both after and expect opens its window at −1: within 0 never fires', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ after: ['some-event'], expect: ['some-event'], within: 0 }) });
    await engine.reconcile(true);
    for (const s of [0, 1, 2, 3]) await engine.reactiveEvaluation(event('some-event', at(s)), at(s));
    expect(await fired()).toBe(0);
  });

  it('an event in both after and expect with within 5 fires on the second in the window', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ after: ['some-event'], expect: ['some-event'], within: 5 }) });
    await engine.reconcile(true);
    const steps: [number, number][] = [
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 1],
      [61, 0],
      [62, 1],
    ];
    for (const [s, expected] of steps) {
      await engine.reactiveEvaluation(event('some-event', at(s)), at(s));
      expect(await fired(), `event at +${s}s`).toBe(expected);
    }
  });

  it('after gates expect: expected events before an after event count nowhere', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ after: ['door.opened'], expect: ['cat.left'], within: 30 }) });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(event('cat.left', at(0)), at(0));
    expect(await fired()).toBe(0);
    await engine.reactiveEvaluation(event('door.opened', at(1)), at(1));
    await engine.reactiveEvaluation(event('cat.left', at(2)), at(2));
    expect(await fired()).toBe(1);
    // The window is gone after firing: a new one needs a new `after` event.
    await engine.reactiveEvaluation(event('cat.left', at(3)), at(3));
    expect(await fired()).toBe(0);
    expect(await server().db.automationBucket.count()).toBe(0);
  });

  it('for_each with related:<role>:<label> keys count separately and label the firing', async () => {
    await insertAutomation(server().db, {
      trigger: eventTrigger({ expect: ['animal.ingested'], for_each: ['related:meal:species', 'related:meal:genus'], threshold: 3, within: 600 }),
    });
    await engine.reconcile(true);
    const meal = (genus: string, species: string) => ({ 'prefect.resource.id': `flower.${genus}`, 'prefect.resource.role': 'meal', genus, species });
    const nibbled = (s: number) => event('animal.ingested', at(s), { resource: woodchuck, related: [meal('Hemerocallis', 'fulva')] });
    const gobbled = (s: number) => event('animal.ingested', at(s), { resource: woodchuck, related: [meal('Dicentra', 'cucullaria')] });
    await engine.reactiveEvaluation(nibbled(1), at(1));
    await engine.reactiveEvaluation(nibbled(2), at(2));
    await engine.reactiveEvaluation(gobbled(3), at(3));
    expect(await fired()).toBe(0);
    const fourth = nibbled(4);
    await engine.reactiveEvaluation(fourth, at(4));
    const first = await actions.take();
    expect(first).toHaveLength(1);
    expect(first[0].triggering_labels).toEqual({ 'related:meal:genus': 'Hemerocallis', 'related:meal:species': 'fulva' });
    expect(first[0].triggering_event?.id).toBe(fourth.id);
    await engine.reactiveEvaluation(gobbled(5), at(5));
    expect(await fired()).toBe(0);
    await engine.reactiveEvaluation(gobbled(6), at(6));
    expect((await actions.take()).map((a) => a.triggering_labels)).toEqual([{ 'related:meal:genus': 'Dicentra', 'related:meal:species': 'cucullaria' }]);
    // A role the event lacks keys as "".
    await engine.reactiveEvaluation(event('animal.ingested', at(7), { resource: woodchuck }), at(7));
    const buckets = await server().db.automationBucket.findMany();
    expect(buckets.map((b) => b.bucketing_key)).toContainEqual(['', '']);
  });

  it('match and match_related: every specification must match; negation never matches a missing label', async () => {
    await insertAutomation(server().db, {
      trigger: eventTrigger({
        expect: ['animal.*'],
        match: { species: '!rattus' },
        match_related: [{ 'prefect.resource.role': 'habitat' }, { 'prefect.resource.role': 'season', 'prefect.resource.id': ['season.spring', 'season.summer'] }],
      }),
    });
    await engine.reconcile(true);
    const habitat = { 'prefect.resource.id': 'habitat.forest', 'prefect.resource.role': 'habitat' };
    const spring = { 'prefect.resource.id': 'season.spring', 'prefect.resource.role': 'season' };
    const winter = { 'prefect.resource.id': 'season.winter', 'prefect.resource.role': 'season' };
    await engine.reactiveEvaluation(event('animal.walked', at(0), { resource: woodchuck, related: [habitat, spring] }), at(0));
    expect(await fired()).toBe(1);
    await engine.reactiveEvaluation(event('animal.walked', at(1), { resource: woodchuck, related: [habitat, winter] }), at(1));
    await engine.reactiveEvaluation(event('animal.walked', at(2), { resource: woodchuck, related: [spring] }), at(2));
    await engine.reactiveEvaluation(event('animal.walked', at(3), { resource: { 'prefect.resource.id': 'rat', species: 'rattus' }, related: [habitat, spring] }), at(3));
    await engine.reactiveEvaluation(event('animal.walked', at(4), { resource: { 'prefect.resource.id': 'nameless' }, related: [habitat, spring] }), at(4));
    await engine.reactiveEvaluation(event('plant.grew', at(5), { resource: woodchuck, related: [habitat, spring] }), at(5));
    expect(await fired()).toBe(0);
  });

  it('an empty expect matches any event name', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ match: { genus: 'Marmota' } }) });
    await engine.reconcile(true);
    await engine.reactiveEvaluation(event('anything.at.all', at(0), { resource: woodchuck }), at(0));
    await engine.reactiveEvaluation(event('something.else', at(0), { resource: woodchuck }), at(0));
    expect(await fired()).toBe(2);
  });

  it('a trigger whose automation vanished under the engine fails alone: the others still fire, nothing is thrown', async () => {
    const gone = await insertAutomation(server().db, { name: 'gone', trigger: eventTrigger({ expect: ['animal.walked'], within: 10 }) });
    await insertAutomation(server().db, { name: 'kept', trigger: eventTrigger({ expect: ['animal.walked'], within: 10 }) });
    await engine.reconcile(true);
    await server().db.automation.delete({ where: { id: gone.id } });
    await engine.handleEvent(walked(0), at(0));
    expect((await actions.take()).map((a) => a.automation.name)).toEqual(['kept']);
  });

  it('disabled automations are not evaluated', async () => {
    await insertAutomation(server().db, { enabled: false, trigger: eventTrigger({ expect: ['animal.walked'] }) });
    await engine.reconcile(true);
    expect(engine.loaded.triggers.size).toBe(0);
    await engine.reactiveEvaluation(walked(0), at(0));
    expect(await fired()).toBe(0);
  });
});
