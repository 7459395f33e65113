// GraphQL relations of artifacts (Artifact.flow_run / task_run, FlowRun.artifacts,
// TaskRun.artifacts) without N+1, and the artifacts of the flow-run graph (v2).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { MISSING, create, flowRun, gql, taskRun, uniqueKey } from './support.ts';

const artifactTables = (queries: string[]) => queries.filter((q) => /\b(artifact|artifact_collection|flow_run|task_run|flow)\b/.test(q) && !/\bevents?\b/.test(q));

describeEachDatabase('artifact relations', (server) => {
  const tag = uniqueKey('rel');
  const runs: { id: string; flow_id: string }[] = [];
  const tasks: { id: string }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) {
      const run = await flowRun(server(), `${tag}-flow`);
      runs.push(run);
      const task = await taskRun(server(), run.id, `${tag}-${i}`);
      tasks.push(task);
      for (let j = 0; j < 3; j++)
        await create(server(), { key: `${tag}-${i}-${j}`, type: j === 0 ? 'table' : 'markdown', flow_run_id: run.id, task_run_id: j === 2 ? task.id : null, data: j });
    }
    await create(server(), { key: `${tag}-dangling`, flow_run_id: MISSING, task_run_id: MISSING });
  });

  it('FlowRun.artifacts / TaskRun.artifacts: filter, sort, limit and offset per parent, a fixed number of statements', async () => {
    const query = `query($ids: [UUID!]) {
      read_flow_runs(flow_runs: { id: { any_: $ids } }, sort: ID_DESC, limit: 10) {
        id
        artifacts(filter: { type: { any_: ["markdown"] } }, sort: KEY_DESC, limit: 1, offset: 0) { key data flow_run { id } task_run { id } }
        all: artifacts(sort: KEY_ASC, limit: 10) { key }
        task_runs(limit: 5) { id artifacts(limit: 5) { key } }
      }
    }`;
    await gql(server(), query, { ids: runs.slice(0, 1).map((r) => r.id) });
    server().resetQueries();
    await gql(server(), query, { ids: runs.slice(0, 1).map((r) => r.id) });
    const one = artifactTables(server().queries).length;
    server().resetQueries();
    const data = await gql(server(), query, { ids: runs.map((r) => r.id) });
    expect(artifactTables(server().queries).length).toBe(one);
    for (const run of data.read_flow_runs) {
      const i = runs.findIndex((r) => r.id === run.id);
      expect(run.artifacts).toEqual([{ key: `${tag}-${i}-2`, data: 2, flow_run: { id: run.id }, task_run: { id: tasks[i].id } }]);
      expect(run.all.map((a: any) => a.key)).toEqual([0, 1, 2].map((j) => `${tag}-${i}-${j}`));
      expect(run.task_runs).toEqual([{ id: tasks[i].id, artifacts: [{ key: `${tag}-${i}-2` }] }]);
    }
  });

  it('Artifact.flow_run / task_run: null for a dangling id or none; nested selections load per level', async () => {
    const data = await gql(
      server(),
      `query($k: [String!]) { read_artifacts(artifacts: { key: { any_: $k } }, sort: KEY_ASC) { key flow_run { id flow { name } state { type } } task_run { id } } }`,
      {
        k: [`${tag}-dangling`, `${tag}-0-0`, `${tag}-1-2`],
      },
    );
    expect(data.read_artifacts).toEqual([
      { key: `${tag}-0-0`, flow_run: { id: runs[0].id, flow: { name: `${tag}-flow` }, state: { type: 'PENDING' } }, task_run: null },
      { key: `${tag}-1-2`, flow_run: { id: runs[1].id, flow: { name: `${tag}-flow` }, state: { type: 'PENDING' } }, task_run: { id: tasks[1].id } },
      { key: `${tag}-dangling`, flow_run: null, task_run: null },
    ]);
    // Same statements for 1 artifact (with both runs) and for 13.
    const q = `query($k: String) { read_artifacts(artifacts: { key: { like_: $k } }, limit: 20) { key flow_run { id flow { name } } task_run { id } } }`;
    server().resetQueries();
    await gql(server(), q, { k: `${tag}-0-2` });
    const few = artifactTables(server().queries).length;
    server().resetQueries();
    const many = await gql(server(), q, { k: tag });
    expect(many.read_artifacts).toHaveLength(13);
    expect(artifactTables(server().queries).length).toBe(few);
  });

  it('graph-v2 lists the run artifacts (not result or untyped ones), task-run artifacts on their nodes, is_latest, data of progress only', async () => {
    const run = await flowRun(server(), `${tag}-graph`);
    const task = await taskRun(server(), run.id, `${tag}-graph-task`);
    await server().rest('POST', `/task_runs/${task.id}/set_state`, { state: { type: 'RUNNING' }, force: true });
    const key = uniqueKey('graph');
    const old = await create(server(), { key, type: 'table', flow_run_id: run.id, data: [1] });
    const latest = await create(server(), { key, type: 'progress', flow_run_id: run.id, data: 42 });
    const onTask = await create(server(), { type: 'markdown', flow_run_id: run.id, task_run_id: task.id, data: 'x' });
    await create(server(), { type: 'result', flow_run_id: run.id });
    await create(server(), { flow_run_id: run.id, data: 'untyped' });
    await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING', data: { storage_key: 'a' } }, force: true });
    const res = await server().rest('GET', `/flow_runs/${run.id}/graph-v2`);
    expect(res.status).toBe(200);
    expect(res.body.artifacts).toEqual([
      { id: old.id, created: old.created, key, type: 'table', is_latest: false, data: null },
      { id: latest.id, created: latest.created, key, type: 'progress', is_latest: true, data: 42 },
    ]);
    const node = res.body.nodes.find(([id]: [string]) => id === task.id)[1];
    expect(node.artifacts).toEqual([{ id: onTask.id, created: onTask.created, key: null, type: 'markdown', is_latest: true, data: null }]);
    const q = await gql(server(), `query($id: UUID!) { read_flow_run_graph_v2(id: $id) { artifacts { id is_latest data } } }`, { id: run.id });
    expect(q.read_flow_run_graph_v2.artifacts).toEqual([
      { id: old.id, is_latest: false, data: null },
      { id: latest.id, is_latest: true, data: 42 },
    ]);
  });
});
