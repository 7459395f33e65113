// The actions service (events §6.9, §7.2; §9 items 30–31): the two events of
// every action (resource, related order, follows, payloads), the "already
// happened" cache, and the switch that starts it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import { loadSettings } from '../../../src/settings.ts';
import { startActions } from '../../../src/services/actions.ts';
import { createActionHandler } from '../../../src/automations/actions/consumer.ts';
import { ACTIONS_ENV, createAutomation, event, eventTrigger, outcome, triggeredAction, useActions } from './support.ts';

describeEachDatabase(
  'automation actions: the service',
  (server) => {
    const actions = useActions(server);

    it('do-nothing: .triggered at the firing time following the triggering event, then .executed following it', async () => {
      const automation = await createAutomation(server(), [{ type: 'do-nothing' }], { trigger: eventTrigger({ posture: 'Reactive' } as never) });
      const source = event();
      const triggered = triggeredAction(automation, { event: source, triggered: new Date(source.occurred.getTime() + 1000), automationTriggeredEventId: 'a-triggered-id' });
      const events = await actions.run(triggered);
      expect(events.map((e) => e.event)).toEqual(['prefect.automation.action.triggered', 'prefect.automation.action.executed']);
      const [first, second] = events;
      const resource = {
        'prefect.resource.id': `prefect.automation.${automation.id}`,
        'prefect.resource.name': automation.name,
        'prefect.trigger-type': 'event',
        'prefect.posture': 'Reactive',
      };
      const related = [
        { 'prefect.resource.id': 'prefect.event.a-triggered-id', 'prefect.resource.role': 'automation-triggered-event' },
        { 'prefect.resource.id': `prefect.event.${source.id}`, 'prefect.resource.role': 'triggering-event' },
      ];
      expect(first).toMatchObject({ resource, related, follows: source.id, payload: { action_index: 0, action_type: 'do-nothing', invocation: triggered.id } });
      expect(first.occurred.getTime()).toBe(triggered.triggered.getTime());
      expect(second).toMatchObject({ resource, related, follows: first.id, payload: { action_index: 0, action_type: 'do-nothing', invocation: triggered.id } });
      expect(Object.keys(second.payload)).toEqual(['action_index', 'action_type', 'invocation']);
      expect(second.id).not.toBe(first.id);
    });

    it('follows is null when the firing is 5 minutes or more from the event; no triggering event, no triggering-event relation', async () => {
      const automation = await createAutomation(server(), [{ type: 'do-nothing' }]);
      const source = event({ occurred: new Date(Date.now() - 5 * 60_000 - 1) });
      const late = await actions.run(triggeredAction(automation, { event: source }));
      expect(late[0].follows).toBeNull();
      const none = await actions.run(triggeredAction(automation, { event: null, automationTriggeredEventId: null }));
      expect(none[0].related).toEqual([]);
      expect(none[0].follows).toBeNull();
    });

    it('composite automations: the trigger type is named and no posture label is set', async () => {
      const trigger = { type: 'compound', id: randomUUID(), triggers: [eventTrigger()], within: null, require: 'any' } as never;
      const automation = await createAutomation(server(), [{ type: 'do-nothing' }], { trigger });
      const [first] = await actions.run(triggeredAction(automation));
      expect(first.resource).toEqual({
        'prefect.resource.id': `prefect.automation.${automation.id}`,
        'prefect.resource.name': automation.name,
        'prefect.trigger-type': 'compound',
      });
    });

    it('an invocation that succeeded is not run again; a failed one is', async () => {
      const automation = await createAutomation(server(), [{ type: 'do-nothing' }, { type: 'cancel-flow-run' }]);
      const once = triggeredAction(automation);
      expect(await actions.run(once)).toHaveLength(2);
      expect(await actions.run({ ...once })).toEqual([]);
      const failing = triggeredAction(automation, { index: 1 });
      expect(outcome(await actions.run(failing)).kind).toBe('failed');
      expect(outcome(await actions.run({ ...failing })).kind).toBe('failed');
    });

    it('runs actions_on_trigger-style indexes and types as published (the index and type come from the triggered action)', async () => {
      const automation = await createAutomation(server(), [{ type: 'do-nothing' }, { type: 'do-nothing' }]);
      const events = await actions.run(triggeredAction(automation, { index: 1 }));
      expect(events[1].payload).toMatchObject({ action_index: 1, action_type: 'do-nothing' });
    });
  },
  ACTIONS_ENV,
);

describeEachDatabase(
  'automation actions: unexpected errors',
  (server) => {
    it("an unexpected error rejects (the topic retries it) and emits nothing: resume-flow-run of a missing run, as Prefect's client raises", async () => {
      const automation = await createAutomation(server(), [{ type: 'resume-flow-run' }], { raw: true });
      const triggered = triggeredAction(automation, { event: event({ resource: { 'prefect.resource.id': `prefect.flow-run.${randomUUID()}` } }) });
      const published: string[] = [];
      const handle = createActionHandler(
        {
          ...server(),
          events: { publish: (events: { event: string }[]) => (published.push(...events.map((e) => e.event)), events), subscribe: () => () => {}, drain: async () => {} } as never,
        },
        { log: () => {} },
      );
      await expect(handle(triggered)).rejects.toThrow("resume-flow-run: Unexpected status from 'resume-flow-run' action: 404");
      expect(published).toEqual([]);
    });
  },
  ACTIONS_ENV,
);

describe('automation actions: the service switch', () => {
  it('starts with the triggers (PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED, alias PREFECT_API_SERVICES_TRIGGERS_ENABLED)', async () => {
    const deps = (env: Record<string, string>) => ({ settings: loadSettings({ PREFECT_HOME: '/tmp', ...env }), db: {} as never, target: {} as never, events: {} as never });
    const on = startActions(deps({}));
    expect(on?.name).toBe('actions');
    await on?.stop();
    expect(startActions(deps({ PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'false' }))).toBeNull();
    expect(startActions(deps({ PREFECT_API_SERVICES_TRIGGERS_ENABLED: 'false' }))).toBeNull();
  });
});
