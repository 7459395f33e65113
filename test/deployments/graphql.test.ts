// Deployments through GraphQL: the root fields, the relations (Deployment.flow,
// .schedules, .flow_runs, .work_queue/.work_pool, Flow.deployments,
// FlowRun.deployment) without N+1, the deployments sub-filters of flows and
// flow runs, and the lifecycle events.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const DEPLOYMENT_TABLES = /\b(deployment|deployment_schedule|flow|flow_run|work_queue|work_pool)\b/;
const statements = (server: TestServer) => server.queries.filter((q) => DEPLOYMENT_TABLES.test(q) && !/\bevent/.test(q)).length;

describeEachDatabase('deployments over GraphQL', (server) => {
  const flows: { id: string; name: string }[] = [];
  const deployments: { id: string; name: string; flow_id: string }[] = [];

  beforeAll(async () => {
    const s = server();
    await s.rest('POST', '/work_pools/', { name: 'gql-pool', type: 'process' });
    for (const i of [1, 2, 3]) {
      const flow = (await s.rest('POST', '/flows/', { name: `gql-flow-${i}` })).body;
      flows.push(flow);
      for (const j of [1, 2]) {
        const d = (
          await s.rest('POST', '/deployments/', {
            name: `gql-dep-${i}-${j}`,
            flow_id: flow.id,
            tags: j === 1 ? ['one'] : ['two'],
            enforce_parameter_schema: false,
            schedules: [{ schedule: { interval: 60 * i } }],
            ...(j === 1 ? { work_pool_name: 'gql-pool' } : {}),
          })
        ).body;
        if (!d.id) throw new Error(`create: ${JSON.stringify(d)}`);
        deployments.push(d);
        for (let k = 0; k < j + 1; k++) await s.rest('POST', `/deployments/${d.id}/create_flow_run`, { name: `run-${i}-${j}-${k}` });
      }
    }
  });

  it('answers the root fields', async () => {
    const [d] = deployments;
    const res = await server().gql(
      `query($id: UUID!, $flow: String!, $name: String!) {
        read_deployment(id: $id) { id name work_pool_name work_queue_name }
        read_deployment_by_name(flow_name: $flow, deployment_name: $name) { id }
        read_deployments(deployments: { tags: { any_: ["one"] } }, sort: NAME_DESC, limit: 2) { name }
        count_deployments(flows: { name: { any_: ["gql-flow-1"] } })
        paginate_deployments(limit: 2, page: 2, deployments: { name: { like_: "gql-dep" } }) { results { name } count pages page }
        read_deployment_schedules(id: $id) { schedule active }
      }`,
      { id: d.id, flow: 'gql-flow-1', name: d.name },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      read_deployment: { id: d.id, name: 'gql-dep-1-1', work_pool_name: 'gql-pool', work_queue_name: 'default' },
      read_deployment_by_name: { id: d.id },
      read_deployments: [{ name: 'gql-dep-3-1' }, { name: 'gql-dep-2-1' }],
      count_deployments: 2,
      paginate_deployments: { results: [{ name: 'gql-dep-2-1' }, { name: 'gql-dep-2-2' }], count: 6, pages: 3, page: 2 },
      read_deployment_schedules: [{ schedule: expect.objectContaining({ interval: 60 }), active: true }],
    });
    const missing = await server().gql('{ read_deployment(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]).toMatchObject({ message: 'Deployment not found', extensions: { code: 'NOT_FOUND', status: 404 } });
  });

  it('filters deployments by flow runs and flows by deployments (both ways), flow runs by deployments', async () => {
    const [d11, d12] = deployments;
    const byRuns = await server().rest('POST', '/deployments/filter', { flow_runs: { name: { any_: ['run-1-2-2'] } } });
    expect(byRuns.body.map((d: any) => d.id)).toEqual([d12.id]);
    expect((await server().rest('POST', '/deployments/count', { flow_runs: {} })).body).toBe(6);
    expect((await server().rest('POST', '/deployments/count', { work_pools: { name: { any_: ['gql-pool'] } } })).body).toBe(3);
    expect((await server().rest('POST', '/deployments/count', { deployments: { flow_or_deployment_name: { like_: 'GQL-FLOW-2' } } })).body).toBe(2);
    const flowsWith = await server().rest('POST', '/flows/filter', { deployments: { name: { any_: ['gql-dep-2-2'] } } });
    expect(flowsWith.body.map((f: any) => f.name)).toEqual(['gql-flow-2']);
    expect((await server().rest('POST', '/flows/count', { flows: { deployment: { is_null_: false }, name: { like_: 'gql-flow' } } })).body).toBe(3);
    expect((await server().rest('POST', '/flows/count', { flows: { deployment: { is_null_: true }, name: { like_: 'gql-flow' } } })).body).toBe(0);
    const runs = await server().rest('POST', '/flow_runs/filter', { deployments: { id: { any_: [d11.id] } }, sort: 'NAME_ASC' });
    expect(runs.body.map((r: any) => r.name)).toEqual(['run-1-1-0', 'run-1-1-1']);
    expect((await server().rest('POST', '/flow_runs/count', { deployments: { tags: { all_: ['two'] } } })).body).toBe(9);
    const gql = await server().gql('{ count_flow_runs(deployments: { tags: { all_: ["one"] } }) count_flows(deployments: { paused: { eq_: true } }) }');
    expect(gql.data).toEqual({ count_flow_runs: 6, count_flows: 0 });
  });

  it('resolves the relations with one statement per level, however many parents', async () => {
    const query = `{ read_flows(flows: { name: { like_: "gql-flow" } }, sort: NAME_ASC) {
      name
      deployments_count
      deployments(sort: NAME_DESC, limit: 1) {
        name
        flow { name }
        schedules { schedule }
        work_queue { name }
        work_pool { name }
        flow_runs_count
        flow_runs(sort: NAME_ASC, limit: 1, offset: 1) { name deployment { name } }
      }
    } }`;
    server().resetQueries();
    const res = await server().gql(query);
    expect(res.errors).toBeUndefined();
    expect((res.data as any).read_flows).toEqual(
      [1, 2, 3].map((i) => ({
        name: `gql-flow-${i}`,
        deployments_count: 2,
        deployments: [
          {
            name: `gql-dep-${i}-2`,
            flow: { name: `gql-flow-${i}` },
            schedules: [{ schedule: expect.objectContaining({ interval: 60 * i }) }],
            work_queue: null,
            work_pool: null,
            flow_runs_count: 3,
            flow_runs: [{ name: `run-${i}-2-1`, deployment: { name: `gql-dep-${i}-2` } }],
          },
        ],
      })),
    );
    const few = statements(server());
    // More parents, same statements.
    const more = (await server().rest('POST', '/flows/', { name: 'gql-flow-4' })).body;
    const d = (await server().rest('POST', '/deployments/', { name: 'gql-dep-4-2', flow_id: more.id, enforce_parameter_schema: false, schedules: [{ schedule: { interval: 1 } }] }))
      .body;
    for (const k of [0, 1]) await server().rest('POST', `/deployments/${d.id}/create_flow_run`, { name: `run-4-2-${k}` });
    server().resetQueries();
    expect((await server().gql(query)).errors).toBeUndefined();
    expect(statements(server())).toBe(few);
    expect(few).toBeLessThanOrEqual(12);
    const pooled = await server().gql(`query($id: UUID!) { read_deployment(id: $id) { work_queue { name } work_pool { name } } }`, { id: deployments[0].id });
    expect(pooled.data).toEqual({ read_deployment: { work_queue: { name: 'default' }, work_pool: { name: 'gql-pool' } } });
  });

  it('writes through the mutations and publishes the lifecycle events after commit', async () => {
    const seen: string[] = [];
    const unsubscribe = server().events.subscribe('deployment-test', async (e) => {
      if (e.event.startsWith('prefect.deployment.')) seen.push(`${e.event} ${e.resource['prefect.resource.name']}`);
    });
    const flow = flows[0];
    const created = await server().gql(
      `mutation($flow: UUID!) { create_deployment(deployment: { name: "gql-new", flow_id: $flow, enforce_parameter_schema: false }) { id name status } }`,
      { flow: flow.id },
    );
    expect(created.errors).toBeUndefined();
    const id = (created.data as any).create_deployment.id;
    const updated = await server().gql(`mutation($id: UUID!) { update_deployment(id: $id, deployment: { description: "d" }) }`, { id });
    expect(updated.data).toEqual({ update_deployment: true });
    const run = await server().gql(`mutation($id: UUID!) { create_flow_run_from_deployment(id: $id, flow_run: { name: "g" }) { name deployment_id state_type } }`, { id });
    expect(run.data).toEqual({ create_flow_run_from_deployment: { name: 'g', deployment_id: id, state_type: 'SCHEDULED' } });
    const bad = await server().gql(`mutation($flow: UUID!) { create_deployment(deployment: { name: "a>b", flow_id: $flow }) { id } }`, { flow: flow.id });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
    expect((await server().gql(`mutation($id: UUID!) { delete_deployment(id: $id) }`, { id })).data).toEqual({ delete_deployment: true });
    await server().events.drain();
    unsubscribe();
    expect(seen).toEqual(['prefect.deployment.created gql-new', 'prefect.deployment.updated gql-new', 'prefect.deployment.deleted gql-new']);
  });
});
