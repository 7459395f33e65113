// The worker poll (§4.7) and the pool's concurrency status (§4.2).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { captureEvents, createFlowRun, createPool, createQueue, runInQueue, unique } from './helpers.ts';

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes));

describeEachDatabase('worker poll', (server) => {
  const poll = (pool: string, body: object = {}) => server().rest('POST', `/work_pools/${pool}/get_scheduled_flow_runs`, body);

  it('orders by queue priority then next start, within scheduled_after/before', async () => {
    const pool = await createPool(server(), { name: unique('poll'), type: 'process' });
    const low = await createQueue(server(), pool.name, { name: 'low' });
    const a = await runInQueue(server(), low.id, { type: 'SCHEDULED', next: at(1) });
    const b = await runInQueue(server(), pool.default_queue_id, { type: 'SCHEDULED', next: at(5) });
    const c = await runInQueue(server(), pool.default_queue_id, { type: 'SCHEDULED', next: at(3) });
    await runInQueue(server(), pool.default_queue_id, { type: 'RUNNING', next: at(2) });
    await runInQueue(server(), pool.default_queue_id, { type: 'SCHEDULED', next: at(4) }, { empirical_policy: { retry_type: 'in_process' } });
    const res = await poll(pool.name);
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => r.flow_run.id)).toEqual([c.id, b.id, a.id]);
    expect(res.body[0]).toMatchObject({ work_pool_id: pool.id, work_queue_id: pool.default_queue_id });
    expect(res.body[0].flow_run).toMatchObject({ state: null, state_type: 'SCHEDULED', work_queue_id: pool.default_queue_id });
    const window = await poll(pool.name, { scheduled_after: at(2).toISOString(), scheduled_before: at(4).toISOString() });
    expect(window.body.map((r: any) => r.flow_run.id)).toEqual([c.id]);
    expect((await poll(pool.name, { limit: 1 })).body.map((r: any) => r.flow_run.id)).toEqual([c.id]);
    expect((await poll(pool.name, { work_queue_names: ['low'] })).body.map((r: any) => r.flow_run.id)).toEqual([a.id]);
  });

  it('respects pause and concurrency limits of queues and pool', async () => {
    const pool = await createPool(server(), { name: unique('lim'), type: 'process' });
    const q = await createQueue(server(), pool.name, { name: 'q', concurrency_limit: 2 });
    await runInQueue(server(), q.id, { type: 'RUNNING' });
    const s1 = await runInQueue(server(), q.id, { type: 'SCHEDULED', next: at(1) });
    await runInQueue(server(), q.id, { type: 'SCHEDULED', next: at(2) });
    const d1 = await runInQueue(server(), pool.default_queue_id, { type: 'SCHEDULED', next: at(3) });
    // Queue q: 2 − 1 running = 1 slot.
    expect((await poll(pool.name)).body.map((r: any) => r.flow_run.id)).toEqual([d1.id, s1.id]);
    // Pool: 2 − 1 running = 1 slot, taken by the highest priority queue (default).
    await server().rest('PATCH', `/work_pools/${pool.name}`, { concurrency_limit: 2 });
    expect((await poll(pool.name)).body.map((r: any) => r.flow_run.id)).toEqual([d1.id]);
    await server().rest('PATCH', `/work_pools/${pool.name}`, { concurrency_limit: 1 });
    expect((await poll(pool.name)).body).toEqual([]);
    await server().rest('PATCH', `/work_pools/${pool.name}`, { concurrency_limit: null });
    await server().rest('PATCH', `/work_pools/${pool.name}/queues/default`, { is_paused: true });
    expect((await poll(pool.name)).body.map((r: any) => r.flow_run.id)).toEqual([s1.id]);
    await server().rest('PATCH', `/work_pools/${pool.name}`, { is_paused: true });
    expect((await poll(pool.name)).body).toEqual([]);
  });

  it('records the poll: last_polled, NOT_READY queues READY (event), deployments READY', async () => {
    const pool = await createPool(server(), { name: unique('book'), type: 'process' });
    const other = await createQueue(server(), pool.name, { name: 'other' });
    const flow = await server().rest('POST', '/flows/', { name: unique('flow') });
    const deployment = await server().db.deployment.create({ data: { name: unique('dep'), flow_id: flow.body.id, work_queue_id: pool.default_queue_id } });
    const events = captureEvents(server());
    await poll(pool.name, { work_queue_names: ['default'] });
    const def = (await server().rest('GET', `/work_pools/${pool.name}/queues/default`)).body;
    expect(def.status).toBe('READY');
    expect(def.last_polled).not.toBeNull();
    expect((await server().rest('GET', `/work_pools/${pool.name}/queues/other`)).body).toMatchObject({ status: 'NOT_READY', last_polled: null });
    const stored = await server().db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    expect(stored).toMatchObject({ status: 'READY' });
    expect(stored.last_polled).not.toBeNull();
    expect(stored.updated.getTime()).toBe(deployment.updated.getTime());
    await poll(pool.name);
    const ready = (await events.named('prefect.deployment.')).filter((e) => e.resource['prefect.resource.id'] === `prefect.deployment.${deployment.id}`);
    expect(ready.map((e) => [e.event, e.resource['prefect.resource.id']])).toEqual([['prefect.deployment.ready', `prefect.deployment.${deployment.id}`]]);
    const mine = [pool.default_queue_id, other.id].map((id) => `prefect.work-queue.${id}`);
    const seen = (await events.named('prefect.work-queue.')).filter((e) => mine.includes(e.resource['prefect.resource.id']));
    expect(seen.map((e) => [e.event, e.resource['prefect.resource.id']])).toEqual([
      ['prefect.work-queue.ready', `prefect.work-queue.${pool.default_queue_id}`],
      ['prefect.work-queue.ready', `prefect.work-queue.${other.id}`],
    ]);
    events.stop();
  });

  it('404s and limits', async () => {
    const pool = await createPool(server(), { name: unique('e') });
    expect(await poll('missing-pool')).toMatchObject({ status: 404, body: { detail: 'Work pool "missing-pool" not found.' } });
    expect(await poll(pool.name, { work_queue_names: ['nope'] })).toMatchObject({ status: 404, body: { detail: `Work pool queue '${pool.name}/nope' not found.` } });
    expect(await poll(pool.name, { limit: -1 })).toMatchObject({ status: 422, body: { detail: 'Invalid limit: must be greater than or equal to 0.' } });
    expect((await poll(pool.name, { scheduled_before: 'soon' })).status).toBe(422);
  });

  it('GraphQL: get_scheduled_flow_runs', async () => {
    const pool = await createPool(server(), { name: unique('g') });
    const run = await runInQueue(server(), pool.default_queue_id, { type: 'SCHEDULED', next: at(1) });
    const res = await server().gql(`mutation { get_scheduled_flow_runs(name: "${pool.name}", limit: 5) { work_queue_id flow_run { id state { id } } } }`);
    expect(res.data).toEqual({ get_scheduled_flow_runs: [{ work_queue_id: pool.default_queue_id, flow_run: { id: run.id, state: null } }] });
  });
});

