// Relation lists run their filter, sort, limit and offset in the database, per
// parent, for all parents of a level at once: a nested query costs one
// statement per level (the page rows with their current state joined in),
// fetches exactly the rows it returns, and answers exactly what a plain
// per-parent Prisma query answers. Twice: through the resolvers (DataLoader,
// one statement per level) and through the one-statement path (sql-reads).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabaseShared } from '../support/each-database.ts';
import { graphQueries, graphRows } from './statements.ts';
import type { TestServer } from '../support/server.ts';
import { referenceGraph, type ListArgs } from './reference.ts';
import { SEED_ENV, seedGraph } from './seed.ts';
import { PARENTS_PER_PAGE_STATEMENT } from '../../src/filters/sql/window.ts';

const SIZE = { flows: 20, runsPerFlow: 100, tasksPerRun: 10, prefix: 'nested' };

const NESTED = `query Nested(
  $runFilter: FlowRunFilter, $runSort: FlowRunSort, $runLimit: Int, $runOffset: NonNegativeInt,
  $taskFilter: TaskRunFilter, $taskSort: TaskRunSort, $taskLimit: Int, $taskOffset: NonNegativeInt
) {
  read_flows(limit: 20, sort: NAME_ASC, flows: { name: { like_: "nested" } }) {
    id
    flow_runs_count(filter: $runFilter)
    flow_runs(filter: $runFilter, sort: $runSort, limit: $runLimit, offset: $runOffset) {
      id name state_type state { type }
      task_runs_count(filter: $taskFilter)
      task_runs(filter: $taskFilter, sort: $taskSort, limit: $taskLimit, offset: $taskOffset) { id name state { type } }
    }
  }
}`;

const UI_QUERY = `{
  read_flows(limit: 20, sort: NAME_ASC, flows: { name: { like_: "nested" } }) {
    id name
    flow_runs(limit: 10, sort: START_TIME_DESC) {
      id name state { type name timestamp }
      task_runs(limit: 5, sort: EXPECTED_START_TIME_DESC) { id name state { type name } }
    }
  }
}`;

const CASES: { name: string; runs: ListArgs; tasks: ListArgs }[] = [
  // Lists count at their limit against PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES, so most cases give one.
  { name: 'default sorts (ID_DESC)', runs: { limit: 50 }, tasks: { limit: 10 } },
  { name: 'the default limit (200) below', runs: { limit: 2 }, tasks: {} },
  {
    name: 'state type, NAME_DESC, offset',
    runs: { filter: { state: { type: { any_: ['FAILED'] } } }, sort: 'NAME_DESC', limit: 3, offset: 1 },
    tasks: { sort: 'NAME_ASC', limit: 4, offset: 2 },
  },
  {
    name: 'or_ of a tag and a state',
    runs: { filter: { operator: 'or_', tags: { all_: ['db'] }, state: { type: { any_: ['COMPLETED'] } } }, sort: 'START_TIME_ASC', limit: 7 },
    tasks: { filter: { operator: 'or_', tags: { all_: ['etl'] }, state: { type: { any_: ['RUNNING'] } } }, sort: 'EXPECTED_START_TIME_DESC', limit: 3 },
  },
  {
    name: 'and_ of tags any_, not_any_ states, null checks',
    runs: {
      filter: { tags: { any_: ['etl', 'ml'] }, state: { type: { not_any_: ['SCHEDULED', 'PENDING'] } }, work_queue_name: { is_null_: true } },
      sort: 'EXPECTED_START_TIME_DESC',
      limit: 5,
    },
    tasks: { filter: { start_time: { is_null_: true }, tags: { is_null_: false } }, sort: 'NEXT_SCHEDULED_START_TIME_ASC', limit: 2 },
  },
  {
    name: 'tags or_ with is_null_, time windows, NULL-heavy sorts',
    runs: {
      filter: { tags: { operator: 'or_', all_: ['db', 'nightly'], is_null_: true }, expected_start_time: { after_: '2024-01-01T04:00:00Z', before_: '2024-01-01T12:00:00Z' } },
      sort: 'END_TIME_DESC',
      limit: 6,
      offset: 2,
    },
    tasks: { filter: { end_time: { is_null_: false }, expected_start_time: { before_: '2024-01-01T10:00:00Z' } }, sort: 'END_TIME_DESC' },
  },
  {
    name: 'start-time filters and sorts (stored COALESCE), names like_',
    runs: { filter: { start_time: { after_: '2024-01-01T02:00:00Z' }, name: { like_: 'RUN_0' } }, sort: 'START_TIME_DESC', limit: 4 },
    tasks: { filter: { name: { like_: 'task_0' }, subflow_runs: { exists_: false } }, sort: 'EXPECTED_START_TIME_ASC' },
  },
  {
    name: 'a next-scheduled sort with NULLs and a state-name filter',
    runs: { filter: { state: { name: { any_: ['Completed', 'Running'] } }, deployment_id: { is_null_: true } }, sort: 'NEXT_SCHEDULED_START_TIME_ASC', limit: 8 },
    tasks: { filter: { state: { name: { any_: ['Failed'] } } }, sort: 'ID_DESC', limit: 10 },
  },
  { name: 'empty: any_ []', runs: { filter: { name: { any_: [] } }, limit: 10 }, tasks: { limit: 5 } },
  { name: 'empty: an offset past every page', runs: { limit: 10, offset: 150 }, tasks: { limit: 5 } },
  { name: 'empty: limit 0 below, a full page above', runs: { limit: 2 }, tasks: { limit: 0 } },
  { name: 'empty tasks: an id filter matching none', runs: { limit: 2, sort: 'NAME_ASC' }, tasks: { filter: { id: { any_: ['00000000-0000-4000-8000-000000000000'] } } } },
];

