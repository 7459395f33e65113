// The related keys of the UI routes: deployments, work_pools and work_queues
// reach task runs and flow runs through ONE flow run (§7.3, §7.5, §7.6).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

describeEachDatabase('UI routes’ related filters', (server) => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const s = server();
    const flow = (await s.rest('POST', '/flows/', { name: 'rel-flow' })).body;
    const pool = await s.rest('POST', '/work_pools/', { name: 'rel-pool', type: 'process' });
    expect(pool.status).toBe(201);
    const queue = await s.db.workQueue.findFirstOrThrow({ where: { work_pool_id: pool.body.id } });
    const deployment = await s.db.deployment.create({ data: { flow_id: flow.id, name: 'rel-dep' } });
    const at = new Date('2024-03-01T10:05:00Z');
    // One run in the pool's queue with the deployment, one with neither.
    const placed = await s.db.flowRun.create({
      data: { flow_id: flow.id, name: 'placed', deployment_id: deployment.id, work_queue_id: queue.id, state_type: 'COMPLETED', state_name: 'Completed', expected_start_time: at },
    });
    const loose = await s.db.flowRun.create({ data: { flow_id: flow.id, name: 'loose', state_type: 'COMPLETED', state_name: 'Completed', expected_start_time: at } });
    for (const [run, type] of [
      [placed, 'COMPLETED'],
      [placed, 'FAILED'],
      [loose, 'COMPLETED'],
    ] as const) {
      await s.db.taskRun.create({
        data: { flow_run_id: run.id, name: 't', task_key: `${run.name}-${type}`, dynamic_key: '0', state_type: type, state_name: type, start_time: at },
      });
    }
    Object.assign(ids, { flow: flow.id, placed: placed.id, loose: loose.id, deployment: deployment.id, queue: queue.name });
  });

  const window = { start_time: { after_: '2024-03-01T10:00:00Z', before_: '2024-03-01T11:00:00Z' } };
  const totals = (buckets: { completed: number; failed: number }[]) =>
    buckets.reduce((sum, b) => ({ completed: sum.completed + b.completed, failed: sum.failed + b.failed }), { completed: 0, failed: 0 });

  it('dashboard counts: deployments, work_pools, work_queues', async () => {
    const count = async (extra: Record<string, unknown>) =>
      totals((await server().rest('POST', '/ui/task_runs/dashboard/counts', { task_runs: window, flows: { name: { any_: ['rel-flow'] } }, ...extra })).body);
    expect(await count({})).toEqual({ completed: 2, failed: 1 });
    expect(await count({ deployments: { name: { any_: ['rel-dep'] } } })).toEqual({ completed: 1, failed: 1 });
    expect(await count({ work_pools: { name: { any_: ['rel-pool'] } } })).toEqual({ completed: 1, failed: 1 });
    expect(await count({ work_pools: { name: { any_: ['other'] } } })).toEqual({ completed: 0, failed: 0 });
    expect(await count({ work_queues: { name: { any_: [ids.queue] } } })).toEqual({ completed: 1, failed: 1 });
  });

  it('counts by state: deployments', async () => {
    const res = await server().rest('POST', '/ui/task_runs/count', { flows: { name: { any_: ['rel-flow'] } }, deployments: { id: { any_: [ids.deployment] } } });
    expect(res.body).toMatchObject({ COMPLETED: 1, FAILED: 1 });
    const gql = await server().gql('{ read_task_run_counts_by_state(deployments: { name: { any_: ["rel-dep"] } }) { COMPLETED FAILED } }');
    expect(gql.data).toEqual({ read_task_run_counts_by_state: { COMPLETED: 1, FAILED: 1 } });
  });

  it('flow run history: deployments and work_pools', async () => {
    const history = async (extra: Record<string, unknown>) =>
      (await server().rest('POST', '/ui/flow_runs/history', { flows: { id: { any_: [ids.flow] } }, ...extra })).body.map((r: { id: string }) => r.id).sort();
    expect(await history({})).toEqual([ids.placed, ids.loose].sort());
    expect(await history({ deployments: { name: { any_: ['rel-dep'] } } })).toEqual([ids.placed]);
    expect(await history({ work_pools: { name: { any_: ['rel-pool'] } } })).toEqual([ids.placed]);
    expect((await server().rest('POST', '/ui/flow_runs/history', { work_pool_queues: {} })).status).toBe(200);
  });
});
