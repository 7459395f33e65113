// The flow-run graph routes (flows-and-runs §2.16) through both doors:
// GET /flow_runs/{id}/graph = read_flow_run_graph_v1,
// GET /flow_runs/{id}/graph-v2 = read_flow_run_graph_v2.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const DEPENDENCY_KEYS = [
  'id',
  'name',
  'upstream_dependencies',
  'state',
  'expected_start_time',
  'start_time',
  'end_time',
  'total_run_time',
  'estimated_run_time',
  'untrackable_result',
];
const NODE_KEYS = ['kind', 'id', 'label', 'state_type', 'start_time', 'end_time', 'parents', 'children', 'encapsulating', 'artifacts'];

const STATE =
  '{ id type name timestamp message data state_details { flow_run_id task_run_id child_flow_run_id scheduled_time cache_key cache_expiration deferred untrackable_result pause_timeout pause_reschedule pause_key run_input_keyset refresh_cache retriable transition_id task_parameters_id traceparent deployment_concurrency_lease_id } }';
const GRAPH_V1 = `query($id: UUID!) { read_flow_run_graph_v1(id: $id) { id name upstream_dependencies { input_type id } state ${STATE} expected_start_time start_time end_time total_run_time estimated_run_time untrackable_result } }`;
const GRAPH_V2 =
  'query($id: UUID!, $since: DateTime) { read_flow_run_graph_v2(id: $id, since: $since) { start_time end_time root_node_ids nodes artifacts { id created key type is_latest data } states { id timestamp type name } } }';

// Start times are milliseconds: a pause between steps keeps the nodes' order certain.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const edges = (...ids: string[]) => ids.map((id) => ({ id }));
/** Lateness and running time grow between two requests. */
const withoutRunTimes = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, estimated_run_time: '…' }));

