// Proactive triggers, the proactive pass and the sweep (events §6.3, §6.7,
// §9 items 28 and 29), with explicit as-of times, on both databases. Cases
// follow Prefect's test_basics.py and test_regressions.py.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readBucket } from '../../../src/automations/triggers/buckets.ts';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import type { EventTrigger } from '../../../src/automations/types.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { at, collectActions, event, eventTrigger, freshEngine, insertAutomation } from './support.ts';

const woodchuck = { 'prefect.resource.id': 'woodchonk', genus: 'Marmota', species: 'monax' };

describeEachDatabase('trigger engine: proactive evaluation', (server) => {
  let engine: TriggerEngine;
  let actions: ReturnType<typeof collectActions>;
  beforeEach(async () => {
    engine = await freshEngine(server());
    actions = collectActions(server().db);
  });
  afterEach(() => actions.stop());

  const fired = async () => (await actions.take()).length;
  const load = async (trigger: EventTrigger) => {
    const automation = await insertAutomation(server().db, { trigger });
    await engine.reconcile(true);
    return automation;
  };
  /** One proactive evaluation of the trigger as of T0 + seconds (wall clock the same). */
  const pass = (trigger: EventTrigger, seconds: number) => engine.proactiveEvaluation(engine.loaded.triggers.get(trigger.id)!, at(seconds), at(seconds));
  const react = (name: string, seconds: number, fields = {}) => engine.reactiveEvaluation(event(name, at(seconds), fields), at(seconds));

  it('without for_each fires when no expected event arrives in a window, then every window while silence lasts', async () => {
    const trigger = eventTrigger({ expect: ['animal.walked'], match: { genus: 'Marmota' }, posture: 'Proactive', threshold: 1, within: 30 });
    await load(trigger);
    const steps: [number, number][] = [
      [0, 0],
      [9, 0],
      [10, 0],
      [30, 1],
      [31, 0],
      [60, 1],
    ];
    for (const [s, expected] of steps) {
      await pass(trigger, s);
      expect(await fired(), `pass at +${s}s`).toBe(expected);
    }
  });

  it('an expected event in the window keeps it from firing; the next pass opens a window that fires', async () => {
    const trigger = eventTrigger({ expect: ['animal.walked'], match: { genus: 'Marmota' }, posture: 'Proactive', threshold: 1, within: 30 });
    await load(trigger);
    await pass(trigger, 0);
    await react('animal.walked', 5, { resource: woodchuck });
    // The bucket reached the threshold: the pass deletes it instead of firing, and opens a new one.
    await pass(trigger, 30);
    expect(await fired()).toBe(0);
    expect(await server().db.automationBucket.count()).toBe(0);
    // The next pass opens a fresh window from its own time.
    await pass(trigger, 59);
    await pass(trigger, 88);
    expect(await fired()).toBe(0);
    await pass(trigger, 89);
    const [action] = await actions.take();
    expect(action.triggering_event).toBeNull();
    expect(action.triggering_labels).toEqual({});
  });

  it('with for_each only keys some event opened are watched, each firing with its labels and last event', async () => {
    const trigger = eventTrigger({ expect: ['animal.walked'], for_each: ['prefect.resource.id'], posture: 'Proactive', threshold: 2, within: 30 });
    const automation = await load(trigger);
    // No event yet: the pass creates nothing and fires nothing.
    await pass(trigger, 0);
    expect(await server().db.automationBucket.count({ where: { automation_id: automation.id } })).toBe(0);
    const seen = event('animal.walked', at(1), { resource: woodchuck });
    await engine.reactiveEvaluation(seen, at(1));
    await pass(trigger, 30);
    expect(await fired()).toBe(0);
    await pass(trigger, 31);
    const [first] = await actions.take();
    expect(first.triggering_labels).toEqual({ 'prefect.resource.id': 'woodchonk' });
    expect(first.triggering_event?.id).toBe(seen.id);
    expect(await server().db.automationBucket.count({ where: { automation_id: automation.id } })).toBe(1);
    // The next window of that key fires too; it has no last event of its own.
    await pass(trigger, 61);
    const [second] = await actions.take();
    expect(second.triggering_labels).toEqual({ 'prefect.resource.id': 'woodchonk' });
    expect(second.triggering_event).toBeNull();
  });

  it('after and expect on the same event, Proactive threshold 2: fires when the second does not come', async () => {
    const trigger = eventTrigger({ after: ['some-event'], expect: ['some-event'], posture: 'Proactive', threshold: 2, within: 10 });
    await load(trigger);
    await react('some-event', 1);
    await pass(trigger, 2);
    await react('some-event', 3);
    await pass(trigger, 4);
    expect(await fired()).toBe(0);
    await pass(trigger, 11);
    expect(await fired()).toBe(1);
    await pass(trigger, 30);
    expect(await fired()).toBe(0);
  });

  it('after and expect on the same event, Proactive threshold 2: does not fire when the events keep coming (heartbeat)', async () => {
    const trigger = eventTrigger({ after: ['some-event'], expect: ['some-event'], posture: 'Proactive', threshold: 2, within: 10 });
    const automation = await load(trigger);
    for (const s of [1, 2, 3]) {
      await react('some-event', s);
      await pass(trigger, s);
    }
    // The third event met the threshold: the window restarted from it.
    expect(await readBucket(server().db, automation.id, trigger.id, [])).toMatchObject({ start: at(3), end: at(13), count: 0 });
    await pass(trigger, 10);
    await pass(trigger, 11);
    expect(await fired()).toBe(0);
  });

  it('the pass schedules each trigger for its next window end and skips it until then', async () => {
    const trigger = eventTrigger({ expect: ['animal.walked'], posture: 'Proactive', threshold: 1, within: 30 });
    await load(trigger);
    await engine.evaluateProactiveTriggers(at(0));
    expect(engine.loaded.nextProactiveRuns.get(trigger.id)).toEqual(at(30));
    await engine.evaluateProactiveTriggers(at(29));
    expect(await fired()).toBe(0);
    await engine.evaluateProactiveTriggers(at(30));
    expect(await fired()).toBe(1);
    expect(engine.loaded.nextProactiveRuns.get(trigger.id)).toEqual(at(60));
  });

  it('the events clock shifts the as-of time by the lag of the newest event', async () => {
    const trigger = eventTrigger({ expect: ['animal.walked'], posture: 'Proactive', threshold: 1, within: 30 });
    await load(trigger);
    // An event that occurred 20 s before it was seen: passes run 20 s behind the wall clock.
    await engine.reactiveEvaluation(event('other.thing', at(-20)), at(0));
    expect(engine.clock.offset(at(0))).toBe(-20_000);
    await pass(trigger, 20); // as of 0
    await pass(trigger, 49); // as of 29
    expect(await fired()).toBe(0);
    await pass(trigger, 50); // as of 30
    expect(await fired()).toBe(1);
    // A future event is clamped to the wall clock.
    engine.clock.reset();
    await engine.reactiveEvaluation(event('other.thing', at(500)), at(100));
    expect(engine.clock.offset(at(100))).toBe(0);
  });

  it('the sweep deletes buckets only once they ended the expired-bucket buffer ago', async () => {
    const trigger = eventTrigger({ expect: ['prefect.flow-run.Failed'], for_each: ['prefect.resource.id'], within: 10 });
    const automation = await load(trigger);
    await react('prefect.flow-run.Failed', 1, { resource: { 'prefect.resource.id': 'prefect.flow-run.1' } });
    expect(await fired()).toBe(1);
    const key = ['prefect.flow-run.1'];
    expect(await readBucket(server().db, automation.id, trigger.id, key)).toMatchObject({ start: at(11), end: at(21) });
    engine.clock.reset();
    await engine.periodicEvaluation(at(21));
    expect(await readBucket(server().db, automation.id, trigger.id, key)).not.toBeNull();
    await engine.periodicEvaluation(at(21 + 59));
    expect(await readBucket(server().db, automation.id, trigger.id, key)).not.toBeNull();
    // end ≤ as_of − buffer: gone.
    await engine.periodicEvaluation(at(21 + 60));
    expect(await readBucket(server().db, automation.id, trigger.id, key)).toBeNull();
  });
});
