// Deployment runs (create_flow_run, bulk, the runner's poll, pause/resume) and
// the schedules sub-routes and PATCH schedule modes (§1.5, §1.9–§1.14).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

async function deployment(server: TestServer, name: string, body: Record<string, unknown> = {}) {
  const flow = (await server.rest('POST', '/flows/', { name: `flow-${name}`, labels: { team: 'data' } })).body;
  const res = await server.rest('POST', '/deployments/', { name, flow_id: flow.id, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

describeEachDatabase('deployment runs and schedules over REST', (server) => {
  describe('create_flow_run', () => {
    it('creates a Scheduled run with the deployment’s parameters, tags and labels; an idempotency key answers 200', async () => {
      const d = await deployment(server(), 'runs-1', {
        parameters: { a: 1, b: 2 },
        tags: ['dep'],
        version: 'v7',
        parameter_openapi_schema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } } },
      });
      const res = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { parameters: { b: 3 }, tags: ['run'], labels: { x: 'y' }, idempotency_key: 'k1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        flow_id: d.flow_id,
        deployment_id: d.id,
        deployment_version: 'v7',
        parameters: { a: 1, b: 3 },
        state_type: 'SCHEDULED',
        state_name: 'Scheduled',
        auto_scheduled: false,
        labels: { team: 'data', 'prefect.flow.id': d.flow_id, 'prefect.deployment.id': d.id, x: 'y' },
      });
      expect([...res.body.tags].sort()).toEqual(['dep', 'run']);
      const again = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { idempotency_key: 'k1' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(res.body.id);
    });

    it('refuses with Prefect’s errors', async () => {
      const d = await deployment(server(), 'runs-2', {
        parameter_openapi_schema: {
          type: 'object',
          properties: { person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
          required: ['person'],
        },
      });
      expect(await server().rest('POST', `/deployments/${MISSING}/create_flow_run`, {})).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
      expect(await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { parameters: { person: {} } })).toMatchObject({
        status: 409,
        body: { detail: "Error creating flow run: Validation failed for field 'person'. Failure reason: 'name' is a required property" },
      });
      expect(await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { parameters: { person: { name: 1 } } })).toMatchObject({
        status: 409,
        body: { detail: "Error creating flow run: Validation failed for field 'person.name'. Failure reason: 1 is not of type 'string'" },
      });
      const hydration = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { parameters: { person: { __prefect_kind: 'json', value: '{"name": ' } } });
      expect(hydration.status).toBe(400);
      expect(hydration.body.detail).toMatch(/^Error hydrating flow run parameters: Invalid JSON: /);
      const missingVar = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {
        parameters: { person: { __prefect_kind: 'workspace_variable', variable_name: 'nope' } },
      });
      expect(missingVar).toMatchObject({ status: 400, body: { detail: "Error hydrating flow run parameters: Variable 'nope' not found in workspace." } });
      expect(await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { work_queue_name: 'q' })).toMatchObject({
        status: 409,
      });
      const loose = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { enforce_parameter_schema: false, work_queue_name: 'q' });
      expect(loose).toMatchObject({
        status: 400,
        body: { detail: `Cannot create flow run in work queue q because deployment ${d.id} is not associated with a work pool. Please remove work_pool_name and try again.` },
      });
    });

    it('answers a schema whose references loop with 422, not a 500', async () => {
      const d = await deployment(server(), 'runs-loop', { parameter_openapi_schema: { type: 'object', properties: { a: { $ref: '#/properties/a' } } } });
      expect(await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { parameters: { a: 1 } })).toMatchObject({
        status: 422,
        body: { detail: 'Invalid schema: Unable to validate schema with circular references.' },
      });
    });

    it('renders jinja and reads workspace variables when hydrating', async () => {
      const d = await deployment(server(), 'runs-3', { enforce_parameter_schema: false });
      await server().db.variable.create({ data: { name: 'dep_var', value: { deep: [1, 2] } } });
      const res = await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {
        parameters: {
          t: { __prefect_kind: 'jinja', template: '{{ 1 + 2 }}' },
          v: { __prefect_kind: 'workspace_variable', variable_name: 'dep_var' },
          n: { __prefect_kind: 'none', value: 5 },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.parameters).toEqual({ t: '3', v: { deep: [1, 2] }, n: 5 });
    });

    it('creates in bulk, each item CREATED or FAILED; more than 100 is a 400', async () => {
      const d = await deployment(server(), 'runs-4', { parameter_openapi_schema: { type: 'object', properties: { n: { type: 'integer' } } } });
      const res = await server().rest('POST', `/deployments/${d.id}/create_flow_run/bulk`, [{ parameters: { n: 1 } }, { parameters: { n: 'x' } }]);
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ status: 'CREATED', error: null });
      expect(res.body.results[1]).toEqual({
        flow_run_id: null,
        status: 'FAILED',
        error: "Parameter validation failed: Validation failed for field 'n'. Failure reason: 'x' is not of type 'integer'",
      });
      expect((await server().rest('GET', `/flow_runs/${res.body.results[0].flow_run_id}`)).body.parameters).toEqual({ n: 1 });
      const tooMany = await server().rest(
        'POST',
        `/deployments/${MISSING}/create_flow_run/bulk`,
        Array.from({ length: 101 }, () => ({})),
      );
      expect(tooMany).toMatchObject({ status: 400, body: { detail: 'Cannot create more than 100 flow runs at once.' } });
      expect(await server().rest('POST', `/deployments/${MISSING}/create_flow_run/bulk`, [])).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
      expect(await server().rest('POST', `/deployments/${d.id}/create_flow_run/bulk`, [])).toMatchObject({ status: 200, body: { results: [] } });
    });
  });

  describe('the runner’s poll, pause and resume', () => {
    it('answers scheduled runs soonest first and marks the deployment READY without moving updated', async () => {
      const d = await deployment(server(), 'poll-1', { enforce_parameter_schema: false });
      const later = new Date(Date.now() + 3600_000).toISOString();
      const soon = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {})).body;
      const far = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { state: { type: 'SCHEDULED', state_details: { scheduled_time: later } } })).body;
      await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { state: { type: 'RUNNING' } });
      const res = await server().rest('POST', '/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id, MISSING] });
      expect(res.status).toBe(200);
      expect(res.body.map((r: any) => r.id)).toEqual([soon.id, far.id]);
      const before = (
        await server().rest('POST', '/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id], scheduled_before: new Date(Date.now() + 60_000).toISOString() })
      ).body;
      expect(before.map((r: any) => r.id)).toEqual([soon.id]);
      const after = (await server().rest('GET', `/deployments/${d.id}`)).body;
      expect(after.status).toBe('READY');
      expect(after.last_polled).not.toBeNull();
      expect(after.updated).toBe(d.updated);
      expect((await server().rest('POST', '/deployments/get_scheduled_flow_runs', {})).status).toBe(422);
    });

    it('pauses (deleting auto-scheduled Scheduled runs) and resumes; 404 for a missing deployment', async () => {
      const d = await deployment(server(), 'pause-1', { enforce_parameter_schema: false });
      const manual = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {})).body;
      await server().db.flowRun.update({ where: { id: manual.id }, data: { auto_scheduled: true } });
      const kept = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {})).body;
      expect(await server().rest('POST', `/deployments/${d.id}/pause_deployment`)).toMatchObject({ status: 200, body: null });
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.paused).toBe(true);
      expect((await server().rest('GET', `/flow_runs/${manual.id}`)).status).toBe(404);
      expect((await server().rest('GET', `/flow_runs/${kept.id}`)).status).toBe(200);
      expect(await server().rest('POST', `/deployments/${d.id}/resume_deployment`)).toMatchObject({ status: 200, body: null });
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.paused).toBe(false);
      expect(await server().rest('POST', `/deployments/${MISSING}/pause_deployment`)).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
    });
  });

  describe('schedules sub-routes', () => {
    it('creates (201, request order), reads (newest-updated first), updates and deletes schedules', async () => {
      const d = await deployment(server(), 'sched-1');
      const created = await server().rest('POST', `/deployments/${d.id}/schedules`, [
        { schedule: { interval: 60 }, slug: 'one', max_scheduled_runs: 5 },
        { schedule: { cron: '* * * * *' }, active: false },
      ]);
      expect(created.status).toBe(201);
      expect(created.body.map((s: any) => s.slug)).toEqual(['one', null]);
      expect(created.body[0]).toMatchObject({ max_scheduled_runs: 5, active: true, deployment_id: d.id, parameters: {} });
      const read = (await server().rest('GET', `/deployments/${d.id}/schedules`)).body;
      expect(read.map((s: any) => s.slug)).toEqual([null, 'one']);
      const [, one] = read;
      expect((await server().rest('PATCH', `/deployments/${d.id}/schedules/${one.id}`, { active: false })).status).toBe(204);
      const patched = (await server().rest('GET', `/deployments/${d.id}/schedules`)).body.find((s: any) => s.id === one.id);
      expect(patched).toMatchObject({ active: false, slug: 'one', max_scheduled_runs: 5 });
      expect((await server().rest('DELETE', `/deployments/${d.id}/schedules/${one.id}`)).status).toBe(204);
      expect(await server().rest('DELETE', `/deployments/${d.id}/schedules/${one.id}`)).toMatchObject({ status: 404, body: { detail: 'Schedule not found.' } });
      expect(await server().rest('GET', `/deployments/${MISSING}/schedules`)).toMatchObject({ status: 404, body: { detail: 'Deployment not found.' } });
      expect(await server().rest('POST', `/deployments/${d.id}/schedules`, [])).toMatchObject({ status: 201, body: [] });
    });

    it('refuses duplicate slugs with 409 and bad items with 422, writing nothing', async () => {
      const d = await deployment(server(), 'sched-2', { schedules: [{ schedule: { interval: 60 }, slug: 'taken' }] });
      const dup = await server().rest('POST', `/deployments/${d.id}/schedules`, [
        { schedule: { interval: 5 }, slug: 'new' },
        { schedule: { interval: 5 }, slug: 'taken' },
      ]);
      expect(dup).toMatchObject({ status: 409, body: { detail: 'Schedule slugs must be unique within a deployment.' } });
      const inside = await server().rest('POST', `/deployments/${d.id}/schedules`, [
        { schedule: { interval: 5 }, slug: 'x' },
        { schedule: { interval: 5 }, slug: 'x' },
      ]);
      expect(inside.status).toBe(409);
      const tooMany = await server().rest('POST', `/deployments/${d.id}/schedules`, [{ schedule: { interval: 5 }, max_scheduled_runs: 51 }]);
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.exception_detail[0].loc).toEqual(['body', 0, 'max_scheduled_runs']);
      expect((await server().rest('POST', `/deployments/${d.id}/schedules`, [{ active: true }])).status).toBe(422);
      expect((await server().rest('GET', `/deployments/${d.id}/schedules`)).body.map((s: any) => s.slug)).toEqual(['taken']);
    });

    it('PATCH replaces schedules when one has no slug, targets by slug when all have one', async () => {
      const d = await deployment(server(), 'sched-3', { schedules: [{ schedule: { interval: 60 } }] });
      expect((await server().rest('PATCH', `/deployments/${d.id}`, { schedules: [{ schedule: { interval: 120 }, slug: 'a' }, { slug: 'skipped' }] })).status).toBe(204);
      let schedules = (await server().rest('GET', `/deployments/${d.id}/schedules`)).body;
      expect(schedules.map((s: any) => [s.slug, s.schedule.interval])).toEqual([['a', 120]]);
      const aId = schedules[0].id;
      expect(await server().rest('PATCH', `/deployments/${d.id}`, { schedules: [{ schedule: { interval: 1 } }] })).toMatchObject({
        status: 422,
        body: { detail: 'Please provide a slug for each schedule in your request to ensure schedules are updated correctly.' },
      });
      expect(
        (
          await server().rest('PATCH', `/deployments/${d.id}`, {
            schedules: [
              { slug: 'a', active: false },
              { slug: 'b', schedule: { interval: 7 } },
            ],
          })
        ).status,
      ).toBe(204);
      schedules = (await server().rest('GET', `/deployments/${d.id}/schedules`)).body;
      expect(schedules.find((s: any) => s.slug === 'a')).toMatchObject({ id: aId, active: false, schedule: { interval: 120 } });
      expect(schedules.find((s: any) => s.slug === 'b')).toMatchObject({ schedule: { interval: 7 }, active: true });
      // A swap by replaces keeps ids.
      const bId = schedules.find((s: any) => s.slug === 'b').id;
      expect(
        (
          await server().rest('PATCH', `/deployments/${d.id}`, {
            schedules: [
              { replaces: 'a', slug: 'b' },
              { replaces: 'b', slug: 'a' },
            ],
          })
        ).status,
      ).toBe(204);
      schedules = (await server().rest('GET', `/deployments/${d.id}/schedules`)).body;
      expect(schedules.find((s: any) => s.slug === 'b').id).toBe(aId);
      expect(schedules.find((s: any) => s.slug === 'a').id).toBe(bId);
      expect(
        await server().rest('PATCH', `/deployments/${d.id}`, {
          schedules: [
            { replaces: 'a', slug: 'z' },
            { replaces: 'a', slug: 'y' },
          ],
        }),
      ).toMatchObject({
        status: 422,
        body: { detail: "Multiple schedules have 'replaces' targeting the same slug: a" },
      });
      expect(await server().rest('PATCH', `/deployments/${d.id}`, { schedules: [{ replaces: 'a', slug: 'b' }] })).toMatchObject({
        status: 422,
        body: { detail: "Cannot rename schedule from 'a' to 'b': a schedule with slug 'b' already exists." },
      });
      expect(await server().rest('PATCH', `/deployments/${d.id}`, { schedules: [{ slug: 'new' }] })).toMatchObject({
        status: 422,
        body: { detail: 'Unable to create new deployment schedules without a schedule configuration.' },
      });
    });
  });
});
