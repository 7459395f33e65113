// Result artifacts (artifacts §7): a state written with data stores it in an
// artifact row that the state points at; reads of the state (REST and GraphQL,
// flow and task runs, lean and by-id reads) answer the artifact's data.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';
import { flowRun, gql, post, taskRun, uniqueKey } from './support.ts';

describeEachDatabase('result artifacts', (server) => {
  const { emitted } = useCollector(server);
  const setFlowState = (id: string, state: Record<string, unknown>) => server().rest('POST', `/flow_runs/${id}/set_state`, { state, force: true });
  const setTaskState = (id: string, state: Record<string, unknown>) => server().rest('POST', `/task_runs/${id}/set_state`, { state, force: true });

  it('a flow-run state with data makes an unkeyed, untyped artifact of the run; the state row keeps none', async () => {
    const run = await flowRun(server(), 'results-flow');
    const data = { storage_key: 'abc', serializer: { type: 'json' } };
    const res = await setFlowState(run.id, { type: 'COMPLETED', data });
    expect(res.status).toBe(201);
    expect(res.body.state.data).toEqual(data);
    const [artifact] = await post(server(), '/artifacts/filter', { artifacts: { flow_run_id: { any_: [run.id] } } });
    expect(artifact).toMatchObject({ key: null, type: null, description: null, data, metadata_: null, flow_run_id: run.id, task_run_id: null });
    const row = await server().db.flowRunState.findUniqueOrThrow({ where: { id: res.body.state.id } });
    expect([row.data, row.result_artifact_id]).toEqual([null, artifact.id]);
    // Every read of the state answers the artifact's data.
    expect((await server().rest('GET', `/flow_run_states/${res.body.state.id}`)).body.data).toEqual(data);
    expect((await server().rest('GET', `/flow_run_states/?flow_run_id=${run.id}`)).body.at(-1).data).toEqual(data);
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.state.data).toEqual(data);
    expect((await post(server(), '/flow_runs/filter', { flow_runs: { id: { any_: [run.id] } } }))[0].state.data).toEqual(data);
    const q = await gql(
      server(),
      `query($id: UUID!) { read_flow_run(id: $id) { state { data } states { data } } read_flow_runs(flow_runs: { id: { any_: [$id] } }) { state { data } } }`,
      { id: run.id },
    );
    expect(q.read_flow_run.state.data).toEqual(data);
    expect(q.read_flow_run.states.at(-1).data).toEqual(data);
    expect(q.read_flow_runs[0].state.data).toEqual(data);
  });

  it('state data costs no statement per run: joined on the lean list read, one batched read per level elsewhere', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await flowRun(server(), 'results-statements');
      await setFlowState(run.id, { type: 'RUNNING', data: { i } });
      await setFlowState(run.id, { type: 'COMPLETED', data: { done: i } });
      ids.push(run.id);
    }
    const artifactReads = () => server().queries.filter((q) => /FROM\s+([`"]\w+[`"]\.)?[`"]artifact[`"]\s/i.test(q)).length;
    server().resetQueries();
    const lean = await gql(server(), `query($ids: [UUID!]) { read_flow_runs(flow_runs: { id: { any_: $ids } }, sort: ID_DESC, limit: 10) { id state { data } } }`, { ids });
    expect(lean.read_flow_runs.map((r: any) => r.state.data.done).sort()).toEqual([0, 1, 2, 3]);
    expect(artifactReads()).toBe(0);
    server().resetQueries();
    const nested = await gql(server(), `query($ids: [UUID!]) { read_flow_runs(flow_runs: { id: { any_: $ids } }, limit: 10) { states(limit: 5) { data } } }`, { ids });
    expect(nested.read_flow_runs.flatMap((r: any) => r.states.map((s: any) => s.data)).filter(Boolean)).toHaveLength(8);
    expect(artifactReads()).toBe(1);
  });

  it('artifact_key / _type / _description move onto the artifact (keyed: its collection too); the answer carries the cleaned data', async () => {
    const run = await flowRun(server(), 'results-keyed');
    const task = await taskRun(server(), run.id);
    const key = uniqueKey('result');
    let res!: any;
    const events = await emitted(async () => {
      res = await setTaskState(task.id, { type: 'COMPLETED', data: { value: 1, artifact_key: key, artifact_type: 'result', artifact_description: 'the result' } });
    }, 'prefect.artifact');
    expect(res.status).toBe(201);
    expect(res.body.state.data).toEqual({ value: 1 });
    const [artifact] = await post(server(), '/artifacts/filter', { artifacts: { key: { any_: [key] } } });
    expect(artifact).toMatchObject({ key, type: 'result', description: 'the result', data: { value: 1 }, flow_run_id: run.id, task_run_id: task.id });
    const latest = (await server().rest('GET', `/artifacts/${key}/latest`)).body;
    expect(latest).toMatchObject({ key, type: 'result', data: { value: 1 }, task_run_id: task.id });
    expect(events.map((e) => e.event)).toEqual(['prefect.artifact-collection.created']);
    const q = await gql(server(), `query($id: UUID!) { read_task_run(id: $id) { state { data } } }`, { id: task.id });
    expect(q.read_task_run.state.data).toEqual({ value: 1 });
    expect((await server().rest('GET', `/task_runs/${task.id}`)).body.state.data).toEqual({ value: 1 });
    expect((await server().rest('GET', `/task_run_states/?task_run_id=${task.id}`)).body.at(-1).data).toEqual({ value: 1 });
    // A flow-run result on the same key overwrites only what it sets: data, key, flow_run_id, type; task_run_id stays.
    await setFlowState(run.id, { type: 'COMPLETED', data: { other: 2, artifact_key: key, artifact_type: 'flow' } });
    expect((await server().rest('GET', `/artifacts/${key}/latest`)).body).toMatchObject({
      data: { other: 2 },
      type: 'flow',
      description: 'the result',
      task_run_id: task.id,
      flow_run_id: run.id,
    });
  });

  it('scalars and lists are stored as they are; null and {"type": "unpersisted"} make no artifact', async () => {
    const run = await flowRun(server(), 'results-scalars');
    for (const data of [5, 'text', [1, 2], false]) {
      const res = await setFlowState(run.id, { type: 'RUNNING', data });
      expect(res.body.state.data).toEqual(data);
      expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.state.data).toEqual(data);
    }
    const count = await post(server(), '/artifacts/count', { artifacts: { flow_run_id: { any_: [run.id] } } });
    expect(count).toBe(4);
    const unpersisted = await setFlowState(run.id, { type: 'RUNNING', data: { type: 'unpersisted' } });
    expect(unpersisted.body.state.data).toEqual({ type: 'unpersisted' });
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.state.data).toBeNull();
    await setFlowState(run.id, { type: 'RUNNING' });
    expect(await post(server(), '/artifacts/count', { artifacts: { flow_run_id: { any_: [run.id] } } })).toBe(4);
  });

  it('patching the artifact changes what the state reports; deleting it makes the data null', async () => {
    const run = await flowRun(server(), 'results-patch');
    const res = await setFlowState(run.id, { type: 'COMPLETED', data: { v: 1 } });
    const [artifact] = await post(server(), '/artifacts/filter', { artifacts: { flow_run_id: { any_: [run.id] } } });
    expect((await server().rest('PATCH', `/artifacts/${artifact.id}`, { data: { v: 2 } })).status).toBe(204);
    expect((await server().rest('GET', `/flow_run_states/${res.body.state.id}`)).body.data).toEqual({ v: 2 });
    expect((await server().rest('DELETE', `/artifacts/${artifact.id}`)).status).toBe(204);
    expect((await server().rest('GET', `/flow_run_states/${res.body.state.id}`)).body.data).toBeNull();
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.state.data).toBeNull();
  });

  it('a run created with a state with data gets its artifact; a rejected proposal answers the current state with its data', async () => {
    const flow = (await server().rest('POST', '/flows/', { name: 'results-initial' })).body;
    const created = await server().rest('POST', '/flow_runs/', { flow_id: flow.id, state: { type: 'COMPLETED', data: { initial: true } } });
    expect(created.status).toBe(201);
    expect(created.body.state.data).toEqual({ initial: true });
    const rejected = await server().rest('POST', `/flow_runs/${created.body.id}/set_state`, { state: { type: 'RUNNING' } });
    expect(rejected.body.status).toBe('REJECT');
    expect(rejected.body.state.data).toEqual({ initial: true });
  });
});
