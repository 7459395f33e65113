// End to end with the real services (events §6, §7; §9 items 30–32): an
// automation created through the API, an event posted to /events, the trigger
// engine firing, the actions service running each action against the API.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { actionsTopic } from '../../../src/automations/channels.ts';
import type { ReceivedEvent } from '../../../src/events/types.ts';
import { runningTriggerEngine } from '../../../src/services/triggers.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { unique } from './support.ts';

describeEachDatabase(
  'automation actions: end to end',
  (server) => {
    const seen: ReceivedEvent[] = [];
    beforeAll(() => {
      server().events.subscribe('actions-e2e-test', (e) => {
        seen.push(e);
      });
    });
    /** Until the bus, the engine and the actions topic are all idle. */
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await server().events.drain();
        await actionsTopic(server().db).drain();
      }
    };

    it('an event fires the automation; actions get the event, actions_on_trigger get prefect.automation.triggered; the run is created_by AUTOMATION', async () => {
      const flow = (await server().rest('POST', '/flows/', { name: unique('flow') })).body;
      const deployment = (await server().rest('POST', '/deployments/', { name: unique('deployment'), flow_id: flow.id })).body;
      const created = await server().rest('POST', '/automations/', {
        name: 'e2e automation',
        trigger: { type: 'event', match: { 'prefect.resource.id': 'e2e.*' }, expect: ['e2e.go'], posture: 'Reactive', threshold: 1, within: 0 },
        actions: [{ type: 'run-deployment', source: 'selected', deployment_id: deployment.id, parameters: { n: '{{ event.payload.n }}', who: '{{ event.resource.id }}' } }],
        actions_on_trigger: [{ type: 'do-nothing' }],
      });
      expect(created.status).toBe(201);
      const automationId = created.body.id;
      await runningTriggerEngine(server().db)!.reconcile(true);
      seen.splice(0);
      const eventId = randomUUID();
      const posted = await server().rest('POST', '/events', [
        { id: eventId, occurred: new Date().toISOString(), event: 'e2e.go', resource: { 'prefect.resource.id': 'e2e.thing' }, payload: { n: 7 } },
      ]);
      expect(posted.status).toBe(204);
      await settle();
      const fired = seen.find((e) => e.event === 'prefect.automation.triggered' && e.resource['prefect.resource.id'] === `prefect.automation.${automationId}`)!;
      expect(fired).toBeDefined();
      const actionEvents = seen.filter((e) => e.event.startsWith('prefect.automation.action.') && e.resource['prefect.resource.id'] === `prefect.automation.${automationId}`);
      const byIndex = (index: number) => actionEvents.filter((e) => e.payload.action_index === index).map((e) => e.event);
      expect(byIndex(0)).toEqual(['prefect.automation.action.triggered', 'prefect.automation.action.executed']);
      expect(byIndex(1)).toEqual(['prefect.automation.action.triggered', 'prefect.automation.action.executed']);
      const relatedOf = (index: number) => actionEvents.find((e) => e.payload.action_index === index && e.event.endsWith('.executed'))!.related;
      // Every action names the automation.triggered event; the triggering event differs (item 30).
      expect(relatedOf(0)).toContainEqual({ 'prefect.resource.id': `prefect.event.${fired.id}`, 'prefect.resource.role': 'automation-triggered-event' });
      expect(relatedOf(0).at(-1)).toEqual({ 'prefect.resource.id': `prefect.event.${eventId}`, 'prefect.resource.role': 'triggering-event' });
      expect(relatedOf(1).at(-1)).toEqual({ 'prefect.resource.id': `prefect.event.${fired.id}`, 'prefect.resource.role': 'triggering-event' });
      const runId = relatedOf(0)
        .find((r) => r['prefect.resource.role'] === 'flow-run')!
        ['prefect.resource.id'].replace('prefect.flow-run.', '');
      const run = (await server().rest('GET', `/flow_runs/${runId}`)).body;
      expect(run.parameters).toEqual({ n: 7, who: 'e2e.thing' });
      expect(run.created_by).toEqual({ id: automationId, type: 'AUTOMATION', display_value: 'e2e automation' });
      expect(run.idempotency_key).toMatch(new RegExp(`^automation ${automationId}, action 0, invocation [0-9a-f-]{36}$`));
    });
  },
  { PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'true', PREFECT_SERVER_EVENTS_ACTIONS_ALLOW_PRIVATE_TARGETS: 'true' },
);
