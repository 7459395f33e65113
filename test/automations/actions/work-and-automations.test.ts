// Work queue, work pool and automation actions (events §5.3, §6.9): selected
// and inferred targets, the PATCH each one sends, the related resources and
// Prefect's reasons.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import { ACTIONS_ENV, createAutomation, event, outcome, triggeredAction, unique, useActions } from './support.ts';

describeEachDatabase(
  'automation actions: work queues, work pools, automations',
  (server) => {
    const actions = useActions(server);

    it('pause-work-queue / resume-work-queue: PATCH is_paused; inferred from the event; reasons', async () => {
      const queue = (await server().rest('POST', '/work_queues/', { name: unique('queue') })).body;
      const automation = await createAutomation(server(), [
        { type: 'pause-work-queue', source: 'selected', work_queue_id: queue.id },
        { type: 'resume-work-queue', source: 'inferred' },
        { type: 'pause-work-queue', source: 'selected', work_queue_id: randomUUID() },
      ]);
      const paused = outcome(await actions.run(triggeredAction(automation)));
      expect(paused.payload).toMatchObject({ status_code: 204 });
      expect(paused.related[0]).toEqual({ 'prefect.resource.id': `prefect.work-queue.${queue.id}`, 'prefect.resource.role': 'target' });
      expect((await server().rest('GET', `/work_queues/${queue.id}`)).body.is_paused).toBe(true);
      const source = event({ related: [{ 'prefect.resource.id': `prefect.work-queue.${queue.id}`, 'prefect.resource.role': 'work-queue' }] });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: source }))).kind).toBe('executed');
      expect((await server().rest('GET', `/work_queues/${queue.id}`)).body.is_paused).toBe(false);
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: null }))).payload.reason).toBe('No event to infer the work queue');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).payload.reason).toBe('No work queue could be inferred');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2 }))).payload).toMatchObject({
        reason: "Unexpected status from 'pause-work-queue' action: 404",
        status_code: 404,
      });
    });

    it('pause-work-pool / resume-work-pool: the pool found by id, then PATCH by name; "Work pool <id> not found"', async () => {
      const pool = (await server().rest('POST', '/work_pools/', { name: unique('pool'), type: 'process' })).body;
      const missing = randomUUID();
      const automation = await createAutomation(server(), [
        { type: 'pause-work-pool', source: 'selected', work_pool_id: pool.id },
        { type: 'resume-work-pool', source: 'inferred' },
        { type: 'pause-work-pool', source: 'selected', work_pool_id: missing },
      ]);
      const paused = outcome(await actions.run(triggeredAction(automation)));
      expect(paused.payload).toMatchObject({ status_code: 204 });
      expect(paused.related[0]).toEqual({ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.resource.role': 'target' });
      expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.is_paused).toBe(true);
      const source = event({ resource: { 'prefect.resource.id': `prefect.work-pool.${pool.id}` } });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: source }))).kind).toBe('executed');
      expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.is_paused).toBe(false);
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: null }))).payload.reason).toBe('No event to infer the work pool');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).payload.reason).toBe('No work pool could be inferred');
      const notFound = outcome(await actions.run(triggeredAction(automation, { index: 2 })));
      expect(notFound.payload.reason).toBe(`Work pool ${missing} not found`);
      // Nothing was acted on: only the automation's own relations.
      expect(notFound.related.map((r) => r['prefect.resource.role'])).toEqual(['automation-triggered-event', 'triggering-event']);
    });

    it('pause-automation / resume-automation: PATCH enabled on the target automation; reasons', async () => {
      const target = await createAutomation(server(), [{ type: 'do-nothing' }]);
      const automation = await createAutomation(server(), [
        { type: 'pause-automation', source: 'selected', automation_id: target.id },
        { type: 'resume-automation', source: 'inferred' },
        { type: 'pause-automation', source: 'selected', automation_id: randomUUID() },
      ]);
      const paused = outcome(await actions.run(triggeredAction(automation)));
      expect(paused.payload).toMatchObject({ status_code: 204 });
      expect(paused.related[0]).toEqual({ 'prefect.resource.id': `prefect.automation.${target.id}`, 'prefect.resource.role': 'target' });
      expect((await server().rest('GET', `/automations/${target.id}`)).body.enabled).toBe(false);
      const source = event({ related: [{ 'prefect.resource.id': `prefect.automation.${target.id}`, 'prefect.resource.role': 'automation' }] });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: source }))).kind).toBe('executed');
      expect((await server().rest('GET', `/automations/${target.id}`)).body.enabled).toBe(true);
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1, event: null }))).payload.reason).toBe('No event to infer the automation');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).payload.reason).toBe('No automation could be inferred');
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2 }))).payload).toMatchObject({
        reason: "Unexpected status from 'pause-automation' action: 404",
        status_code: 404,
      });
    });
  },
  ACTIONS_ENV,
);