describeEachDatabase('work pool concurrency status', (server) => {
  it('per queue by priority, paged, runs by id and capped by flow_run_limit', async () => {
    const pool = await createPool(server(), { name: unique('cs'), type: 'process', concurrency_limit: 10 });
    const q = await createQueue(server(), pool.name, { name: 'q', concurrency_limit: 4 });
    const r1 = await runInQueue(server(), q.id, { type: 'RUNNING' });
    const r2 = await runInQueue(server(), q.id, { type: 'PENDING' });
    await runInQueue(server(), q.id, { type: 'CANCELLING' });
    await runInQueue(server(), pool.default_queue_id, { type: 'RUNNING' });
    await createFlowRun(server());
    const res = await server().rest('POST', `/work_pools/${pool.name}/concurrency_status`, { flow_run_limit: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active_slots: 3, concurrency_limit: 10, count: 2, limit: 200, pages: 1, page: 1 });
    expect(res.body.queues.map((x: any) => [x.queue_name, x.active_slots, x.flow_run_count, x.flow_runs.length, x.concurrency_limit])).toEqual([
      ['default', 1, 1, 1, null],
      ['q', 2, 2, 1, 4],
    ]);
    expect(res.body.queues[1].flow_runs[0].id).toBe([r1.id, r2.id].sort()[0]);
    expect(Object.keys(res.body.queues[1].flow_runs[0])).toEqual(['id', 'name', 'state_type', 'state_name', 'start_time', 'state_timestamp', 'time_in_current_state']);
    expect(typeof res.body.queues[1].flow_runs[0].time_in_current_state).toBe('number');
    const page2 = await server().rest('POST', `/work_pools/${pool.name}/concurrency_status`, { limit: 1, page: 2 });
    expect(page2.body).toMatchObject({ count: 2, limit: 1, pages: 2, page: 2 });
    expect(page2.body.queues.map((x: any) => x.queue_name)).toEqual(['q']);
    expect(await server().rest('POST', "/work_pools/it's-missing/concurrency_status", {})).toMatchObject({ status: 404, body: { detail: `Work pool "it's-missing" not found.` } });
    expect(await server().rest('POST', '/work_pools/missing/concurrency_status', {})).toMatchObject({ status: 404, body: { detail: "Work pool 'missing' not found." } });
    const bad = await server().rest('POST', `/work_pools/${pool.name}/concurrency_status`, { flow_run_limit: 201 });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({ loc: ['body', 'flow_run_limit'], msg: 'Input should be less than or equal to 200' });
    const gql = await server().gql(`{ read_work_pool_concurrency_status(name: "${pool.name}") { active_slots queues { queue_name } } }`);
    expect(gql.data).toEqual({ read_work_pool_concurrency_status: { active_slots: 3, queues: [{ queue_name: 'default' }, { queue_name: 'q' }] } });
  });
});
