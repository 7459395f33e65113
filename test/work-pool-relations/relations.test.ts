// GraphQL relations of pools, queues and flow runs: WorkPool.queues / workers,
// WorkQueue.work_pool / flow_runs, FlowRun.work_queue / work_pool. Lists
// filter, sort and page per parent in SQL; a query costs a fixed number of
// statements however many parents it has.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createFlow, createPool, createQueue, heartbeat, unique, type PoolFixture } from '../workers/helpers.ts';

/** Statements on the tables these relations read (services' own statements excluded). */
const POOL_TABLES = /\b(work_pool|work_queue|worker|flow_run|flow_run_state)\b/;

describeEachDatabase('work pool relations', (server) => {
  const prefix = unique('rel');
  const pools: PoolFixture[] = [];
  const queues: Record<string, string> = {};
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    const flow = await createFlow(server());
    for (let i = 0; i < 4; i++) {
      const pool = await createPool(server(), { name: `${prefix}-${i}`, type: i % 2 ? 'process' : 'kubernetes' });
      pools.push(pool);
      for (const [name, priority] of [
        ['low', 5],
        ['high', 2],
      ] as const)
        queues[`${i}-${name}`] = (await createQueue(server(), pool.id, { name: `${name}-${i}`, priority })).id;
      for (const worker of ['w-a', 'w-b']) await heartbeat(server(), pool.name, { name: worker });
      for (let r = 0; r < 3; r++) {
        const res = await server().rest('POST', '/flow_runs/', {
          flow_id: flow.id,
          name: `run-${i}-${r}`,
          work_pool_name: pool.name,
          work_queue_name: `high-${i}`,
          tags: r === 0 ? ['first'] : [],
        });
        runs[`${i}-${r}`] = res.body.id;
      }
    }
    await server().db.worker.updateMany({
      where: { work_pool_id: { in: pools.map((p) => p.id) }, name: 'w-a' },
      data: { last_heartbeat_time: new Date('2024-01-01T00:00:00Z'), status: 'OFFLINE' },
    });
  });

  it('WorkPool.queues (priority order, filter, limit/offset, count) and WorkPool.workers (latest heartbeat first, filter)', async () => {
    const names = pools.map((p) => p.name);
    const res = await server().gql<any, any>(
      `query($names: [String!]) {
        read_work_pools(work_pools: { name: { any_: $names } }, limit: 10) {
          name
          queues(limit: 10) { name priority work_pool_name }
          queues_count
          high: queues(filter: { name: { startswith_: ["HIGH"] } }, limit: 10) { name }
          paged: queues(limit: 1, offset: 1) { name }
          workers(limit: 10) { name status }
          online: workers(filter: { status: { any_: [ONLINE] } }, limit: 10) { name }
        }
      }`,
      { names },
    );
    expect(res.errors).toBeUndefined();
    const byName = new Map(res.data.read_work_pools.map((p: { name: string }) => [p.name, p]));
    pools.forEach((pool, i) => {
      expect(byName.get(pool.name)).toEqual({
        name: pool.name,
        queues: [
          { name: 'default', priority: 1, work_pool_name: pool.name },
          { name: `high-${i}`, priority: 2, work_pool_name: pool.name },
          { name: `low-${i}`, priority: 5, work_pool_name: pool.name },
        ],
        queues_count: 3,
        high: [{ name: `high-${i}` }],
        paged: [{ name: `high-${i}` }],
        workers: [
          { name: 'w-b', status: 'ONLINE' },
          { name: 'w-a', status: 'OFFLINE' },
        ],
        online: [{ name: 'w-b' }],
      });
    });
  });

  it('WorkQueue.work_pool and WorkQueue.flow_runs (filter, sort, limit, count)', async () => {
    const res = await server().gql<any, any>(
      `query($id: String!) {
        read_work_pool(name: $id) {
          queues(filter: { name: { startswith_: ["high"] } }, limit: 10) {
            name
            work_pool { name type }
            flow_runs_count
            flow_runs(sort: NAME_DESC, limit: 2) { name work_queue_name work_pool_name }
            first: flow_runs(filter: { tags: { all_: ["first"] } }, limit: 10) { name }
          }
        }
      }`,
      { id: pools[0].name },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.read_work_pool.queues).toEqual([
      {
        name: 'high-0',
        work_pool: { name: pools[0].name, type: 'kubernetes' },
        flow_runs_count: 3,
        flow_runs: [
          { name: 'run-0-2', work_queue_name: 'high-0', work_pool_name: pools[0].name },
          { name: 'run-0-1', work_queue_name: 'high-0', work_pool_name: pools[0].name },
        ],
        first: [{ name: 'run-0-0' }],
      },
    ]);
  });

  it('FlowRun.work_queue and FlowRun.work_pool; null for a run without a queue', async () => {
    const flow = await createFlow(server());
    const loose = await server().rest('POST', '/flow_runs/', { flow_id: flow.id, work_queue_name: 'unresolved' });
    const res = await server().gql<any, any>(
      `query($ids: [UUID!]) { read_flow_runs(flow_runs: { id: { any_: $ids } }, sort: NAME_ASC) { name work_queue { id name priority } work_pool { id name } } }`,
      { ids: [runs['1-0'], loose.body.id] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.read_flow_runs).toEqual(
      [
        { name: loose.body.name, work_queue: null, work_pool: null },
        { name: 'run-1-0', work_queue: { id: queues['1-high'], name: 'high-1', priority: 2 }, work_pool: { id: pools[1].id, name: pools[1].name } },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it('a fixed number of statements, whatever the number of parents', async () => {
    const query = `query($names: [String!]) {
      read_work_pools(work_pools: { name: { any_: $names } }, limit: 10) {
        name
        workers(limit: 10) { name }
        queues(limit: 10) {
          name
          work_pool { name }
          flow_runs_count
          flow_runs(limit: 5) { name state { type } work_pool_name work_queue { name } work_pool { name } }
        }
      }
    }`;
    const count = async (n: number) => {
      server().resetQueries();
      const res = await server().gql<any, any>(query, { names: pools.slice(0, n).map((p) => p.name) });
      expect(res.errors).toBeUndefined();
      expect(res.data.read_work_pools).toHaveLength(n);
      return server().queries.filter((q) => POOL_TABLES.test(q)).length;
    };
    const one = await count(1);
    const four = await count(4);
    expect(four).toBe(one);
    expect(one).toBeLessThanOrEqual(12);
  });

  it('the relations are GraphQL-only: REST answers keep Prefect’s keys', async () => {
    const run = await server().rest('GET', `/flow_runs/${runs['0-0']}`);
    expect(run.body).not.toHaveProperty('work_queue');
    expect(run.body).not.toHaveProperty('work_pool');
    const filtered = await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: [runs['0-0']] } } });
    expect(Object.keys(filtered.body[0])).toEqual(Object.keys(run.body));
  });
});
