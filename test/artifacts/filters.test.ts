// ArtifactFilter / ArtifactCollectionFilter, the related filters and the sorts
// (artifacts §5, §6), through REST and GraphQL.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { MISSING, create, flowRun, gql, post, taskRun, uniqueKey } from './support.ts';

describeEachDatabase('artifact filters and sorts', (server) => {
  const tag = uniqueKey('f');
  let runA: { id: string; flow_id: string };
  let runB: { id: string; flow_id: string };
  let task: { id: string };
  const ids: Record<string, string> = {};
  const only = { key: { like_: tag } };
  const names = (rows: any[]) => rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id || id === r.latest_id)?.[0]).sort();

  beforeAll(async () => {
    runA = await flowRun(server(), `${tag}-flow-a`);
    runB = await flowRun(server(), `${tag}-flow-b`);
    task = await taskRun(server(), runA.id);
    const make = async (name: string, body: Record<string, unknown>) => (ids[name] = (await create(server(), body)).id);
    await make('table', { key: `${tag}-table`, type: 'table', flow_run_id: runA.id, task_run_id: task.id });
    await make('markdown', { key: `${tag}-md`, type: 'markdown', flow_run_id: runB.id });
    await make('result', { key: `${tag}-res`, type: 'result', flow_run_id: MISSING });
    await make('untyped', { key: `${tag}-none`, task_run_id: MISSING });
    await make('upper', { key: `${tag}-x`, type: null });
  });

  const filter = async (body: Record<string, unknown>) => names(await post(server(), '/artifacts/filter', { ...body, artifacts: { ...only, ...(body.artifacts as object) } }));

  it('type: any_, not_any_ (NULL types excluded too), any_: [] matches nothing', async () => {
    expect(await filter({ artifacts: { type: { any_: ['table', 'markdown'] } } })).toEqual(['markdown', 'table']);
    expect(await filter({ artifacts: { type: { not_any_: ['result'] } } })).toEqual(['markdown', 'table']);
    expect(await filter({ artifacts: { type: { any_: [] } } })).toEqual([]);
    expect(await filter({ artifacts: { type: { not_any_: [] } } })).toHaveLength(5);
  });

  it('key: any_ exact, like_ case-insensitive with live wildcards, exists_', async () => {
    expect(await filter({ artifacts: { key: { any_: [`${tag}-md`], like_: tag } } })).toEqual(['markdown']);
    expect(await filter({ artifacts: { key: { like_: `${tag.toUpperCase()}-T_BLE` } } })).toEqual(['table']);
    expect(await filter({ artifacts: { key: { like_: tag, exists_: true } } })).toHaveLength(5);
    const unkeyed = await create(server(), { type: `${tag}-unkeyed` });
    const rows = await post(server(), '/artifacts/filter', { artifacts: { key: { exists_: false }, type: { any_: [`${tag}-unkeyed`] } } });
    expect(rows.map((r: any) => r.id)).toEqual([unkeyed.id]);
  });

  it('id, flow_run_id and task_run_id any_; operator or_; an empty sibling under or_ matches everything', async () => {
    expect(await filter({ artifacts: { id: { any_: [ids.table, ids.result] } } })).toEqual(['result', 'table']);
    expect(await filter({ artifacts: { flow_run_id: { any_: [runA.id, MISSING] } } })).toEqual(['result', 'table']);
    expect(await filter({ artifacts: { task_run_id: { any_: [task.id] } } })).toEqual(['table']);
    const or = await post(server(), '/artifacts/filter', { artifacts: { operator: 'or_', type: { any_: ['markdown'] }, task_run_id: { any_: [MISSING] } } });
    expect(names(or)).toEqual(['markdown', 'untyped']);
    const all = await post(server(), '/artifacts/count', { artifacts: { operator: 'or_', key: {}, type: { any_: ['nothing'] } } });
    expect(all).toBe(await post(server(), '/artifacts/count', {}));
  });

  it('related filters: flow_runs / flows need an existing flow run (even {}), task_runs an existing task run', async () => {
    expect(await filter({ flow_runs: {} })).toEqual(['markdown', 'table']);
    expect(await filter({ flow_runs: { id: { any_: [runB.id] } } })).toEqual(['markdown']);
    expect(await filter({ flows: { name: { any_: [`${tag}-flow-a`] } } })).toEqual(['table']);
    expect(await filter({ flows: {}, flow_runs: { id: { not_any_: [runA.id] } } })).toEqual(['markdown']);
    expect(await filter({ task_runs: {} })).toEqual(['table']);
    expect(await filter({ task_runs: { id: { any_: [MISSING] } } })).toEqual([]);
    expect(await post(server(), '/artifacts/count', { artifacts: only, flow_runs: {} })).toBe(2);
  });

  it('deployments: {} requires a flow run with an existing deployment; fields filter that deployment', async () => {
    expect(await filter({ deployments: {} })).toEqual([]);
    expect(await post(server(), '/artifacts/latest/count', { artifacts: only, deployments: {} })).toBe(0);
    const flow = (await server().rest('POST', '/flows/', { name: `${tag}-dep-flow` })).body;
    const dep = await server().rest('POST', '/deployments/', { name: `${tag}-dep`, flow_id: flow.id, tags: ['artifact-dep'] });
    expect(dep.status, JSON.stringify(dep.body)).toBe(201);
    const run = (await server().rest('POST', '/flow_runs/', { flow_id: flow.id, deployment_id: dep.body.id })).body;
    const made = await create(server(), { key: `${tag}-dep-art`, flow_run_id: run.id });
    ids.dep = made.id;
    expect(await filter({ deployments: {} })).toEqual(['dep']);
    expect(await filter({ deployments: { tags: { all_: ['artifact-dep'] } } })).toEqual(['dep']);
    expect(await filter({ deployments: { name: { any_: ['other'] } } })).toEqual([]);
    expect(await filter({ deployments: { id: { any_: [dep.body.id] } }, flows: { name: { any_: [`${tag}-dep-flow`] } }, flow_runs: { id: { any_: [run.id] } } })).toEqual(['dep']);
    const q = await gql(server(), `query($d: DeploymentFilter, $a: ArtifactFilter) { count_artifacts(artifacts: $a, deployments: $d) }`, {
      a: only,
      d: { id: { any_: [dep.body.id] } },
    });
    expect(q.count_artifacts).toBe(1);
    await server().rest('DELETE', `/artifacts/${made.id}`);
    delete ids.dep;
  });

  it('latest routes: the same filters on the collections (latest_id, no id filter)', async () => {
    const latest = async (body: Record<string, unknown>) =>
      names(await post(server(), '/artifacts/latest/filter', { ...body, artifacts: { ...only, ...(body.artifacts as object) } }));
    expect(await latest({ artifacts: { type: { not_any_: ['result'] } } })).toEqual(['markdown', 'table']);
    expect(await latest({ artifacts: { latest_id: { any_: [ids.upper] } } })).toEqual(['upper']);
    expect(await latest({ flow_runs: {} })).toEqual(['markdown', 'table']);
    expect(await latest({ task_runs: { id: { any_: [task.id] } } })).toEqual(['table']);
    expect(await post(server(), '/artifacts/latest/count', { artifacts: { ...only, key: { like_: tag, exists_: false } } })).toBe(0);
    const refused = await server().rest('POST', '/artifacts/latest/filter', { artifacts: { id: { any_: [MISSING] } } });
    expect(refused.status).toBe(422);
    expect(refused.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'artifacts', 'id'] });
  });

  it('sorts: KEY_ASC / KEY_DESC / ID_DESC (default) / CREATED_DESC; unknown values are 422 enum', async () => {
    const keys = async (sort?: string) => (await post(server(), '/artifacts/filter', { artifacts: only, ...(sort ? { sort } : {}) })).map((r: any) => r.key);
    const sorted = [`${tag}-md`, `${tag}-none`, `${tag}-res`, `${tag}-table`, `${tag}-x`];
    expect(await keys('KEY_ASC')).toEqual(sorted);
    expect(await keys('KEY_DESC')).toEqual([...sorted].reverse());
    const byId = (await post(server(), '/artifacts/filter', { artifacts: only })).map((r: any) => r.id);
    expect(byId).toEqual([...byId].sort().reverse());
    expect((await post(server(), '/artifacts/filter', { artifacts: only, sort: 'CREATED_DESC', limit: 1 }))[0].id).toBe(ids.upper);
    const latestKeys = (await post(server(), '/artifacts/latest/filter', { artifacts: only, sort: 'KEY_ASC' })).map((r: any) => r.key);
    expect(latestKeys).toEqual(sorted);
    const bad = await server().rest('POST', '/artifacts/filter', { sort: 'NAME_ASC' });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({ type: 'enum', msg: "Input should be 'CREATED_DESC', 'UPDATED_DESC', 'ID_DESC', 'KEY_DESC' or 'KEY_ASC'" });
  });

  it('limit and offset: 0 gives []; over the default limit is 422 {"detail"}; negative offset 422', async () => {
    expect(await post(server(), '/artifacts/filter', { artifacts: only, limit: 0 })).toEqual([]);
    const two = await post(server(), '/artifacts/filter', { artifacts: only, sort: 'KEY_ASC', limit: 2, offset: 1 });
    expect(two.map((r: any) => r.key)).toEqual([`${tag}-none`, `${tag}-res`]);
    expect(
      await server()
        .rest('POST', '/artifacts/filter', { limit: 201 })
        .then((r) => [r.status, r.body]),
    ).toEqual([422, { detail: 'Invalid limit: must be less than or equal to 200.' }]);
    expect((await server().rest('POST', '/artifacts/filter', { offset: -1 })).body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal' });
    expect((await server().rest('POST', '/artifacts/filter', { artifacts: { key: { nope: 1 } } })).body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden' });
    // Counts take no sort, limit or offset: sent, they are ignored like any unknown key; null filters are absent ones.
    expect(await post(server(), '/artifacts/count', { artifacts: only, sort: 'nope', limit: 1, offset: 3, extra: true })).toBe(5);
    expect(await post(server(), '/artifacts/latest/count', { artifacts: only, flow_runs: null, flows: null })).toBe(5);
    expect((await post(server(), '/artifacts/filter', { artifacts: only, sort: null, limit: null, offset: null })).length).toBe(5);
    expect((await server().rest('POST', '/artifacts', {})).status).toBe(307);
  });

  it('through GraphQL: read_artifacts, count_artifacts, read_latest_artifacts, count_latest_artifacts', async () => {
    const data = await gql(
      server(),
      `query($a: ArtifactFilter, $c: ArtifactCollectionFilter, $fr: FlowRunFilter) {
        read_artifacts(artifacts: $a, flow_runs: $fr, sort: KEY_ASC) { key }
        count_artifacts(artifacts: $a)
        read_latest_artifacts(artifacts: $c, sort: KEY_DESC, limit: 1) { key latest_id }
        count_latest_artifacts(artifacts: $c)
      }`,
      { a: only, c: only, fr: { id: { any_: [runA.id] } } },
    );
    expect(data.read_artifacts).toEqual([{ key: `${tag}-table` }]);
    expect(data.count_artifacts).toBe(5);
    expect(data.read_latest_artifacts).toEqual([{ key: `${tag}-x`, latest_id: ids.upper }]);
    expect(data.count_latest_artifacts).toBe(5);
  });
});
