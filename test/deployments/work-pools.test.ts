// Deployments and work pools: queue resolution on create/PATCH, job variables
// against the pool's base job template (§1.16), runs placed in the pool's
// queues, the legacy work_queue_check, status bookkeeping events.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const TEMPLATE = {
  job_configuration: { command: '{{ command }}' },
  variables: {
    type: 'object',
    properties: {
      image: { type: 'string', default: 'python:3.12' },
      cpu: { type: 'integer' },
      command: { type: 'string' },
    },
    required: ['command'],
  },
};

describeEachDatabase('deployments in work pools', (server) => {
  let flowId = '';
  beforeAll(async () => {
    flowId = (await server().rest('POST', '/flows/', { name: 'pool-flow' })).body.id;
    expect((await server().rest('POST', '/work_pools/', { name: 'k8s', type: 'kubernetes', base_job_template: TEMPLATE })).status).toBe(201);
  });

  const create = (body: Record<string, unknown>) => server().rest('POST', '/deployments/', { flow_id: flowId, enforce_parameter_schema: false, ...body });

  it('links the pool’s default queue, a named queue (created when missing) or a queue of default-agent-pool', async () => {
    const byPool = (await create({ name: 'wp-1', work_pool_name: 'k8s' })).body;
    expect(byPool).toMatchObject({ work_pool_name: 'k8s', work_queue_name: 'default', work_queue_id: expect.any(String) });
    const byQueue = (await create({ name: 'wp-2', work_pool_name: 'k8s', work_queue_name: 'gpu' })).body;
    expect(byQueue).toMatchObject({ work_pool_name: 'k8s', work_queue_name: 'gpu' });
    const queues = (await server().rest('POST', '/work_pools/k8s/queues/filter', {})).body.map((q: any) => q.name);
    expect(queues).toEqual(expect.arrayContaining(['default', 'gpu']));
    const agent = (await create({ name: 'wp-3', work_queue_name: 'legacy' })).body;
    expect(agent).toMatchObject({ work_pool_name: 'default-agent-pool', work_queue_name: 'legacy' });
    // PATCH: work_pool_name null detaches, keeping the stored queue name.
    expect((await server().rest('PATCH', `/deployments/${byQueue.id}`, { work_pool_name: null })).status).toBe(204);
    expect((await server().rest('GET', `/deployments/${byQueue.id}`)).body).toMatchObject({ work_queue_id: null, work_pool_name: null, work_queue_name: 'gpu' });
    expect(await server().rest('PATCH', `/deployments/${byQueue.id}`, { work_pool_name: 'nope' })).toMatchObject({ status: 404, body: { detail: 'Work pool "nope" not found.' } });
    // The stored column decides the work_queue_name filter.
    const filtered = (await server().rest('POST', '/deployments/filter', { deployments: { work_queue_name: { any_: ['default'] } } })).body;
    expect(filtered.map((d: any) => d.name)).not.toContain('wp-1');
  });

  it('checks job variables against the pool’s variables schema', async () => {
    const bad = await create({ name: 'wp-jv', work_pool_name: 'k8s', job_variables: { cpu: 'lots' } });
    expect(bad).toMatchObject({ status: 422, body: { detail: "Error creating deployment: Validation failed for field 'cpu'. Failure reason: 'lots' is not of type 'integer'" } });
    const ok = await create({ name: 'wp-jv', work_pool_name: 'k8s', job_variables: { cpu: 2 } });
    expect(ok.status).toBe(201);
    const patch = await server().rest('PATCH', `/deployments/${ok.body.id}`, { work_pool_name: 'k8s', job_variables: { cpu: 'abc' } });
    expect(patch).toMatchObject({ status: 409, body: { detail: "Error creating deployment: <ValidationError: \"'abc' is not of type 'integer'\">" } });
    // Runs: required keys enforced on the merge of defaults, deployment and run values.
    const missing = await server().rest('POST', `/deployments/${ok.body.id}/create_flow_run`, {});
    expect(missing).toMatchObject({ status: 422, body: { detail: "Error creating flow run: Validation failed. Failure reason: 'command' is a required property" } });
    const run = await server().rest('POST', `/deployments/${ok.body.id}/create_flow_run`, { job_variables: { command: 'go' }, work_queue_name: 'fresh' });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ job_variables: { command: 'go' }, work_queue_name: 'fresh', work_pool_name: 'k8s' });
    expect((await server().rest('GET', '/work_pools/k8s/queues/fresh')).status).toBe(200);
    // The deployment itself is unchanged.
    expect((await server().rest('GET', `/deployments/${ok.body.id}`)).body.work_queue_name).toBe('default');
  });

  it('lists legacy queues whose filter picks the deployment up', async () => {
    const d = (await create({ name: 'wp-check', tags: ['a', 'b'] })).body;
    await server().db.workQueue.updateMany({ where: { name: 'legacy' }, data: { filter: { tags: ['a'], deployment_ids: null } } });
    const res = await server().rest('GET', `/deployments/${d.id}/work_queue_check`);
    expect(res.status).toBe(200);
    expect(res.body.map((q: any) => q.name)).toEqual(['legacy']);
    expect(await server().rest('GET', '/deployments/00000000-0000-4000-8000-000000000000/work_queue_check')).toMatchObject({
      status: 404,
      body: { detail: 'Deployment not found' },
    });
  });

  it('publishes created, updated (with the changed fields) and ready events', async () => {
    const seen: { event: string; payload: any; related: any[] }[] = [];
    const stop = server().events.subscribe('deployment-pool-test', (e) => {
      if (e.event.startsWith('prefect.deployment.')) seen.push({ event: e.event, payload: e.payload, related: e.related });
    });
    const d = (await create({ name: 'wp-events', work_pool_name: 'k8s', version: '1' })).body;
    await create({ name: 'wp-events', work_pool_name: 'k8s', version: '2' });
    await create({ name: 'wp-events', work_pool_name: 'k8s', version: '2' });
    await server().rest('POST', '/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id] });
    await server().rest('POST', '/deployments/get_scheduled_flow_runs', { deployment_ids: [d.id] });
    await server().events.drain();
    stop();
    expect(seen.map((e) => e.event)).toEqual(['prefect.deployment.created', 'prefect.deployment.updated', 'prefect.deployment.ready']);
    expect(seen[1].payload).toEqual({ updated_fields: ['version'], updates: { version: { from: '1', to: '2' } } });
    expect(seen[0].related.map((r) => r['prefect.resource.role'])).toEqual(['flow', 'work-queue', 'work-pool']);
  });
});
