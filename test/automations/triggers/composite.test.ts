// Compound and sequence triggers (events §6.4): child firings stored per
// child, the parent fires when enough (compound) or all in order (sequence)
// have fired within its `within`, on both databases. Cases follow Prefect's
// test_composite_triggers.py; firing times are the wall clock passed in.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { at, collectActions, compound, event, eventTrigger, freshEngine, insertAutomation, sequence } from './support.ts';

const onRun = (name: string) => eventTrigger({ expect: [name], match: { 'prefect.resource.id': 'prefect.flow-run.*' } });
const run = (name: string, seconds: number) => event(name, at(seconds), { resource: { 'prefect.resource.id': `prefect.flow-run.${seconds}` } });

describeEachDatabase('trigger engine: composite triggers', (server) => {
  let engine: TriggerEngine;
  let actions: ReturnType<typeof collectActions>;
  beforeEach(async () => {
    engine = await freshEngine(server());
    actions = collectActions(server().db);
  });
  afterEach(() => actions.stop());

  const fired = async () => actions.take();
  const feed = async (...events: ReturnType<typeof run>[]) => {
    for (const e of events) await engine.reactiveEvaluation(e, e.occurred);
  };
  const load = async (trigger: Parameters<typeof insertAutomation>[1]['trigger']) => {
    const automation = await insertAutomation(server().db, { trigger });
    await engine.reconcile(true);
    return automation;
  };
  const childFirings = () => server().db.compositeTriggerChildFiring.count();

  it('compound any fires on the first child, nested too, without storing child firings', async () => {
    const automation = await load(compound('any', [onRun('prefect.flow-run.Failed'), compound('any', [onRun('prefect.flow-run.Completed'), onRun('nope')])]));
    await feed(run('prefect.flow-run.Pending', 0), run('prefect.flow-run.Completed', 1));
    const [action] = await fired();
    expect(action.firing.trigger.id).toBe(automation.trigger.id);
    // The composite's firing carries its child's firing and event, and no labels.
    expect(action.firing.triggering_firings[0].trigger.type).toBe('compound');
    expect(action.firing.triggering_event?.event).toBe('prefect.flow-run.Completed');
    expect(action.triggering_labels).toEqual({});
    expect(await childFirings()).toBe(0);
    await feed(run('prefect.flow-run.Failed', 2));
    expect(await fired()).toHaveLength(1);
  });

  it('compound all waits for every child, then fires once and clears the child firings', async () => {
    const automation = await load(compound('all', [onRun('prefect.flow-run.Failed'), onRun('prefect.flow-run.Completed')]));
    await feed(run('prefect.flow-run.Pending', 0), run('prefect.flow-run.Completed', 1));
    expect(await fired()).toHaveLength(0);
    expect(await childFirings()).toBe(1);
    await feed(run('prefect.flow-run.Failed', 2));
    const [action] = await fired();
    expect(action.firing.trigger.id).toBe(automation.trigger.id);
    expect(action.firing.triggering_firings.map((f) => f.triggering_event?.event).sort()).toEqual(['prefect.flow-run.Completed', 'prefect.flow-run.Failed']);
    expect(action.firing.triggering_event?.event).toBe('prefect.flow-run.Failed');
    expect(await childFirings()).toBe(0);
    // A repeated child alone does not fire it again.
    await feed(run('prefect.flow-run.Failed', 3));
    expect(await fired()).toHaveLength(0);
  });

  it('compound all does not fire when a child never fires', async () => {
    await load(compound('all', [onRun('prefect.flow-run.Failed'), onRun('prefect.flow-run.NotExistent')]));
    await feed(run('prefect.flow-run.Pending', 0), run('prefect.flow-run.Running', 1), run('prefect.flow-run.Completed', 2), run('prefect.flow-run.Failed', 3));
    expect(await fired()).toHaveLength(0);
  });

  it('compound require N fires on the N-th distinct child; a newer firing of a child replaces its older one', async () => {
    await load(compound(2, [onRun('a.happened'), onRun('b.happened'), onRun('c.happened')]));
    await feed(run('a.happened', 0), run('a.happened', 1));
    expect(await fired()).toHaveLength(0);
    expect(await childFirings()).toBe(1);
    await feed(run('c.happened', 2));
    expect(await fired()).toHaveLength(1);
  });

  it('nested: all of (any, any)', async () => {
    await load(
      compound('all', [
        compound('any', [onRun('prefect.flow-run.Failed'), onRun('prefect.flow-run.Completed')]),
        compound('any', [onRun('prefect.flow-run.Completed'), onRun('nope')]),
      ]),
    );
    await feed(run('prefect.flow-run.Completed', 0));
    expect(await fired()).toHaveLength(1);
  });

  it('compound within: child firings older than within before the newest one no longer count', async () => {
    await load(compound('all', [onRun('a.happened'), onRun('b.happened')], 60));
    await feed(run('a.happened', 0));
    await feed(run('b.happened', 61));
    expect(await fired()).toHaveLength(0);
    await feed(run('a.happened', 100));
    expect(await fired()).toHaveLength(1);
  });

  it('sequence fires when its children fire in order', async () => {
    const automation = await load(sequence([onRun('ingredients.buy'), onRun('ingredients.mix'), onRun('cake.bake')]));
    await feed(run('ingredients.buy', 1), run('ingredients.mix', 2), run('ingredients.mix', 3));
    expect(await fired()).toHaveLength(0);
    await feed(run('cake.bake', 4));
    const [action] = await fired();
    expect(action.firing.trigger.id).toBe(automation.trigger.id);
    expect(action.firing.triggering_firings.map((f) => f.triggering_event?.event)).toEqual(['ingredients.buy', 'ingredients.mix', 'cake.bake']);
  });

  it('sequence does not fire out of order', async () => {
    await load(sequence([onRun('ingredients.buy'), onRun('ingredients.mix'), onRun('cake.bake')]));
    await feed(run('ingredients.buy', 1), run('cake.bake', 2), run('ingredients.mix', 3));
    expect(await fired()).toHaveLength(0);
    // bake again: its newer firing replaces the older one, and buy, mix, bake are in order now.
    await feed(run('cake.bake', 4));
    expect(await fired()).toHaveLength(1);
  });

  it('sequence within: children that fired too long ago expire; with within null they never do', async () => {
    await load(sequence([onRun('ingredients.buy'), onRun('ingredients.mix'), onRun('cake.bake')], 300));
    await feed(run('ingredients.buy', 1), run('ingredients.mix', 2), run('cake.bake', 14 * 60));
    expect(await fired()).toHaveLength(0);

    engine = await freshEngine(server());
    await load(sequence([onRun('ingredients.buy'), onRun('ingredients.mix'), onRun('cake.bake')], null));
    await feed(run('ingredients.buy', 1), run('ingredients.mix', 2), run('cake.bake', 14 * 60));
    expect(await fired()).toHaveLength(1);
  });

  it('two engines (replicas) firing the two children at the same time fire the parent exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      engine = await freshEngine(server());
      const other = await freshEngine(server());
      await insertAutomation(server().db, { trigger: compound('all', [onRun('a.happened'), onRun('b.happened')]) });
      await Promise.all([engine.reconcile(true), other.reconcile(true)]);
      await Promise.all([engine.reactiveEvaluation(run('a.happened', 0), at(0)), other.reactiveEvaluation(run('b.happened', 0), at(0))]);
      expect(await fired(), `round ${round}`).toHaveLength(1);
      expect(await childFirings()).toBe(0);
    }
  });

  it('a one-child sequence fires at once', async () => {
    await load(sequence([onRun('cake.buy')]));
    await feed(run('ingredients.buy', 0));
    expect(await fired()).toHaveLength(0);
    await feed(run('cake.buy', 1));
    expect(await fired()).toHaveLength(1);
  });
});
