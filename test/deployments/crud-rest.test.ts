// Deployments through Prefect's REST routes: create/upsert, reads, PATCH, delete (§1.4–§1.8).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

export async function flowNamed(server: TestServer, name: string) {
  return (await server.rest('POST', '/flows/', { name, labels: { team: 'data' } })).body;
}

const RESPONSE_KEYS = [
  'id',
  'created',
  'updated',
  'name',
  'version',
  'description',
  'flow_id',
  'paused',
  'schedules',
  'concurrency_limit',
  'global_concurrency_limit',
  'concurrency_options',
  'job_variables',
  'parameters',
  'tags',
  'labels',
  'work_queue_name',
  'work_queue_id',
  'last_polled',
  'parameter_openapi_schema',
  'path',
  'pull_steps',
  'entrypoint',
  'storage_document_id',
  'infrastructure_document_id',
  'created_by',
  'updated_by',
  'work_pool_name',
  'status',
  'enforce_parameter_schema',
];

describeEachDatabase('deployments over REST', (server) => {
  describe('create and upsert', () => {
    it('creates with 201 and Prefect’s JSON, upserts the same (flow_id, name) with 200 and the same id', async () => {
      const flow = await flowNamed(server(), 'dep-flow-1');
      const created = await server().rest('POST', '/deployments/', {
        name: 'nightly',
        flow_id: flow.id,
        tags: ['a', 'b'],
        labels: { env: 'prod' },
        parameters: { x: 1 },
        schedules: [{ schedule: { interval: 3600 } }, { schedule: { cron: '0 * * * *' }, slug: 'hourly', active: false }],
      });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual(RESPONSE_KEYS);
      expect(created.body).toMatchObject({
        name: 'nightly',
        flow_id: flow.id,
        paused: false,
        tags: ['a', 'b'],
        labels: { team: 'data', 'prefect.flow.id': flow.id, env: 'prod' },
        parameters: { x: 1 },
        job_variables: {},
        parameter_openapi_schema: {},
        pull_steps: [],
        status: 'NOT_READY',
        last_polled: null,
        concurrency_limit: null,
        global_concurrency_limit: null,
        work_queue_id: null,
        work_pool_name: null,
        enforce_parameter_schema: true,
        created_by: null,
      });
      // Newest-updated first: reverse request order.
      expect(created.body.schedules.map((s: any) => s.schedule)).toEqual([
        expect.objectContaining({ cron: '0 * * * *', day_or: true }),
        expect.objectContaining({ interval: 3600 }),
      ]);
      // A timedelta prints as float seconds (deployments §: durations).
      expect(created.text).toContain('"interval":3600.0');
      expect(created.body.schedules[0]).toMatchObject({ slug: 'hourly', active: false, deployment_id: created.body.id, max_scheduled_runs: null, parameters: {} });

      const again = await server().rest('POST', '/deployments/', { name: 'nightly', flow_id: flow.id, version: '2' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(created.body.id);
      expect(again.body.created).toBe(created.body.created);
      // Upsert: schedules replaced wholesale, parameters reset, labels recomputed, omitted tags kept.
      expect(again.body).toMatchObject({ version: '2', schedules: [], parameters: {}, tags: ['a', 'b'], labels: { team: 'data', 'prefect.flow.id': flow.id } });
    });

    it('decides 201 once among concurrent creates of one (flow_id, name)', async () => {
      const flow = await flowNamed(server(), 'dep-flow-race');
      const answers = await Promise.all(Array.from({ length: 6 }, () => server().rest('POST', '/deployments/', { name: 'race', flow_id: flow.id })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    });

    it('refuses bad bodies with Prefect’s 4xx and writes nothing', async () => {
      const flow = await flowNamed(server(), 'dep-flow-bad');
      const bad = async (body: Record<string, unknown>) => server().rest('POST', '/deployments/', { flow_id: flow.id, name: 'bad', ...body });
      const slash = await bad({ name: 'a/b' });
      expect(slash.status).toBe(422);
      expect(slash.body.exception_detail[0].loc).toEqual(['body', 'name']);
      expect((await bad({ id: MISSING })).body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'id'] });
      expect((await bad({ worker_pool_name: 'legacy' })).status).toBe(201);
      const both = await bad({ concurrency_limit: 1, global_concurrency_limit_id: MISSING });
      expect(both.status).toBe(422);
      expect(both.body.exception_detail[0]).toMatchObject({ loc: ['body'], msg: 'Value error, A deployment cannot have both a concurrency limit and a global concurrency limit.' });
      expect(await bad({ work_pool_name: 'nope' })).toMatchObject({ status: 404, body: { detail: 'Work pool "nope" not found.' } });
      expect(await bad({ global_concurrency_limit_id: MISSING })).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
      expect((await bad({ infrastructure_document_id: MISSING })).body.detail).toBe(
        `Error creating deployment. Could not find infrastructure block with id: ${MISSING}. This usually occurs when applying a deployment specification that was built against a different Prefect database / workspace.`,
      );
      expect(await server().rest('POST', '/deployments/', { name: 'x', flow_id: MISSING })).toMatchObject({ status: 409 });
      const maxRuns = await bad({ name: 'mr', schedules: [{ schedule: { interval: 60 }, max_scheduled_runs: 51 }] });
      expect(maxRuns.status).toBe(422);
      expect(maxRuns.body.exception_detail[0]).toMatchObject({
        loc: ['body', 'schedules', 0, 'max_scheduled_runs'],
        msg: 'Value error, `max_scheduled_runs` must be less than or equal to 50.',
      });
      const schema = await bad({
        name: 'sch',
        enforce_parameter_schema: true,
        parameter_openapi_schema: { type: 'object', properties: { n: { type: 'integer' } } },
        parameters: { n: 'x' },
      });
      expect(schema.status).toBe(422);
      expect(schema.body.exception_detail[0].msg).toBe("Value error, Validation failed for field 'n'. Failure reason: 'x' is not of type 'integer'");
      const badSchedule = await bad({ name: 'bs', schedules: [{ schedule: { interval: 60 } }, { schedule: { cron: 'not a cron' } }] });
      expect(badSchedule.status).toBe(422);
      expect(badSchedule.body.exception_detail.map((i: any) => i.loc.slice(0, 4))).toContainEqual(['body', 'schedules', 1, 'schedule']);
      const patchTarget = (await bad({ name: 'patched', schedules: [{ schedule: { interval: 60 } }] })).body;
      const badPatch = await server().rest('PATCH', `/deployments/${patchTarget.id}`, { description: 'changed', schedules: [{ schedule: { rrule: 'NOT-AN-RRULE' } }] });
      expect(badPatch.status).toBe(422);
      expect((await server().rest('GET', `/deployments/${patchTarget.id}`)).body).toMatchObject({ description: null, schedules: [{ schedule: { interval: 60 } }] });
      const names = (await server().rest('POST', '/deployments/filter', { flows: { id: { any_: [flow.id] } } })).body.map((d: any) => d.name);
      expect(names).toEqual(['bad', 'patched']);
    });

    it('creates, updates and removes the deployment-owned global concurrency limit', async () => {
      const flow = await flowNamed(server(), 'dep-flow-limit');
      const d = (
        await server().rest('POST', '/deployments/', { name: 'limited', flow_id: flow.id, concurrency_limit: 2, concurrency_options: { collision_strategy: 'CANCEL_NEW' } })
      ).body;
      expect(d.global_concurrency_limit).toMatchObject({ name: `deployment:${d.id}`, limit: 2, active: true, active_slots: 0 });
      expect(d.concurrency_limit).toBeNull();
      expect(d.concurrency_options).toEqual({ collision_strategy: 'CANCEL_NEW', grace_period_seconds: null });
      expect((await server().rest('PATCH', `/deployments/${d.id}`, { concurrency_limit: 5 })).status).toBe(204);
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.global_concurrency_limit).toMatchObject({ id: d.global_concurrency_limit.id, limit: 5 });
      expect((await server().rest('PATCH', `/deployments/${d.id}`, { concurrency_limit: null })).status).toBe(204);
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.global_concurrency_limit).toBeNull();
      expect((await server().rest('GET', `/v2/concurrency_limits/deployment:${d.id}`)).status).toBe(404);
    });
  });

  describe('reads', () => {
    it('reads by id and by flow and deployment name; 404s with Prefect’s texts', async () => {
      const flow = await flowNamed(server(), 'dep flow: ünï');
      const d = (await server().rest('POST', '/deployments/', { name: 'by name 🚀', flow_id: flow.id })).body;
      expect((await server().rest('GET', `/deployments/${d.id}`)).body).toEqual(d);
      expect((await server().rest('GET', `/deployments/name/${encodeURIComponent(flow.name)}/${encodeURIComponent(d.name)}`)).body).toEqual(d);
      expect(await server().rest('GET', `/deployments/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
      expect(await server().rest('GET', `/deployments/name/${encodeURIComponent(flow.name)}/other`)).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
      expect(await server().rest('GET', '/deployments/not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });
  });

  describe('PATCH', () => {
    it('applies present keys, answers 204, keeps name and refuses labels', async () => {
      const flow = await flowNamed(server(), 'dep-flow-patch');
      const d = (await server().rest('POST', '/deployments/', { name: 'p', flow_id: flow.id, description: 'old', tags: ['x'] })).body;
      const res = await server().rest('PATCH', `/deployments/${d.id}`, { description: 'new', paused: true, tags: ['y'], job_variables: { a: 1 } });
      expect(res.status).toBe(204);
      const after = (await server().rest('GET', `/deployments/${d.id}`)).body;
      expect(after).toMatchObject({ description: 'new', paused: true, tags: ['y'], job_variables: { a: 1 }, name: 'p' });
      expect(Date.parse(after.updated)).toBeGreaterThanOrEqual(Date.parse(d.updated));
      expect((await server().rest('PATCH', `/deployments/${d.id}`, { labels: {} })).status).toBe(422);
      expect(await server().rest('PATCH', `/deployments/${MISSING}`, {})).toMatchObject({ status: 404, body: { detail: 'Deployment not found.' } });
      // {} does not clear job variables.
      await server().rest('PATCH', `/deployments/${d.id}`, { job_variables: {} });
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.job_variables).toEqual({ a: 1 });
    });

    it('hydrates parameters and enforces the schema on every PATCH', async () => {
      const flow = await flowNamed(server(), 'dep-flow-hydrate');
      await server().rest('POST', '/variables/', { name: 'threshold', value: 7 });
      const d = (
        await server().rest('POST', '/deployments/', {
          name: 'h',
          flow_id: flow.id,
          parameter_openapi_schema: { type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } } },
        })
      ).body;
      const ok = await server().rest('PATCH', `/deployments/${d.id}`, {
        parameters: { s: { __prefect_kind: 'jinja', template: '{{ 1 + 2 }}' }, n: { __prefect_kind: 'json', value: '5' } },
      });
      expect(ok.status).toBe(204);
      expect((await server().rest('GET', `/deployments/${d.id}`)).body.parameters).toEqual({ s: '3', n: 5 });
      const badJson = await server().rest('PATCH', `/deployments/${d.id}`, { parameters: { n: { __prefect_kind: 'json', value: '{nope' } } });
      expect(badJson.status).toBe(400);
      expect(badJson.body.detail).toMatch(/^Error hydrating deployment parameters: Invalid JSON: /);
      const wrong = await server().rest('PATCH', `/deployments/${d.id}`, { parameters: { n: 'x' } });
      expect(wrong).toMatchObject({ status: 409, body: { detail: "Error updating deployment: Validation failed for field 'n'. Failure reason: 'x' is not of type 'integer'" } });
      const noSchema = (await server().rest('POST', '/deployments/', { name: 'h2', flow_id: flow.id, parameter_openapi_schema: null })).body;
      expect(await server().rest('PATCH', `/deployments/${noSchema.id}`, { paused: true })).toMatchObject({
        status: 409,
        body: {
          detail: 'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.',
        },
      });
      expect((await server().rest('PATCH', `/deployments/${noSchema.id}`, { paused: true, enforce_parameter_schema: false })).status).toBe(204);
    });
  });

  describe('delete', () => {
    it('deletes with 204, its schedules and scheduled runs; 404 after', async () => {
      const flow = await flowNamed(server(), 'dep-flow-delete');
      const d = (
        await server().rest('POST', '/deployments/', {
          name: 'gone',
          flow_id: flow.id,
          schedules: [{ schedule: { interval: 60 } }],
          parameter_openapi_schema: null,
          enforce_parameter_schema: false,
        })
      ).body;
      const run = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, {})).body;
      const other = (await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { state: { type: 'RUNNING' } })).body;
      expect((await server().rest('DELETE', `/deployments/${d.id}`)).status).toBe(204);
      expect((await server().rest('GET', `/flow_runs/${run.id}`)).status).toBe(404);
      expect((await server().rest('GET', `/flow_runs/${other.id}`)).body.deployment_id).toBe(d.id);
      expect(await server().rest('DELETE', `/deployments/${d.id}`)).toMatchObject({ status: 404, body: { detail: 'Deployment not found' } });
    });

    it('bulk-deletes up to limit by name', async () => {
      const flow = await flowNamed(server(), 'dep-flow-bulk');
      for (const name of ['bulk-c', 'bulk-a', 'bulk-b']) await server().rest('POST', '/deployments/', { name, flow_id: flow.id });
      const res = await server().rest('POST', '/deployments/bulk_delete', { deployments: { name: { like_: 'bulk-' } }, limit: 2 });
      expect(res.status).toBe(200);
      expect(res.body.deleted).toHaveLength(2);
      const left = (await server().rest('POST', '/deployments/filter', { deployments: { name: { like_: 'bulk-' } } })).body.map((d: any) => d.name);
      expect(left).toEqual(['bulk-c']);
      expect((await server().rest('POST', '/deployments/bulk_delete', { limit: 51 })).status).toBe(422);
    });
  });
});
