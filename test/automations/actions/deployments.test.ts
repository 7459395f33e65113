// Deployment actions (events §5.3, §6.8, §6.9; §9 item 32): run-deployment with
// selected and inferred deployments, templated parameters, job variables,
// schedule_after, its idempotency key and created_by AUTOMATION (with the
// creator on the run's state event); pause and resume; Prefect's reasons.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import type { TestServer } from '../../support/server.ts';
import { createActionHandler } from '../../../src/automations/actions/consumer.ts';
import { ACTIONS_ENV, createAutomation, event, outcome, triggeredAction, unique, useActions } from './support.ts';

async function createDeployment(server: TestServer, body: Record<string, unknown> = {}) {
  const flow = await server.rest('POST', '/flows/', { name: unique('flow') });
  const res = await server.rest('POST', '/deployments/', { name: unique('deployment'), flow_id: flow.body.id, ...body });
  if (res.status !== 201) throw new Error(`deployment: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string; flow_id: string };
}

describeEachDatabase(
  'automation actions: deployments',
  (server) => {
    const actions = useActions(server);
    let deployment: { id: string; name: string; flow_id: string };
    beforeAll(async () => {
      deployment = await createDeployment(server(), { parameters: { base: 1 } });
    });

    it('run-deployment (selected): a Scheduled run with the idempotency key, created_by AUTOMATION, and a creator on its state event', async () => {
      const automation = await createAutomation(
        server(),
        [{ type: 'run-deployment', source: 'selected', deployment_id: deployment.id, parameters: { x: 'plain' }, job_variables: { env: { A: '1' } }, schedule_after: 0 }],
        {
          name: 'Ünïcode automation',
        },
      );
      const triggered = triggeredAction(automation);
      const result = outcome(await actions.run(triggered));
      expect(result.kind).toBe('executed');
      expect(result.payload).toMatchObject({ status_code: 201, action_type: 'run-deployment' });
      const runRelated = result.related[1];
      expect(result.related[0]).toEqual({ 'prefect.resource.id': `prefect.deployment.${deployment.id}`, 'prefect.resource.role': 'target' });
      expect(runRelated['prefect.resource.role']).toBe('flow-run');
      const runId = runRelated['prefect.resource.id'].replace('prefect.flow-run.', '');
      const run = (await server().rest('GET', `/flow_runs/${runId}`)).body;
      expect(runRelated['prefect.resource.name']).toBe(run.name);
      expect(run).toMatchObject({
        deployment_id: deployment.id,
        idempotency_key: `automation ${automation.id}, action 0, invocation ${triggered.id}`,
        created_by: { id: automation.id, type: 'AUTOMATION', display_value: 'Ünïcode automation' },
        parameters: { base: 1, x: 'plain' },
        job_variables: { env: { A: '1' } },
        state: { type: 'SCHEDULED', name: 'Scheduled' },
      });
      const stateEvent = actions.all().find((e) => e.event === 'prefect.flow-run.Scheduled' && e.resource['prefect.resource.id'] === `prefect.flow-run.${runId}`)!;
      expect(stateEvent.related.at(-1)).toEqual({
        'prefect.resource.id': `prefect.automation.${automation.id}`,
        'prefect.resource.role': 'creator',
        'prefect.resource.name': 'Ünïcode automation',
      });
      // The same invocation again (another replica, a retry after a crash) finds the run by its key.
      // A second consumer (a restarted process, with an empty "already happened" cache) finds the same run by its key.
      await createActionHandler(server(), { log: () => {} })(triggered);
      await server().events.drain();
      const runs = (await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: [runId] } } })).body;
      expect(runs).toHaveLength(1);
      expect(await server().db.flowRun.count({ where: { idempotency_key: run.idempotency_key } })).toBe(1);
    });

    it('run-deployment: schedule_after sets the scheduled time; parameters are templates, hydrated, typed', async () => {
      await server().rest('POST', '/variables/', { name: 'greeting_var', value: 'hello' });
      const automation = await createAutomation(server(), [
        {
          type: 'run-deployment',
          source: 'selected',
          deployment_id: deployment.id,
          schedule_after: 3600,
          parameters: {
            count: '{{ event.payload.count }}',
            nested: { obj: '{{ event.payload.obj }}' },
            text: 'ran by {{ automation.name }} for {{ event.resource.id }}',
            listed: ['{{ event.payload.count }}', 'x'],
            variable: { __prefect_kind: 'workspace_variable', variable_name: 'greeting_var' },
            json: { __prefect_kind: 'json', value: '{"a": [1, 2]}' },
            label: '{{ labels.prefect.resource.id }}',
          },
        },
      ]);
      const source = event({ payload: { count: 3, obj: { k: true } }, resource: { 'prefect.resource.id': 'my.resource' } });
      const before = Date.now();
      const result = outcome(await actions.run(triggeredAction(automation, { event: source, labels: { 'prefect.resource.id': 'the.label' } })));
      expect(result.kind).toBe('executed');
      const runId = result.related[1]['prefect.resource.id'].replace('prefect.flow-run.', '');
      const run = (await server().rest('GET', `/flow_runs/${runId}`)).body;
      expect(run.parameters).toEqual({
        base: 1,
        count: 3,
        nested: { obj: { k: true } },
        text: `ran by ${automation.name} for my.resource`,
        listed: [3, 'x'],
        variable: 'hello',
        json: { a: [1, 2] },
        label: 'the.label',
      });
      const scheduled = new Date(run.state.state_details.scheduled_time).getTime();
      expect(scheduled).toBeGreaterThanOrEqual(before + 3600_000);
      expect(scheduled).toBeLessThan(before + 3600_000 + 600_000);
    });

    it('run-deployment: hydration failures (stored parameters the API would refuse today) are "Unable to create flow run from deployment: <Error>()"', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ a: { __prefect_kind: 'json', value: '{not json' } }, 'InvalidJSON()'],
        [{ a: { __prefect_kind: 'workspace_variable', variable_name: 'nope_missing' } }, 'WorkspaceVariableNotFound()'],
        [{ a: { __prefect_kind: 'jinja' } }, 'TemplateNotFound()'],
        [{ a: { __prefect_kind: 'none' } }, 'ValueNotFound()'],
        [{ a: '{{ range(1000) | length }}' }, 'InvalidJinja()'],
      ];
      for (const [parameters, repr] of cases) {
        const automation = await createAutomation(server(), [{ type: 'run-deployment', source: 'selected', deployment_id: deployment.id, parameters }], { raw: true });
        const result = outcome(await actions.run(triggeredAction(automation)));
        expect(result.payload.reason).toBe(`Unable to create flow run from deployment: ${repr}`);
        expect(result.related).toEqual([
          { 'prefect.resource.id': `prefect.deployment.${deployment.id}`, 'prefect.resource.role': 'target' },
          expect.objectContaining({ 'prefect.resource.role': 'automation-triggered-event' }),
          expect.objectContaining({ 'prefect.resource.role': 'triggering-event' }),
        ]);
      }
    });

    it('run-deployment (inferred): the first deployment among the involved resources; reasons when there is none', async () => {
      const automation = await createAutomation(server(), [{ type: 'run-deployment', source: 'inferred' }]);
      const source = event({
        resource: { 'prefect.resource.id': 'prefect.flow-run.not-a-deployment' },
        related: [{ 'prefect.resource.id': `prefect.deployment.${deployment.id}`, 'prefect.resource.role': 'deployment' }],
      });
      const ok = outcome(await actions.run(triggeredAction(automation, { event: source })));
      expect(ok.kind).toBe('executed');
      expect(ok.related[0]['prefect.resource.id']).toBe(`prefect.deployment.${deployment.id}`);
      expect(outcome(await actions.run(triggeredAction(automation, { event: null }))).payload.reason).toBe('No event to infer the deployment');
      expect(outcome(await actions.run(triggeredAction(automation))).payload.reason).toBe('No deployment could be inferred');
      // The first deployment resource decides, even when its id is no UUID.
      const bad = event({
        related: [
          { 'prefect.resource.id': 'prefect.deployment.nope', 'prefect.resource.role': 'x' },
          { 'prefect.resource.id': `prefect.deployment.${deployment.id}`, 'prefect.resource.role': 'y' },
        ],
      });
      expect(outcome(await actions.run(triggeredAction(automation, { event: bad }))).payload.reason).toBe('No deployment could be inferred');
    });

    it('run-deployment: API refusals become reasons (404 status, 409 with its detail as validation_error)', async () => {
      const missing = randomUUID();
      const automation = await createAutomation(server(), [{ type: 'run-deployment', source: 'selected', deployment_id: missing }]);
      const result = outcome(await actions.run(triggeredAction(automation)));
      expect(result.payload).toMatchObject({ reason: "Unexpected status from 'run-deployment' action: 404", status_code: 404 });
      const strict = await createDeployment(server(), {
        enforce_parameter_schema: true,
        parameter_openapi_schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
      });
      const enforced = await createAutomation(server(), [{ type: 'run-deployment', source: 'selected', deployment_id: strict.id, parameters: { n: 'text' } }]);
      const refused = outcome(await actions.run(triggeredAction(enforced)));
      expect(refused.payload.status_code).toBe(409);
      expect(refused.payload.validation_error).toMatch(/^Error creating flow run: /);
      expect(refused.payload.reason).toBe(`Validation error occurred for 'run-deployment' - ${refused.payload.validation_error}`);
    });

    it('pause-deployment and resume-deployment flip the deployment; a missing one is a 404 reason', async () => {
      const target = await createDeployment(server());
      const automation = await createAutomation(server(), [
        { type: 'pause-deployment', source: 'selected', deployment_id: target.id },
        { type: 'resume-deployment', source: 'selected', deployment_id: target.id },
        { type: 'pause-deployment', source: 'selected', deployment_id: randomUUID() },
      ]);
      const paused = outcome(await actions.run(triggeredAction(automation, { index: 0 })));
      expect(paused.payload).toMatchObject({ status_code: 200 });
      expect(paused.related[0]).toEqual({ 'prefect.resource.id': `prefect.deployment.${target.id}`, 'prefect.resource.role': 'target' });
      expect((await server().rest('GET', `/deployments/${target.id}`)).body.paused).toBe(true);
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).kind).toBe('executed');
      expect((await server().rest('GET', `/deployments/${target.id}`)).body.paused).toBe(false);
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2 }))).payload.reason).toBe("Unexpected status from 'pause-deployment' action: 404");
    });
  },
  ACTIONS_ENV,
);
