// The work_pools / work_pool_queues body keys (flows-and-runs §1.8, §2.9,
// §2.12; conventions §5.7): an EXISTS through the run's queue (and its pool),
// or through one deployment of the flow; `{}` requires the related row.
import { beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../support/each-database.ts';
import { createFlow, createPool, createQueue, unique, type PoolFixture } from '../workers/helpers.ts';

describeEachDatabase('work pool sub-filters', (server) => {
  const tag = unique('sub');
  let k8s: PoolFixture;
  let proc: PoolFixture;
  let fast: { id: string };
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    const flow = await createFlow(server());
    k8s = await createPool(server(), { type: 'kubernetes' });
    proc = await createPool(server(), { type: 'process' });
    fast = await createQueue(server(), k8s.id, { name: 'fast-lane' });
    const make = async (key: string, body: Record<string, unknown>) => {
      const res = await server().rest('POST', '/flow_runs/', { flow_id: flow.id, name: key, tags: [tag], ...body });
      if (res.status !== 201) throw new Error(res.text);
      runs[key] = res.body.id;
    };
    await make('k8s-default', { work_pool_name: k8s.name });
    await make('k8s-fast', { work_pool_name: k8s.name, work_queue_name: 'fast-lane' });
    await make('proc-default', { work_pool_name: proc.name });
    await make('unplaced', { work_queue_name: 'fast-lane' });
  });

  const names = async (body: Record<string, unknown>) => {
    const res = await server().rest('POST', '/flow_runs/filter', { flow_runs: { tags: { all_: [tag] } }, sort: 'NAME_ASC', ...body });
    expect(res.status).toBe(200);
    return res.body.map((r: { name: string }) => r.name);
  };

  it('flow runs: work_pools, work_pool_queues, both, and {} (any queue)', async () => {
    expect(await names({ work_pools: { type: { any_: ['kubernetes'] } } })).toEqual(['k8s-default', 'k8s-fast']);
    expect(await names({ work_pools: { name: { any_: [proc.name] } } })).toEqual(['proc-default']);
    expect(await names({ work_pools: { id: { any_: [] } } })).toEqual([]);
    expect(await names({ work_pools: {} })).toEqual(['k8s-default', 'k8s-fast', 'proc-default']);
    expect(await names({ work_pool_queues: { name: { any_: ['default'] } } })).toEqual(['k8s-default', 'proc-default']);
    expect(await names({ work_pool_queues: { name: { startswith_: ['FAST'] } } })).toEqual(['k8s-fast']);
    expect(await names({ work_pool_queues: { id: { any_: [fast.id] } } })).toEqual(['k8s-fast']);
    expect(await names({ work_pool_queues: { name: { any_: ['default'] } }, work_pools: { type: { any_: ['kubernetes'] } } })).toEqual(['k8s-default']);
    expect(await names({ work_pool_queues: { operator: 'or_', id: { any_: [fast.id] }, name: { any_: ['default'] } } })).toEqual(['k8s-default', 'k8s-fast', 'proc-default']);
    expect(await names({ work_pool_queues: {} })).toEqual(['k8s-default', 'k8s-fast', 'proc-default']);
  });

  it('count, paginate and lateness take the same keys; history names the queue key work_queues', async () => {
    const base = { flow_runs: { tags: { all_: [tag] } } };
    const count = await server().rest('POST', '/flow_runs/count', { ...base, work_pools: { type: { any_: ['kubernetes'] } }, work_pool_queues: { name: { any_: ['fast-lane'] } } });
    expect(count.body).toBe(1);
    const page = await server().rest('POST', '/flow_runs/paginate', { ...base, work_pools: { name: { any_: [k8s.name] } }, limit: 1 });
    expect(page.body).toMatchObject({ count: 2, pages: 2 });
    const lateness = await server().rest('POST', '/flow_runs/lateness', { ...base, work_pools: { name: { any_: ['nothing-here'] } } });
    expect(lateness).toMatchObject({ status: 200, body: null });
    const history = (body: Record<string, unknown>) =>
      server().rest('POST', '/flow_runs/history', {
        history_start: '2000-01-01T00:00:00Z',
        history_end: '2100-01-01T00:00:00Z',
        history_interval_seconds: 86400 * 365 * 200,
        ...base,
        ...body,
      });
    const total = (res: { body: { states: { count_runs: number }[] }[] }) => res.body.flatMap((b) => b.states).reduce((n, s) => n + s.count_runs, 0);
    expect(total(await history({ work_queues: { name: { any_: ['default'] } } }))).toBe(2);
    expect(total(await history({ work_pools: { type: { any_: ['process'] } } }))).toBe(1);
    // The history body has no work_pool_queues key, filter no work_queues key: unknown body keys are ignored (conventions 3.4).
    expect(total(await history({ work_pool_queues: { name: { any_: ['nothing'] } } }))).toBe(4);
    expect(await names({ work_queues: { name: { any_: ['nothing'] } } })).toHaveLength(4);
  });

  it('flows: work_pools through a deployment of the flow; no work_pool_queues key', async () => {
    const withDeployment = await createFlow(server());
    const withQueueless = await createFlow(server());
    const plain = await createFlow(server());
    await server().db.deployment.create({ data: { id: randomUUID(), name: 'd1', flow_id: withDeployment.id, work_queue_id: fast.id } });
    await server().db.deployment.create({ data: { id: randomUUID(), name: 'd2', flow_id: withQueueless.id } });
    const ids = [withDeployment.id, withQueueless.id, plain.id];
    const flows = async (body: Record<string, unknown>) =>
      (await server().rest('POST', '/flows/filter', { flows: { id: { any_: ids } }, ...body })).body.map((f: { id: string }) => f.id);
    expect(await flows({ work_pools: { type: { any_: ['kubernetes'] } } })).toEqual([withDeployment.id]);
    expect(await flows({ work_pools: { type: { any_: ['process'] } } })).toEqual([]);
    expect(await flows({ work_pools: {} })).toEqual([withDeployment.id]);
    expect((await server().rest('POST', '/flows/count', { flows: { id: { any_: ids } }, work_pools: { name: { any_: [k8s.name] } } })).body).toBe(1);
    expect((await server().rest('POST', '/flows/paginate', { flows: { id: { any_: ids } }, work_pools: {} })).body.count).toBe(1);
    expect(await flows({ work_pool_queues: { name: { any_: ['nothing'] } } })).toHaveLength(3);
  });

  it('GraphQL: the same arguments on read_flow_runs, count_flow_runs and read_flows', async () => {
    const res = await server().gql(
      `query($t: String!, $p: String!) {
        read_flow_runs(flow_runs: { tags: { all_: [$t] } }, work_pools: { name: { any_: [$p] } }, work_pool_queues: { name: { any_: ["default"] } }) { name work_pool_name work_queue_name }
        count_flow_runs(flow_runs: { tags: { all_: [$t] } }, work_pools: { type: { any_: ["kubernetes"] } })
        count_flows(work_pools: { name: { any_: [$p] } })
      }`,
      { t: tag, p: k8s.name },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ read_flow_runs: [{ name: 'k8s-default', work_pool_name: k8s.name, work_queue_name: 'default' }], count_flow_runs: 2 });
  });
});
