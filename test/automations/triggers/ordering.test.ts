// The bus handler and causal ordering (events §6.2, §6.6): log lines and
// events already evaluated are skipped; a follower waits for its leader, is
// evaluated right after it, or by the housekeeping once lost. On both
// databases, with explicit wall clocks.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { at, collectActions, event, eventTrigger, freshEngine, insertAutomation } from './support.ts';

describeEachDatabase('trigger engine: bus handler and causal ordering', (server) => {
  let engine: TriggerEngine;
  let actions: ReturnType<typeof collectActions>;
  beforeEach(async () => {
    engine = await freshEngine(server());
    actions = collectActions(server().db);
  });
  afterEach(() => actions.stop());
  const fired = async () => (await actions.take()).length;

  /** Fires only when `b.happened` comes after an `a.happened`: evaluating them out of order fires nothing. */
  const gated = async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({ after: ['a.happened'], expect: ['b.happened'], within: 60 }) });
    await engine.reconcile(true);
  };

  it('skips prefect.log.write and events it already evaluated (for 30 minutes)', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({}) });
    await engine.reconcile(true);
    await engine.handleEvent(event('prefect.log.write', at(0)), at(0));
    expect(await fired()).toBe(0);
    const once = event('anything', at(0));
    await engine.handleEvent(once, at(0));
    await engine.handleEvent(once, at(1));
    await engine.handleEvent(once, at(29 * 60));
    expect(await fired()).toBe(1);
    await engine.handleEvent(once, at(30 * 60));
    expect(await fired()).toBe(1);
  });

  it('a follower that arrives first is parked, then evaluated right after its leader', async () => {
    await gated();
    const leader = event('a.happened', at(0));
    const follower = event('b.happened', at(1), { follows: leader.id, received: at(1) });
    await engine.handleEvent(follower, at(1));
    expect(await fired()).toBe(0);
    expect(engine.ordering.parked().map((e) => e.id)).toEqual([follower.id]);
    await engine.handleEvent(leader, at(2));
    expect(await fired()).toBe(1);
    expect(engine.ordering.parked()).toEqual([]);
    // Both are now known: a redelivered follower is skipped.
    await engine.handleEvent(follower, at(3));
    expect(await fired()).toBe(0);
  });

  it('a follower of an event already evaluated goes straight through', async () => {
    await gated();
    const leader = event('a.happened', at(0));
    await engine.handleEvent(leader, at(0));
    await engine.handleEvent(event('b.happened', at(1), { follows: leader.id, received: at(1) }), at(1));
    expect(await fired()).toBe(1);
  });

  it('a follower received 15 minutes or more ago is evaluated at once', async () => {
    await gated();
    const missing = event('a.happened', at(0));
    await engine.handleEvent(event('b.happened', at(1), { follows: missing.id, received: at(0) }), at(15 * 60));
    expect(engine.ordering.parked()).toEqual([]);
  });

  it('followers whose leader never comes are evaluated by the housekeeping after 15 minutes, oldest first', async () => {
    await gated();
    const missing = event('a.happened', at(-60));
    const opener = event('a.happened', at(1), { follows: missing.id, received: at(1) });
    const closer = event('b.happened', at(2), { follows: missing.id, received: at(2) });
    await engine.handleEvent(closer, at(2));
    await engine.handleEvent(opener, at(2));
    expect(engine.ordering.parked()).toHaveLength(2);
    await engine.periodicEvaluation(at(14 * 60));
    expect(engine.ordering.parked()).toHaveLength(2);
    expect(await fired()).toBe(0);
    await engine.periodicEvaluation(at(15 * 60 + 2));
    expect(engine.ordering.parked()).toEqual([]);
    // opener (occurred 1) went before closer (occurred 2), so the window was open.
    expect(await fired()).toBe(1);
  });

  it('an event that follows itself is not parked', async () => {
    await insertAutomation(server().db, { trigger: eventTrigger({}) });
    await engine.reconcile(true);
    const self = event('x.y', at(0));
    await engine.handleEvent({ ...self, follows: self.id }, at(0));
    expect(await fired()).toBe(1);
  });
});