describeEachDatabase('flow run graphs', (server) => {
  const post = async (path: string, body: unknown) => {
    const res = await server().rest('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const setState = async (kind: 'flow_runs' | 'task_runs', id: string, state: Record<string, unknown>) => {
    expect((await post(`/${kind}/${id}/set_state`, { state })).status).toBe('ACCEPT');
    await tick();
  };
  const read = async (path: string) => (await server().rest('GET', path)).body;

  let flowId: string;
  const newRun = async (body: Record<string, unknown> = {}) => (await post('/flow_runs/', { flow_id: flowId, ...body })).id as string;
  const newTask = async (flowRunId: string, key: string, taskInputs: Record<string, unknown> = {}) =>
    (await post('/task_runs/', { flow_run_id: flowRunId, task_key: key, dynamic_key: '0', name: key, task_inputs: taskInputs })).id as string;

  // The parent run P and its task runs, started in this order:
  //   a (completed) → b (takes a twice, and a parameter) → c (takes b; __parents__: w)
  //   w (running, encloses c)
  //   s started subflow run sf (of flow "graph-child"); d takes sf's result, lists s and a task of another run
  //   e (running, untrackable result)
  // task_inputs keys are written in the order PostgreSQL's JSONB keeps them (shorter keys first).
  let run: string, other: string, subflow: string;
  const task: Record<string, string> = {};
  beforeAll(async () => {
    flowId = (await post('/flows/', { name: 'graph-parent' })).id;
    const childFlowId = (await post('/flows/', { name: 'graph-child' })).id;
    run = await newRun({ name: 'parent-run' });
    other = await newRun({ name: 'other-run' });
    await setState('flow_runs', run, { type: 'RUNNING' });
    const elsewhere = await newTask(other, 'elsewhere');

    task.a = await newTask(run, 'a');
    await setState('task_runs', task.a, { type: 'RUNNING' });
    await setState('task_runs', task.a, { type: 'COMPLETED' });
    task.w = await newTask(run, 'w');
    await setState('task_runs', task.w, { type: 'RUNNING' });
    task.b = await newTask(run, 'b', {
      x: [{ input_type: 'task_run', id: task.a }],
      y: [{ input_type: 'task_run', id: task.a.toUpperCase() }],
      n: [{ input_type: 'parameter', name: 'n' }],
    });
    await setState('task_runs', task.b, { type: 'RUNNING' });
    task.c = await newTask(run, 'c', { x: [{ input_type: 'task_run', id: task.b }], __parents__: [{ input_type: 'task_run', id: task.w }] });
    await setState('task_runs', task.c, { type: 'RUNNING' });
    await setState('task_runs', task.c, { type: 'COMPLETED' });
    task.s = await newTask(run, 's');
    subflow = (await post('/flow_runs/', { flow_id: childFlowId, name: 'child-run', parent_task_run_id: task.s })).id;
    await setState('flow_runs', subflow, { type: 'RUNNING' });
    // No input_type: a task-run reference (§3.5).
    task.d = await newTask(run, 'd', { r: [{ input_type: 'flow_run', id: subflow }], s: [{ id: task.s }], z: [{ input_type: 'task_run', id: elsewhere }] });
    await tick();
    task.e = await newTask(run, 'e');
    await setState('task_runs', task.e, { type: 'RUNNING', state_details: { untrackable_result: true } });
    task.elsewhere = elsewhere;
  });

  describe('GET /flow_runs/{id}/graph (v1)', () => {
    it('lists every task run, newest id first, with Prefect’s fields', async () => {
      const res = await server().rest('GET', `/flow_runs/${run}/graph`);
      expect(res.status).toBe(200);
      const ids = ['a', 'w', 'b', 'c', 's', 'd', 'e'].map((k) => task[k]);
      expect(res.body.map((r: { id: string }) => r.id)).toEqual([...ids].sort().reverse());
      for (const row of res.body) {
        expect(Object.keys(row)).toEqual(DEPENDENCY_KEYS);
        const taskRun = await read(`/task_runs/${row.id}`);
        expect(row).toEqual({
          id: taskRun.id,
          name: taskRun.name,
          upstream_dependencies: expect.any(Array),
          state: taskRun.state,
          expected_start_time: taskRun.expected_start_time,
          start_time: taskRun.start_time,
          end_time: taskRun.end_time,
          total_run_time: taskRun.total_run_time,
          estimated_run_time: expect.any(Number),
          untrackable_result: row.id === task.e,
        });
      }
      expect(res.text).toContain('"total_run_time":0.0');
    });

    it('lists each upstream task run once, leaving out parameters and flow-run results', async () => {
      const rows = (await read(`/flow_runs/${run}/graph`)) as { id: string; upstream_dependencies: unknown }[];
      const upstream = (id: string) => rows.find((r) => r.id === id)!.upstream_dependencies;
      const taskRun = (id: string) => ({ input_type: 'task_run', id });
      expect(upstream(task.a)).toEqual([]);
      expect(upstream(task.b)).toEqual([taskRun(task.a)]);
      expect(upstream(task.c)).toEqual([taskRun(task.b), taskRun(task.w)]);
      expect(upstream(task.d)).toEqual([taskRun(task.s), taskRun(task.elsewhere)]);
    });

    it('answers [] for a run without task runs, and Prefect’s 404s', async () => {
      expect(await server().rest('GET', `/flow_runs/${other}/graph`)).toMatchObject({ status: 200, body: [expect.objectContaining({ id: task.elsewhere })] });
      expect(await server().rest('GET', `/flow_runs/${await newRun()}/graph`)).toMatchObject({ status: 200, body: [] });
      expect(await server().rest('GET', `/flow_runs/${MISSING}/graph`)).toMatchObject({ status: 404, body: { exception_message: `Flow run with id ${MISSING} not found` } });
      expect(await server().rest('GET', '/flow_runs/not-a-uuid/graph')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });

    it('is the same through GraphQL, in a fixed number of SQL statements', async () => {
      const rest = await read(`/flow_runs/${run}/graph`);
      server().resetQueries();
      const gql = await server().gql<any, any>(GRAPH_V1, { id: run });
      const statements = server().queries.length;
      expect(gql.errors).toBeUndefined();
      expect(withoutRunTimes(gql.data.read_flow_run_graph_v1)).toEqual(withoutRunTimes(rest));
      // The same count for a run with a single task run: no statement per row.
      server().resetQueries();
      await server().gql(GRAPH_V1, { id: other });
      expect(server().queries).toHaveLength(statements);
      expect(statements).toBeLessThanOrEqual(3);
      const missing = await server().gql(GRAPH_V1, { id: MISSING });
      expect(missing.errors?.[0]).toMatchObject({ message: `Flow run with id ${MISSING} not found`, extensions: { code: 'NOT_FOUND', status: 404 } });
    });
  });

  describe('GET /flow_runs/{id}/graph-v2', () => {
    let nodes: Record<string, Record<string, unknown>>;
    beforeAll(async () => {
      // What each node should say, from the runs as the API reads them.
      const taskRun = async (key: string, kind = 'task-run') => {
        const t = await read(`/task_runs/${task[key]}`);
        return { kind, id: t.id, label: t.name, state_type: t.state_type, start_time: t.start_time ?? t.expected_start_time, end_time: t.end_time };
      };
      const sf = await read(`/flow_runs/${subflow}`);
      const links = (parents: string[], children: string[], encapsulating: string[] = []) => ({
        parents: edges(...parents),
        children: edges(...children),
        encapsulating: edges(...encapsulating),
        artifacts: [],
      });
      nodes = {
        a: { ...(await taskRun('a')), ...links([], [task.b]) },
        w: { ...(await taskRun('w')), ...links([], []) },
        b: { ...(await taskRun('b')), ...links([task.a], [task.c]) },
        c: { ...(await taskRun('c')), ...links([task.b], [], [task.w]) },
        // s is drawn as its subflow run; d's reference to s itself joins nothing.
        sf: { kind: 'flow-run', id: subflow, label: 'graph-child / child-run', state_type: 'RUNNING', start_time: sf.start_time, end_time: null, ...links([], [task.d]) },
        d: { ...(await taskRun('d')), ...links([subflow], []) },
        e: { ...(await taskRun('e')), ...links([], []) },
      };
    });
    const entries = (...keys: string[]) => keys.map((k) => [nodes[k].id, nodes[k]]);

    it('draws task runs and subflow runs as nodes, linked by their inputs, in start order', async () => {
      const res = await server().rest('GET', `/flow_runs/${run}/graph-v2`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['start_time', 'end_time', 'root_node_ids', 'nodes', 'artifacts', 'states']);
      const flowRun = await read(`/flow_runs/${run}`);
      const states = (await read(`/flow_run_states/?flow_run_id=${run}`)).map(({ id, timestamp, type, name }: Record<string, unknown>) => ({ id, timestamp, type, name }));
      expect(res.body).toEqual({
        start_time: flowRun.start_time,
        end_time: null,
        root_node_ids: [task.a, task.w, subflow, task.e],
        nodes: entries('a', 'w', 'b', 'c', 'sf', 'd', 'e'),
        artifacts: [],
        states,
      });
      expect(states.map((s: { type: string }) => s.type)).toEqual(['PENDING', 'RUNNING']);
      for (const [, node] of res.body.nodes) expect(Object.keys(node)).toEqual(NODE_KEYS);
    });

    it('leaves out nodes that ended before `since`, keeping edges to them', async () => {
      const a = await read(`/task_runs/${task.a}`);
      const justAfter = new Date(Date.parse(a.end_time) + 1).toISOString();
      const later = await read(`/flow_runs/${run}/graph-v2?since=${encodeURIComponent(justAfter)}`);
      expect(later.nodes).toEqual(entries('w', 'b', 'c', 'sf', 'd', 'e'));
      // b still has its parent a, so it is no root.
      expect(later.root_node_ids).toEqual([task.w, subflow, task.e]);
      const atEnd = await read(`/flow_runs/${run}/graph-v2?since=${encodeURIComponent(a.end_time)}`);
      expect(atEnd.nodes).toEqual(entries('a', 'w', 'b', 'c', 'sf', 'd', 'e'));
    });

    it('starts a node at the expected start when it has not run; a cached task ends when it was expected to start', async () => {
      const edgeRun = await newRun();
      const cached = await newTask(edgeRun, 'cached');
      const unstartable = await newTask(edgeRun, 'unstartable');
      const waiting = await newTask(edgeRun, 'waiting');
      // No route makes these shapes: a COMPLETED run without times (cached), a run without any start time.
      await server().db.taskRun.update({ where: { id: cached }, data: { state_type: 'COMPLETED', start_time: null, end_time: null } });
      await server().db.taskRun.update({ where: { id: unstartable }, data: { expected_start_time: null } });
      const graph = await read(`/flow_runs/${edgeRun}/graph-v2`);
      const expected = (await read(`/task_runs/${cached}`)).expected_start_time;
      const waitingStart = (await read(`/task_runs/${waiting}`)).expected_start_time;
      expect(graph.nodes.map(([, n]: [string, Record<string, unknown>]) => [n.label, n.state_type, n.start_time, n.end_time])).toEqual([
        ['cached', 'COMPLETED', expected, expected],
        ['waiting', 'PENDING', waitingStart, null],
      ]);
      expect(graph.start_time).toBe((await read(`/flow_runs/${edgeRun}`)).expected_start_time);
      expect(graph.root_node_ids).toEqual([cached, waiting]);
    });

    it('answers Prefect’s 404 and 422s', async () => {
      expect(await server().rest('GET', `/flow_runs/${MISSING}/graph-v2`)).toMatchObject({ status: 404, body: { exception_message: `Flow run ${MISSING} not found` } });
      const bad = await server().rest('GET', `/flow_runs/${run}/graph-v2?since=soon`);
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ loc: ['query', 'since'] });
    });

    it('refuses graphs of more than 10000 nodes with a 400', async () => {
      const big = await newRun();
      const seed = await newTask(big, 'seed');
      // 10001 copies of the seed task run in one statement (Prisma's createMany takes seconds here).
      const copies =
        server().target.provider === 'postgresql'
          ? `INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, state_type, expected_start_time, created, updated)
             SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'copy-' || i, seed.flow_run_id, 'copy', i::text, seed.state_type, seed.expected_start_time, seed.created, seed.updated
             FROM generate_series(1, 10001) AS i, task_run AS seed WHERE seed.id = $1::uuid`
          : `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
             INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, state_type, expected_start_time, created, updated)
             SELECT printf('00000000-0000-4000-8000-%012d', i), 'copy-' || i, seed.flow_run_id, 'copy', CAST(i AS TEXT), seed.state_type, seed.expected_start_time, seed.created, seed.updated
             FROM n, task_run AS seed WHERE seed.id = ?`;
      expect(await server().db.$executeRawUnsafe(copies, seed)).toBe(10_001);
      expect(await server().rest('GET', `/flow_runs/${big}/graph-v2`)).toMatchObject({ status: 400, body: { detail: `The graph of flow run ${big} has more than 10000 nodes.` } });
      // Nodes that ended before `since` do not count.
      await server().db.taskRun.updateMany({ where: { flow_run_id: big, task_key: 'copy' }, data: { end_time: new Date('2000-01-01T00:00:00Z') } });
      const recent = await server().rest('GET', `/flow_runs/${big}/graph-v2?since=2001-01-01T00:00:00Z`);
      expect(recent.status).toBe(200);
      expect(recent.body.nodes.map(([id]: [string]) => id)).toEqual([seed]);
    });

    it('is the same through GraphQL, in a fixed number of SQL statements', async () => {
      const rest = await read(`/flow_runs/${run}/graph-v2`);
      server().resetQueries();
      const gql = await server().gql<any, any>(GRAPH_V2, { id: run });
      const statements = server().queries.length;
      expect(gql.errors).toBeUndefined();
      expect(gql.data.read_flow_run_graph_v2).toEqual(rest);
      server().resetQueries();
      await server().gql(GRAPH_V2, { id: other });
      expect(server().queries).toHaveLength(statements);
      expect(statements).toBeLessThanOrEqual(6);
      const since = await server().gql<any, any>(GRAPH_V2, { id: run, since: '2999-01-01T00:00:00Z' });
      expect(since.data.read_flow_run_graph_v2.nodes.map(([id]: [string]) => id)).toEqual([task.w, task.b, subflow, task.d, task.e]);
      const missing = await server().gql(GRAPH_V2, { id: MISSING });
      expect(missing.errors?.[0]).toMatchObject({ message: `Flow run ${MISSING} not found`, extensions: { code: 'NOT_FOUND', status: 404 } });
    });
  });
});
