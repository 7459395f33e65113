// The legacy /work_queues routes (deployments-and-work-pools §5).
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { captureEvents, createFlowRun, createPool, runInQueue, unique } from '../work-pools/helpers.ts';

const detail = (status: number, text: string) => ({ status, body: { detail: text } });
const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes));

describeEachDatabase('legacy work queues', (server) => {
  const create = async (body: object) => {
    const res = await server().rest('POST', '/work_queues/', body);
    if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
    return res.body;
  };

  it('create in default-agent-pool (created on first use), read by id and name, filter over all pools', async () => {
    const events = captureEvents(server());
    const first = await create({ name: 'default' });
    const pool = (await server().rest('GET', '/work_pools/default-agent-pool')).body;
    expect(pool).toMatchObject({ type: 'prefect-agent', status: null, default_queue_id: first.id });
    expect(first).toMatchObject({ name: 'default', priority: 1, work_pool_name: 'default-agent-pool' });
    expect((await events.named('prefect.work-pool.created')).length).toBe(1);
    events.stop();
    expect(await server().rest('POST', '/work_queues/', { name: 'default' })).toMatchObject(detail(409, 'A work queue with this name already exists.'));
    const name = unique('lq');
    const q = await create({ name, concurrency_limit: 2, description: null });
    expect(q).toMatchObject({ name, priority: 2, status: 'NOT_READY', active_slots: 0, description: null });
    expect((await server().rest('GET', `/work_queues/${q.id}`)).body).toMatchObject({ id: q.id, name, active_slots: 0 });
    expect((await server().rest('GET', `/work_queues/name/${name}`)).body.id).toBe(q.id);
    const other = await createPool(server(), { name: unique('pool') });
    const listed = await server().rest('POST', '/work_queues/filter', { work_queues: { id: { any_: [q.id, other.default_queue_id] } } });
    expect(listed.body.map((x: any) => x.name)).toEqual(['default', name].sort());
    expect(await server().rest('GET', `/work_queues/${randomUUID()}`)).toMatchObject(detail(404, 'work queue not found'));
    expect(await server().rest('GET', '/work_queues/name/nope')).toMatchObject(detail(404, 'work queue not found'));
    expect((await server().rest('GET', '/work_queues/not-a-uuid')).status).toBe(404);
    const bad = await server().rest('POST', '/work_queues/', { name: 'a&b' });
    expect(bad.body.exception_detail[0].msg).toBe("String should match pattern '^[^/%&><]+$'");
  });

  it('active_slots counts CANCELLING runs on the legacy routes, not on the pool routes', async () => {
    const q = await create({ name: unique('slots'), concurrency_limit: 5 });
    await runInQueue(server(), q.id, { type: 'RUNNING' });
    await runInQueue(server(), q.id, { type: 'CANCELLING' });
    expect((await server().rest('GET', `/work_queues/${q.id}`)).body.active_slots).toBe(2);
    const pool = (await server().rest('GET', '/work_pools/default-agent-pool')).body;
    expect((await server().rest('GET', `/work_pools/${pool.name}/queues/${q.name}`)).body.active_slots).toBe(1);
  });

  it('PATCH writes a priority without shifting; status rules; 404', async () => {
    const a = await create({ name: unique('pa') });
    const b = await create({ name: unique('pb') });
    expect((await server().rest('PATCH', `/work_queues/${b.id}`, { priority: a.priority })).status).toBe(204);
    expect((await server().rest('GET', `/work_queues/${a.id}`)).body.priority).toBe(a.priority);
    expect((await server().rest('GET', `/work_queues/${b.id}`)).body.priority).toBe(a.priority);
    await server().rest('PATCH', `/work_queues/${b.id}`, { is_paused: true });
    expect((await server().rest('GET', `/work_queues/${b.id}`)).body.status).toBe('PAUSED');
    const missing = randomUUID();
    expect(await server().rest('PATCH', `/work_queues/${missing}`, { is_paused: true })).toMatchObject(detail(404, `Work Queue ${missing} not found`));
    // The name of a PATCH is not pattern-checked.
    expect((await server().rest('PATCH', `/work_queues/${b.id}`, { name: 'x/y' })).status).toBe(204);
  });

  it('DELETE: 204, 404, and a pool default queue is an integrity conflict', async () => {
    const q = await create({ name: unique('del') });
    expect((await server().rest('DELETE', `/work_queues/${q.id}`)).status).toBe(204);
    expect(await server().rest('DELETE', `/work_queues/${q.id}`)).toMatchObject(detail(404, 'work queue not found'));
    const pool = await createPool(server(), { name: unique('dp') });
    expect(await server().rest('DELETE', `/work_queues/${pool.default_queue_id}`)).toMatchObject(
      detail(409, 'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.'),
    );
  });

  it('get_runs: by queue name, before a time, within the limit; polls unless X-Prefect-UI', async () => {
    const q = await create({ name: unique('runs'), concurrency_limit: 3 });
    const pool = (await server().rest('GET', '/work_pools/default-agent-pool')).body;
    const r1 = await runInQueue(server(), q.id, { type: 'SCHEDULED', next: at(2) });
    const r2 = await runInQueue(server(), null, { type: 'SCHEDULED', next: at(1), queueName: q.name });
    await runInQueue(server(), q.id, { type: 'SCHEDULED', next: at(9) });
    await runInQueue(server(), null, { type: 'RUNNING', queueName: q.name });
    const flow = await server().rest('POST', '/flows/', { name: unique('f') });
    const dep = await server().db.deployment.create({ data: { name: unique('d'), flow_id: flow.body.id, work_queue_id: q.id } });
    const ui = await server().rest('POST', `/work_queues/${q.id}/get_runs`, { scheduled_before: at(5).toISOString() }, { 'x-prefect-ui': 'true' });
    expect(ui.body.map((r: any) => r.id)).toEqual([r2.id, r1.id]);
    expect((await server().rest('GET', `/work_queues/${q.id}`)).body).toMatchObject({ status: 'NOT_READY', last_polled: null });
    // 3 − 1 running = 2 slots.
    const polled = await server().rest('POST', `/work_queues/${q.id}/get_runs`, {});
    expect(polled.body.map((r: any) => r.id)).toEqual([r2.id, r1.id]);
    expect(polled.body[0]).toHaveProperty('state');
    expect((await server().rest('GET', `/work_queues/${q.id}`)).body.status).toBe('READY');
    expect((await server().db.deployment.findUniqueOrThrow({ where: { id: dep.id } })).status).toBe('READY');
    expect((await server().rest('POST', `/work_queues/${q.id}/get_runs`, { limit: 1 })).body).toHaveLength(1);
    await server().rest('PATCH', `/work_queues/${q.id}`, { is_paused: true });
    expect((await server().rest('POST', `/work_queues/${q.id}/get_runs`, {})).body).toEqual([]);
    const missing = randomUUID();
    expect(await server().rest('POST', `/work_queues/${missing}/get_runs`, {})).toMatchObject({
      status: 404,
      body: { exception_message: `Work queue with id ${missing} not found.` },
    });
    expect(pool.name).toBe('default-agent-pool');
  });

  it('get_runs of a deprecated tag-filter queue', async () => {
    const q = await create({ name: unique('tags'), filter: { tags: ['a'] }, concurrency_limit: 5 });
    expect(q.filter).toEqual({ tags: ['a'], deployment_ids: null });
    const flow = await server().rest('POST', '/flows/', { name: unique('f') });
    const dep = await server().db.deployment.create({ data: { name: unique('d'), flow_id: flow.body.id } });
    const tagged = await runInQueue(server(), null, { type: 'SCHEDULED', next: at(1) }, { tags: ['a', 'b'], deployment_id: dep.id });
    await runInQueue(server(), null, { type: 'SCHEDULED', next: at(1) }, { tags: ['a'] });
    await runInQueue(server(), null, { type: 'SCHEDULED', next: at(1) }, { tags: ['b'], deployment_id: dep.id });
    const res = await server().rest('POST', `/work_queues/${q.id}/get_runs`, {});
    expect(res.body.map((r: any) => r.id)).toEqual([tagged.id]);
    // Slots of a tag queue: PENDING/RUNNING runs of a deployment with the filter's tags.
    await runInQueue(server(), null, { type: 'RUNNING' }, { tags: ['a'], deployment_id: dep.id });
    await runInQueue(server(), null, { type: 'CANCELLING' }, { tags: ['a'], deployment_id: dep.id });
    expect((await server().rest('GET', `/work_queues/${q.id}`)).body.active_slots).toBe(1);
  });

  it('status (health) and concurrency_status', async () => {
    const q = await create({ name: unique('h'), concurrency_limit: 4 });
    const status = async () => (await server().rest('GET', `/work_queues/${q.id}/status`)).body;
    expect(await status()).toEqual({ healthy: false, late_runs_count: 0, last_polled: null, health_check_policy: { maximum_late_runs: 0, maximum_seconds_since_last_polled: 60 } });
    await server().rest('PATCH', `/work_queues/${q.id}`, { last_polled: new Date().toISOString() });
    expect((await status()).healthy).toBe(true);
    await runInQueue(server(), q.id, { type: 'SCHEDULED', name: 'Late' });
    expect(await status()).toMatchObject({ healthy: false, late_runs_count: 1 });
    const missing = randomUUID();
    expect(await server().rest('GET', `/work_queues/${missing}/status`)).toMatchObject({ status: 404, body: { exception_message: `Work queue with id ${missing} not found` } });

    const a = await runInQueue(server(), q.id, { type: 'RUNNING' });
    const b = await runInQueue(server(), null, { type: 'CANCELLING', queueName: q.name });
    await createFlowRun(server());
    const cs = await server().rest('POST', `/work_queues/${q.id}/concurrency_status`, { limit: 1 });
    expect(cs.body).toMatchObject({ active_slots: 2, concurrency_limit: 4, count: 2, limit: 1, pages: 2, page: 1 });
    expect(cs.body.flow_runs.map((r: any) => r.id)).toEqual([[a.id, b.id].sort()[0]]);
    expect(await server().rest('POST', `/work_queues/${missing}/concurrency_status`, {})).toMatchObject(detail(404, 'Work queue not found.'));
  });

  it('GraphQL: the legacy fields', async () => {
    const name = unique('g');
    const created = await server().gql(`mutation { create_work_queue(work_queue: { name: "${name}" }) { id name work_pool_name } }`);
    const id = (created.data as any).create_work_queue.id;
    expect(created.data).toMatchObject({ create_work_queue: { name, work_pool_name: 'default-agent-pool' } });
    const read = await server().gql(`{ read_work_queue(id: "${id}") { name } read_work_queue_by_name(name: "${name}") { id } read_work_queue_status(id: "${id}") { healthy } }`);
    expect(read.data).toEqual({ read_work_queue: { name }, read_work_queue_by_name: { id }, read_work_queue_status: { healthy: false } });
    expect((await server().gql(`mutation { update_work_queue(id: "${id}", work_queue: { description: "d" }) }`)).data).toEqual({ update_work_queue: true });
    expect((await server().gql(`mutation { read_work_queue_runs(id: "${id}") { id } }`)).data).toEqual({ read_work_queue_runs: [] });
    expect((await server().gql(`mutation { delete_work_queue(id: "${id}") }`)).data).toEqual({ delete_work_queue: true });
  });
});
