// Task runs through Prefect's REST routes (flows-and-runs §3).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('task runs over REST', (server) => {
  let flowRunId: string;
  beforeAll(async () => {
    const flowId = (await server().rest('POST', '/flows/', { name: 'task-flow' })).body.id;
    flowRunId = (await server().rest('POST', '/flow_runs/', { flow_id: flowId, labels: { env: 'dev' } })).body.id;
  });

  it('creates a PENDING task run, and returns it again for the same keys (200)', async () => {
    const created = await server().rest('POST', '/task_runs/', { flow_run_id: flowRunId, task_key: 'extract', dynamic_key: '0', tags: ['io'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      flow_run_id: flowRunId,
      task_key: 'extract',
      dynamic_key: '0',
      state_type: 'PENDING',
      run_count: 0,
      flow_run_run_count: 0,
      tags: ['io'],
      task_inputs: {},
      empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: null, retry_delay: null, retry_jitter_factor: null },
    });
    expect(created.body.labels).toMatchObject({ env: 'dev', 'prefect.flow-run.id': flowRunId });
    const again = await server().rest('POST', '/task_runs/', { flow_run_id: flowRunId, task_key: 'extract', dynamic_key: '0', name: 'other' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...created.body, estimated_start_time_delta: expect.any(Number) });
  });

  it('upserts task runs without a flow run by their keys, and honours a client id', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const a = await server().rest('POST', '/task_runs/', { id, task_key: 'solo', dynamic_key: '1' });
    expect(a.status).toBe(201);
    expect(a.body.id).toBe(id);
    expect(a.body.flow_run_id).toBeNull();
    expect((await server().rest('POST', '/task_runs/', { task_key: 'solo', dynamic_key: '1' })).status).toBe(200);
    expect(await server().rest('POST', '/task_runs/', { id, task_key: 'solo', dynamic_key: '2' })).toMatchObject({ status: 409 });
  });

  it('answers Prefect’s 404s and 422s', async () => {
    expect(await server().rest('GET', `/task_runs/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Task not found' } });
    expect(await server().rest('DELETE', `/task_runs/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Task not found' } });
    expect(await server().rest('PATCH', `/task_runs/${MISSING}`, { name: 'x' })).toMatchObject({ status: 404, body: { detail: 'Task run not found' } });
    expect(await server().rest('GET', `/task_run_states/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Flow run state not found' } });
    expect(await server().rest('POST', `/task_runs/${MISSING}/set_state`, { state: { type: 'RUNNING' } })).toMatchObject({
      status: 404,
      body: { exception_message: `Task run with id ${MISSING} not found` },
    });
    const longKey = await server().rest('POST', '/task_runs/', { task_key: 'k', dynamic_key: 'd', cache_key: 'x'.repeat(2001) });
    expect(longKey.body.exception_detail[0]).toMatchObject({
      type: 'value_error',
      loc: ['body', 'cache_key'],
      msg: 'Value error, Cache key exceeded maximum allowed length of 2000 characters.',
    });
    expect(await server().rest('POST', '/task_runs/', { flow_run_id: MISSING, task_key: 'k', dynamic_key: 'd' })).toMatchObject({ status: 409 });
    expect((await server().rest('POST', '/task_runs/', { task_key: 'k' })).body.exception_detail).toEqual([
      { type: 'missing', loc: ['body', 'dynamic_key'], msg: 'Field required', input: { task_key: 'k' } },
    ]);
  });

  it('renames, sets states, lists states and deletes', async () => {
    const run = (await server().rest('POST', '/task_runs/', { flow_run_id: flowRunId, task_key: 'load', dynamic_key: '0' })).body;
    expect((await server().rest('PATCH', `/task_runs/${run.id}`, { name: 'renamed' })).status).toBe(204);
    expect((await server().rest('GET', `/task_runs/${run.id}`)).body.name).toBe('renamed');
    expect(await server().rest('PATCH', `/task_runs/${run.id}`, { tags: [] })).toMatchObject({ status: 422 });
    await server().rest('POST', `/flow_runs/${flowRunId}/set_state`, { state: { type: 'RUNNING' } });
    const running = await server().rest('POST', `/task_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } });
    expect(running.status).toBe(201);
    expect(running.body).toMatchObject({ status: 'ACCEPT', state: { type: 'RUNNING' } });
    const states = (await server().rest('GET', `/task_run_states/?task_run_id=${run.id}`)).body;
    expect(states.map((s: { type: string }) => s.type)).toEqual(['PENDING', 'RUNNING']);
    expect((await server().rest('GET', `/task_run_states/${states[0].id}`)).body).toEqual(states[0]);
    expect((await server().rest('DELETE', `/task_runs/${run.id}`)).status).toBe(204);
    expect((await server().rest('GET', `/task_runs/${run.id}`)).status).toBe(404);
  });

  it('filters: flow_run_id is_null_ defaults to false, related flow run filters exclude orphans', async () => {
    const count = async (body: unknown) => (await server().rest('POST', '/task_runs/count', body)).body;
    const all = await count({});
    const orphans = await count({ task_runs: { flow_run_id: { is_null_: true } } });
    expect(orphans).toBeGreaterThan(0);
    expect(await count({ task_runs: { flow_run_id: {} } })).toBe(all - orphans);
    expect(await count({ task_runs: { flow_run_id: { any_: [flowRunId] } } })).toBe(all - orphans);
    expect(await count({ flow_runs: {} })).toBe(all - orphans);
    expect(await count({ flows: { name: { any_: ['task-flow'] } } })).toBe(all - orphans);
    expect(await count({ task_runs: { subflow_runs: { exists_: true } } })).toBe(0);
    const page = await server().rest('POST', '/task_runs/paginate', { limit: 1 });
    expect(Object.keys(page.body.results[0])).toEqual([
      'id',
      'created',
      'updated',
      'name',
      'flow_run_id',
      'task_key',
      'state_id',
      'state',
      'task_version',
      'task_inputs',
      'empirical_policy',
      'tags',
      'start_time',
      'end_time',
      'total_run_time',
      'estimated_run_time',
      'estimated_start_time_delta',
    ]);
    const names = (await server().rest('POST', '/task_runs/filter', { sort: 'NAME_ASC', task_runs: { name: { like_: 'renamed' } } })).body;
    expect(names).toEqual([]);
  });
});
