// Flow-run placement (flows-and-runs §2.3.6, §2.4): work_pool_name /
// work_queue_name on create, and work_queue_name / work_queue_id /
// work_pool_id / work_pool_name in every flow-run answer (create, read,
// filter, paginate; REST and GraphQL) from the linked queue.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';
import { createFlow, createPool, createQueue, unique } from '../workers/helpers.ts';

describeEachDatabase('flow-run placement', (server) => {
  const create = (body: Record<string, unknown>) => server().rest('POST', '/flow_runs/', body);
  const events = useCollector(server);

  it('state events name the run’s work queue and pool as related resources (after the flow)', async () => {
    const flow = await createFlow(server());
    const pool = await createPool(server(), { type: 'docker' });
    const [event] = await events.emitted(() => create({ flow_id: flow.id, work_pool_name: pool.name, tags: ['z'] }), 'prefect.flow-run.');
    expect(event.related).toEqual([
      { 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': flow.name },
      { 'prefect.resource.id': `prefect.work-queue.${pool.default_queue_id}`, 'prefect.resource.role': 'work-queue', 'prefect.resource.name': 'default' },
      { 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.role': 'work-pool', 'prefect.resource.name': pool.name, 'prefect.work-pool.type': 'docker' },
      { 'prefect.resource.id': 'prefect.tag.z', 'prefect.resource.role': 'tag' },
    ]);
    const [plain] = await events.emitted(() => create({ flow_id: flow.id, work_queue_name: 'column-only' }), 'prefect.flow-run.');
    expect(plain.related.map((r) => r['prefect.resource.role'])).toEqual(['flow']);
  });

  it('a pool name alone puts the run in the pool’s default queue; the stored queue name stays null', async () => {
    const flow = await createFlow(server());
    const pool = await createPool(server());
    const res = await create({ flow_id: flow.id, work_pool_name: pool.name });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ work_queue_id: pool.default_queue_id, work_queue_name: 'default', work_pool_id: pool.id, work_pool_name: pool.name });
    const stored = await server().db.flowRun.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(stored).toMatchObject({ work_queue_id: pool.default_queue_id, work_queue_name: null });
    // So the work_queue_name filter (the column) does not find it.
    const count = await server().rest('POST', '/flow_runs/count', { flow_runs: { id: { any_: [res.body.id] }, work_queue_name: { any_: ['default'] } } });
    expect(count.body).toBe(0);
  });

  it('pool and queue names pick that queue of that pool', async () => {
    const flow = await createFlow(server());
    const pool = await createPool(server());
    const other = await createPool(server());
    const queue = await createQueue(server(), pool.id, { name: 'high' });
    await createQueue(server(), other.id, { name: 'high' });
    const res = await create({ flow_id: flow.id, work_pool_name: pool.name, work_queue_name: 'high' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ work_queue_id: queue.id, work_queue_name: 'high', work_pool_id: pool.id, work_pool_name: pool.name });
    expect((await server().db.flowRun.findUniqueOrThrow({ where: { id: res.body.id } })).work_queue_name).toBe('high');
  });

  it('a queue name alone is only stored: no lookup, no queue, no pool', async () => {
    const flow = await createFlow(server());
    const res = await create({ flow_id: flow.id, work_queue_name: 'nowhere' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ work_queue_id: null, work_queue_name: 'nowhere', work_pool_id: null, work_pool_name: null });
  });

  it('404s with Prefect’s two messages, before the idempotency key, writing nothing', async () => {
    const flow = await createFlow(server());
    const pool = await createPool(server());
    const before = await server().db.flowRun.count();
    const noPool = await create({ flow_id: flow.id, work_pool_name: 'no-such-pool' });
    expect(noPool.status).toBe(404);
    expect(noPool.body).toEqual({ detail: 'Work pool "no-such-pool" not found.' });
    const noQueue = await create({ flow_id: flow.id, work_pool_name: pool.name, work_queue_name: 'missing' });
    expect(noQueue.body).toEqual({ detail: `Work pool queue '${pool.name}/missing' not found.` });
    const noBoth = await create({ flow_id: flow.id, work_pool_name: 'no-such-pool', work_queue_name: 'q' });
    expect(noBoth.body).toEqual({ detail: "Work pool queue 'no-such-pool/q' not found." });
    const key = unique('key');
    expect((await create({ flow_id: flow.id, idempotency_key: key })).status).toBe(201);
    expect((await create({ flow_id: flow.id, idempotency_key: key, work_pool_name: 'no-such-pool' })).status).toBe(404);
    expect(await server().db.flowRun.count()).toBe(before + 1);
  });

  it('answers follow the queue: renamed queue, deleted queue (SET NULL) → stored name', async () => {
    const flow = await createFlow(server());
    const pool = await createPool(server());
    const queue = await createQueue(server(), pool.id, { name: 'before' });
    const { body: run } = await create({ flow_id: flow.id, work_pool_name: pool.name, work_queue_name: 'before', tags: [unique('t')] });
    await server().db.workQueue.update({ where: { id: queue.id }, data: { name: 'after' } });
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body).toMatchObject({ work_queue_name: 'after', work_pool_name: pool.name });
    const filtered = await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: [run.id] } } });
    expect(filtered.body[0]).toMatchObject({ work_queue_id: queue.id, work_queue_name: 'after', work_pool_id: pool.id, work_pool_name: pool.name });
    const page = await server().rest('POST', '/flow_runs/paginate', { flow_runs: { id: { any_: [run.id] } } });
    expect(page.body.results[0]).toMatchObject({ work_queue_name: 'after', work_pool_id: pool.id });
    await server().db.workQueue.delete({ where: { id: queue.id } });
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body).toMatchObject({ work_queue_id: null, work_queue_name: 'before', work_pool_id: null, work_pool_name: null });
  });

  it('GraphQL: create_flow_run and read_flow_runs carry the same fields, one lookup for many runs', async () => {
    const flow = await createFlow(server());
    const pools = [await createPool(server()), await createPool(server()), await createPool(server())];
    const tag = unique('many');
    for (const pool of pools) {
      const res = await server().gql(
        'mutation($f: UUID!, $p: String!, $t: String!) { create_flow_run(flow_run: { flow_id: $f, work_pool_name: $p, tags: [$t] }) { work_queue_id work_queue_name work_pool_id work_pool_name } }',
        { f: flow.id, p: pool.name, t: tag },
      );
      expect(res.data).toEqual({ create_flow_run: { work_queue_id: pool.default_queue_id, work_queue_name: 'default', work_pool_id: pool.id, work_pool_name: pool.name } });
    }
    await create({ flow_id: flow.id, tags: [tag], work_queue_name: 'column-only' });
    server().resetQueries();
    const res = await server().gql<{ read_flow_runs: { work_queue_name: string | null; work_pool_name: string | null }[] }, { t: string }>(
      'query($t: String!) { read_flow_runs(flow_runs: { tags: { all_: [$t] } }, sort: EXPECTED_START_TIME_ASC) { work_queue_name work_pool_name } }',
      { t: tag },
    );
    const lookups = server().queries.filter((q) => /\bwork_queue\b/.test(q) && !/\bflow_run\b/.test(q));
    expect(res.data?.read_flow_runs).toHaveLength(4);
    expect(new Set(res.data?.read_flow_runs.map((r: { work_pool_name: string | null }) => r.work_pool_name))).toEqual(new Set([...pools.map((p) => p.name), null]));
    expect(res.data?.read_flow_runs.find((r: { work_pool_name: string | null }) => r.work_pool_name === null)).toEqual({ work_queue_name: 'column-only', work_pool_name: null });
    expect(lookups).toHaveLength(1);
  });
});
