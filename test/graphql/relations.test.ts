// The graph GraphQL adds over REST: Flow.flow_runs, FlowRun.flow, FlowRun.task_runs,
// FlowRun.state, FlowRun.states, TaskRun.flow_run, each list with filter/sort/limit
// and a count, at a constant number of SQL statements whatever the row count.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { insertRows } from '../relations/seed.ts';

const FLOWS = 100;
const RUNS_PER_FLOW = 10;
const TASKS_PER_RUN = 10;

/** Bulk-inserts flows, runs, task runs and one state each, in multi-row INSERTs (Prisma's createMany spent most of this file's 20 s on them). */
async function seed(server: TestServer) {
  const { db } = server;
  const now = Date.now();
  const flows = Array.from({ length: FLOWS }, (_, i) => ({ id: randomUUID(), name: `graph-${String(i).padStart(3, '0')}`, tags: [] }));
  const runs = flows.flatMap((f) => Array.from({ length: RUNS_PER_FLOW }, (_, i) => ({ id: randomUUID(), flow_id: f.id, name: `${f.name}-run-${i}` })));
  const tasks = runs.flatMap((r) =>
    Array.from({ length: TASKS_PER_RUN }, (_, i) => ({ id: randomUUID(), flow_run_id: r.id, name: `${r.name}-task-${i}`, task_key: 't', dynamic_key: String(i) })),
  );
  await insertRows(db, 'flow', flows);
  await insertRows(db, 'flow_run', runs);
  await insertRows(db, 'task_run', tasks);
  const runStates = runs.map((r, i) => ({
    id: randomUUID(),
    flow_run_id: r.id,
    type: i % 2 ? 'COMPLETED' : 'FAILED',
    name: i % 2 ? 'Completed' : 'Failed',
    timestamp: new Date(now),
  }));
  const taskStates = tasks.map((t) => ({ id: randomUUID(), task_run_id: t.id, type: 'COMPLETED', name: 'Completed', timestamp: new Date(now) }));
  await insertRows(db, 'flow_run_state', runStates);
  await insertRows(db, 'task_run_state', taskStates);
  await db.$executeRawUnsafe(
    'UPDATE flow_run SET state_id = (SELECT s.id FROM flow_run_state s WHERE s.flow_run_id = flow_run.id), state_type = (SELECT s.type FROM flow_run_state s WHERE s.flow_run_id = flow_run.id)',
  );
  await db.$executeRawUnsafe("UPDATE task_run SET state_id = (SELECT s.id FROM task_run_state s WHERE s.task_run_id = task_run.id), state_type = 'COMPLETED'");
}

const GRAPH = `{
  read_flows(limit: 100, flows: { name: { like_: "graph-" } }) {
    name
    flow_runs_count
    flow_runs(limit: 10, sort: NAME_ASC) {
      name
      state { type name }
      flow { name }
      task_runs_count
      task_runs(limit: 10, sort: NAME_ASC) { name state { type } flow_run { name } }
    }
  }
}`;

describeEachDatabase('GraphQL relations', (server) => {
  beforeAll(() => seed(server()), 120_000);

  it('answers 100 flows × 10 runs × 10 task runs with their states in a constant number of statements', async () => {
    server().resetQueries();
    const res = await server().gql(GRAPH);
    expect(res.errors).toBeUndefined();
    const flows = (res.data as any).read_flows;
    expect(flows).toHaveLength(FLOWS);
    expect(flows[0].flow_runs).toHaveLength(RUNS_PER_FLOW);
    expect(flows[0].flow_runs_count).toBe(RUNS_PER_FLOW);
    expect(flows[0].flow_runs[0].task_runs).toHaveLength(TASKS_PER_RUN);
    expect(flows[0].flow_runs[0].task_runs_count).toBe(TASKS_PER_RUN);
    expect(flows[0].flow_runs[0].flow.name).toBe(flows[0].name);
    expect(flows[0].flow_runs[0].state.type).toMatch(/COMPLETED|FAILED/);
    expect(flows[0].flow_runs[0].task_runs[0].flow_run.name).toBe(flows[0].flow_runs[0].name);
    // One statement for 11,100 rows, not one per row: every field here is marked,
    // so the database builds the JSON (src/graphql/sql-reads; the resolvers'
    // five statements are tested in test/relations/nested.test.ts). Background
    // services' statements on other tables don't count.
    const queries = server().queries.filter((q) => /\b(flow|flow_run|task_run)\b/.test(q));
    expect(queries).toHaveLength(1);
    expect(queries.every((q) => /^\s*SELECT/i.test(q))).toBe(true);
  });

  it('filters, sorts and limits each list relation', async () => {
    const res = await server().gql(`{
      read_flows(limit: 1, flows: { name: { any_: ["graph-000"] } }) {
        flow_runs(filter: { state: { type: { any_: [FAILED] } } }, sort: NAME_DESC, limit: 2, offset: 1) { name state_type }
        flow_runs_count(filter: { state: { type: { any_: [FAILED] } } })
      }
    }`);
    expect(res.errors).toBeUndefined();
    const flow = (res.data as any).read_flows[0];
    expect(flow.flow_runs_count).toBe(5);
    expect(flow.flow_runs.map((r: { state_type: string }) => r.state_type)).toEqual(['FAILED', 'FAILED']);
    expect(flow.flow_runs.map((r: { name: string }) => r.name)).toEqual(['graph-000-run-6', 'graph-000-run-4']);
  });

  it('applies Prefect’s limit rules to relations too', async () => {
    for (const [limit, message] of [
      [-1, 'Invalid limit: must be greater than or equal to 0.'],
      [201, 'Invalid limit: must be less than or equal to 200.'],
    ] as const) {
      const res = await server().gql(`{ read_flows(limit: 1) { flow_runs(limit: ${limit}) { id } } }`);
      expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', status: 422 } });
    }
  });
});