/** Per level: a grouped count and the page rows with their states (unless limit is 0). */
function expectedStatements(graph: Awaited<ReturnType<typeof referenceGraph>>, c: (typeof CASES)[number]): number {
  const runs = graph.flatMap((f) => f.flow_runs);
  const tasks = runs.flatMap((r) => r.task_runs);
  const level = (parents: number, _rows: number, limit: number | undefined) => (parents === 0 ? 0 : 1 + (limit === 0 ? 0 : Math.ceil(parents / PARENTS_PER_PAGE_STATEMENT)));
  return 1 + level(graph.length, runs.length, c.runs.limit) + level(runs.length, tasks.length, c.tasks.limit);
}

/**
 * A read, asked again once if the connection was reset: the reference queries
 * can leave the keep-alive socket idle past the server's 5 s timeout, and on
 * a loaded machine the client may pick it just as the server closes it.
 */
async function read(server: () => TestServer, query: string, variables?: object) {
  try {
    return await server().gql(query, variables as any);
  } catch (error) {
    if (!/fetch failed/.test(String(error))) throw error;
    server().resetQueries();
    return server().gql(query, variables as any);
  }
}

// One seeded database per provider, read by two servers: through the resolvers and
// through sql-reads. The seed and the plain per-parent reference (thousands of
// queries for the larger cases) are the cost, and both are the same for the two.
describeEachDatabaseShared(
  'Relation lists in the database',
  {
    resolvers: { ...SEED_ENV, PREFECT_SERVER_GRAPHQL_SQL_READS_ENABLED: 'false' },
    sqlReads: { ...SEED_ENV, PREFECT_SERVER_GRAPHQL_SQL_READS_ENABLED: 'true' },
  },
  (servers, provider) => {
    let flowIds: string[];
    beforeAll(async () => {
      const { db } = servers.resolvers();
      ({ flowIds } = await seedGraph(db, provider, SIZE));
      flowIds = (await db.flow.findMany({ where: { id: { in: flowIds } }, orderBy: { name: 'asc' }, select: { id: true } })).map((f) => f.id);
    }, 120_000);

    const references = new Map<string, ReturnType<typeof referenceGraph>>();
    /** The plain per-parent answer for these arguments, asked once per database and compared with both servers' answers. */
    const reference = (key: string, runs: ListArgs, tasks: ListArgs) => {
      let answer = references.get(key);
      if (!answer) references.set(key, (answer = referenceGraph(servers.resolvers().db, provider, flowIds, runs, tasks)));
      return answer;
    };

    it('the cases are not all empty', async () => {
      const counts = await Promise.all(
        CASES.map(
          async (c) =>
            (await referenceGraph(servers.resolvers().db, provider, flowIds.slice(0, 3), c.runs, c.tasks)).flatMap((f) => f.flow_runs.flatMap((r) => r.task_runs)).length,
        ),
      );
      expect(counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(7);
    });

    for (const sqlReads of [false, true])
      describe(sqlReads ? 'one statement per query' : 'through the resolvers', () => {
        const server = sqlReads ? servers.sqlReads : servers.resolvers;
        it.skipIf(sqlReads)('answers the UI query in 3 statements, fetching only the rows it returns', async () => {
          server().resetQueries();
          const res = await read(server, UI_QUERY);
          expect(res.errors).toBeUndefined();
          const flows = (res.data as any).read_flows as any[];
          expect(flows).toHaveLength(20);
          const runs = flows.flatMap((f) => f.flow_runs);
          const tasks = runs.flatMap((r) => r.task_runs);
          expect(runs).toHaveLength(200);
          expect(tasks).toHaveLength(1000);
          // flows; runs with their states (one page statement); task runs with their states.
          expect(graphQueries(server)).toHaveLength(3);
          // Each parent's page is read with its own ORDER BY ... LIMIT, not cut from all its rows.
          expect(graphQueries(server).filter((q) => (provider === 'postgresql' ? /CROSS JOIN LATERAL/ : /json_each/).test(q))).toHaveLength(2);
          // One result row per object returned: the states come joined to their runs.
          expect(graphRows(server)).toEqual([20, 200, 1000]);
          // Only the columns the query selects (and the keys it joins on) are read.
          const runPage = graphQueries(server).find((q) => /"flow_run" t/.test(q))!;
          expect(runPage).not.toMatch(/t\."parameters"|t\."context"|t\."job_variables"/);
        });

        it.runIf(sqlReads)('answers the UI query in one statement that returns one row, its JSON', async () => {
          server().resetQueries();
          const res = await read(server, UI_QUERY);
          expect(res.errors).toBeUndefined();
          const runs = ((res.data as any).read_flows as any[]).flatMap((f) => f.flow_runs);
          expect(runs).toHaveLength(200);
          expect(runs.flatMap((r) => r.task_runs)).toHaveLength(1000);
          expect(graphQueries(server)).toHaveLength(1);
          expect(graphRows(server)).toEqual([1]);
          // Each parent's page is its own ORDER BY ... LIMIT (the per-parent index serves it), not cut from all its rows.
          expect(graphQueries(server)[0].match(/ LIMIT \d+ OFFSET \d+/g)).toHaveLength(3);
        });

        it('matches the old per-parent answers of the UI query', async () => {
          const res = await read(server, UI_QUERY);
          const expected = await reference('the UI query', { sort: 'START_TIME_DESC', limit: 10 }, { sort: 'EXPECTED_START_TIME_DESC', limit: 5 });
          const flows = (res.data as any).read_flows as any[];
          expect(flows.map((f) => f.flow_runs.map((r: any) => ({ id: r.id, tasks: r.task_runs.map((t: any) => t.id) })))).toEqual(
            expected.map((f) => f.flow_runs.map((r) => ({ id: r.id, tasks: r.task_runs.map((t) => t.id) }))),
          );
        });

        it('pages states and counts them per run, and keeps aliased lists apart', async () => {
          const query = `{
        read_flows(limit: 3, sort: NAME_ASC, flows: { name: { like_: "nested" } }) {
          first: flow_runs(limit: 1, sort: NAME_ASC) { id }
          flow_runs(limit: 3, sort: NAME_ASC) {
            id states_count
            states(limit: 1, offset: 1) { type name }
            task_runs(limit: 2, sort: NAME_ASC) { id states { type } }
          }
        }
      }`;
          server().resetQueries();
          const res = await read(server, query);
          expect(res.errors).toBeUndefined();
          // flows; first; flow_runs; states (count, page); task runs; their states.
          expect(graphQueries(server)).toHaveLength(1 + 1 + 1 + 2 + 1 + 1);
          const { db } = server();
          const flows = (res.data as any).read_flows as any[];
          for (const [i, flow] of flows.entries()) {
            const runs = await db.flowRun.findMany({ where: { flow_id: flowIds[i] }, orderBy: [{ name: 'asc' }, { id: 'desc' }], take: 3 });
            expect(flow.first).toEqual([{ id: runs[0].id }]);
            expect(flow.flow_runs.map((r: any) => r.id)).toEqual(runs.map((r) => r.id));
            for (const [j, run] of flow.flow_runs.entries()) {
              const states = await db.flowRunState.findMany({ where: { flow_run_id: runs[j].id }, orderBy: { timestamp: 'asc' } });
              expect(run.states_count).toBe(states.length);
              expect(run.states).toEqual(states.slice(1, 2).map((s) => ({ type: s.type, name: s.name })));
              const tasks = await db.taskRun.findMany({
                where: { flow_run_id: runs[j].id },
                orderBy: [{ name: 'asc' }, { id: 'desc' }],
                take: 2,
                include: { states: { orderBy: { timestamp: 'asc' } } },
              });
              expect(run.task_runs).toEqual(tasks.map((t) => ({ id: t.id, states: t.states.map((s) => ({ type: s.type })) })));
            }
          }
        });

        describe('gives what a plain per-parent query gives', () => {
          for (const c of CASES) {
            // The reference asks one query per parent: thousands for the larger cases.
            it(c.name, { timeout: 180_000 }, async () => {
              const variables = {
                runFilter: c.runs.filter,
                runSort: c.runs.sort,
                runLimit: c.runs.limit,
                runOffset: c.runs.offset,
                taskFilter: c.tasks.filter,
                taskSort: c.tasks.sort,
                taskLimit: c.tasks.limit,
                taskOffset: c.tasks.offset,
              };
              server().resetQueries();
              const res = await read(server, NESTED, variables);
              expect(res.errors).toBeUndefined();
              const statements = graphQueries(server).length;
              const actual = (res.data as any).read_flows;
              const expected = await reference(c.name, c.runs, c.tasks);
              expect(actual).toEqual(expected);
              expect(statements).toBe(sqlReads ? 1 : expectedStatements(expected, c));
            });
          }
        });
      });
  },
);
