// Queries of marked fields are answered by one SQL statement per root field
// (src/graphql/sql-reads): the same bytes as the resolvers give, for every
// marked field, relation, count, fragment, alias and directive, on both
// databases; anything else (an unmarked field, a bad argument) is answered by
// the resolvers, errors included.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { describeEachDatabase } from '../support/each-database.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SEED_ENV, seedGraph } from '../relations/seed.ts';
import { graphQueries, graphRows } from '../relations/statements.ts';
import { marksOf } from '../../src/graphql/sql-reads/marks.ts';
import { schema } from '../../src/graphql/schema.ts';
import { restSelection } from '../../src/rest/adapter.ts';

const restOf = (typeName: string) => restSelection(schema.getType(typeName) as GraphQLObjectType);

/** Every field of `type` that the SQL path answers from a column, as a selection. */
function markedScalars(typeName: string): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((f) => {
      const marks = marksOf(f);
      return (marks.sqlColumn ?? marks.pothosExposedField) !== undefined && !isObjectType(getNamedType(f.type));
    })
    .map((f) => f.name)
    .join(' ');
}

const FLOWS = `flows: { name: { like_: "sqlr" } }`;

const DOCUMENTS: { name: string; query: string; variables?: Record<string, unknown>; roots?: number; specOrder?: true }[] = [
  {
    name: 'the UI query',
    query: `{ read_flows(limit: 20, ${FLOWS}) { id name flow_runs(limit: 10, sort: EXPECTED_START_TIME_DESC) { id name state { type name timestamp }
      task_runs(limit: 5) { id name state { type name } } } } }`,
  },
  {
    name: 'every marked field of each type',
    query: `{ read_flows(limit: 6, ${FLOWS}) { ${markedScalars('Flow')}
      flow_runs(limit: 7, sort: NAME_ASC) { ${markedScalars('FlowRun')} state { ${markedScalars('State')} } flow { ${markedScalars('Flow')} }
        task_runs(limit: 3, sort: NAME_DESC) { ${markedScalars('TaskRun')} state { ${markedScalars('State')} } flow_run { id name } } } } }`,
  },
  {
    name: 'counts with filters, offsets, aliases and __typename',
    query: `{ read_flows(limit: 4, sort: NAME_DESC, ${FLOWS}) { __typename id
      all: flow_runs_count
      failed: flow_runs_count(filter: { state: { type: { any_: [FAILED] } } })
      first: flow_runs(limit: 1, sort: NAME_ASC) { id }
      flow_runs(limit: 3, offset: 2, sort: START_TIME_DESC, filter: { tags: { any_: ["db", "etl"] } }) { __typename id tags task_runs_count
        task_runs(filter: { state: { type: { any_: [COMPLETED, RUNNING] } } }, sort: EXPECTED_START_TIME_ASC) { id state_type } } } }`,
  },
  {
    name: 'fragments, inline fragments and directives',
    query: `query Q($withTasks: Boolean!, $skipName: Boolean!) { read_flows(limit: 3, ${FLOWS}) { ...F } }
      fragment F on Flow { id name @skip(if: $skipName) flow_runs(limit: 2) { ...R ... on FlowRun { state_name } ... { run_count } } }
      fragment R on FlowRun { id name task_runs(limit: 2) @include(if: $withTasks) { id } flow { ...G } }
      fragment G on Flow { name tags }`,
    variables: { withTasks: true, skipName: true },
    // graphql-jit (the resolvers' executor here) puts the inline fragments' fields first; the
    // SQL path keeps the spec's order (CollectFields: in document order), as graphql-js does.
    specOrder: true,
  },
  {
    name: 'several root fields, with root filters and sorts',
    query: `{ read_flow_runs(limit: 15, sort: EXPECTED_START_TIME_DESC, flow_runs: { state: { type: { any_: [COMPLETED, FAILED] } } }, ${FLOWS}) { id name flow { name } state { type timestamp } }
      read_task_runs(limit: 9, sort: NAME_ASC, ${FLOWS}) { id name flow_run { id state { name } } }
      read_flows(limit: 2, ${FLOWS}) { name flow_runs_count } }`,
    roots: 3,
  },
  {
    // Only fields a run repeats from its state (type, name, timestamp beside state_id): read from the run, no join.
    name: 'states read from their runs',
    query: `{ read_flows(limit: 3, ${FLOWS}) { flow_runs(limit: 4, sort: NAME_ASC) { name state { __typename id type name timestamp }
      task_runs(limit: 2, sort: NAME_ASC) { name state { type n: name } } } } }`,
  },
  {
    name: 'variables in relation arguments',
    query: `query Q($runs: FlowRunFilter, $limit: Int) { read_flows(limit: 5, ${FLOWS}) { name flow_runs(filter: $runs, limit: $limit, sort: NAME_ASC) { name } } }`,
    variables: { runs: { name: { like_: '_0' } }, limit: 4 },
  },
  {
    name: 'empty lists: limit 0, offsets past the end, nothing matching',
    query: `{ read_flows(limit: 3, ${FLOWS}) { none: flow_runs(limit: 0) { id } past: flow_runs(offset: 1000) { id } nothing: flow_runs(filter: { name: { any_: [] } }) { id } } }`,
  },
];

/** Documents the SQL path leaves to the resolvers, and what they still answer. */
const FALLBACKS: { name: string; query: string; afterStatement?: true }[] = [
  { name: 'an unmarked field', query: `{ read_flows(limit: 2, ${FLOWS}) { flow_runs(limit: 2) { id states_count } } }` },
  // retry_delay is an Int: a stored 2.5 is a GraphQL error, which only the resolvers answer.
  {
    name: 'a computed value that is an error (after the statement)',
    query: `{ read_flows(limit: 1, flows: { name: { any_: ["bad-policy-flow"] } }) { flow_runs(limit: 5) { name empirical_policy { retry_delay } } } }`,
    afterStatement: true,
  },
  { name: 'a limit over the maximum', query: `{ read_flows(limit: 2, ${FLOWS}) { flow_runs(limit: 100000) { id } } }` },
  { name: 'a flat list (the lean reads answer it)', query: `{ read_flow_runs(limit: 5, ${FLOWS}) { id name state { type } } }` },
  { name: 'a root field without SQL', query: `{ read_flows(limit: 1, ${FLOWS}) { id } count_flows }` },
];

/**
 * Values for the computed fields: a run placed in a work queue (and one whose
 * queue name is only stored), labels, job variables, a creator, a policy with
 * Prefect's deprecated fields, state data inline and in a result artifact,
 * state details with a time; a task run with labels and a list retry delay.
 */
async function seedComputedInputs(server: TestServer) {
  const pool = await server.rest('POST', '/work_pools/', { name: 'sqlr-pool', type: 'process' });
  const queue = await server.rest('POST', '/work_pools/sqlr-pool/queues', { name: 'sqlr-queue' });
  expect([pool.status, queue.status]).toEqual([201, 201]);
  const runs = await server.db.flowRun.findMany({ where: { flow: { name: { startsWith: 'sqlr' } }, state_id: { not: null } }, orderBy: { name: 'asc' }, take: 6 });
  const update = (i: number, data: Record<string, unknown>) => server.db.flowRun.update({ where: { id: runs[i].id }, data });
  await update(0, { work_queue_id: queue.body.id, labels: { team: 'data', n: 1 }, job_variables: { image: 'x:1' } });
  await update(1, { created_by: { id: runs[1].id, type: 'AUTOMATION', display_value: 'nightly' }, empirical_policy: { max_retries: 3, retry_delay_seconds: 2 } });
  await update(2, { empirical_policy: { retries: 1, retry_delay: 5, pause_keys: ['a'], resuming: true, retry_type: 'in_process' }, labels: null });
  await update(3, { work_queue_name: 'only-stored' });
  const artifact = await server.db.artifact.create({ data: { type: 'result', data: { from: 'artifact' } } });
  const state = (i: number, data: Record<string, unknown>) => server.db.flowRunState.update({ where: { id: runs[i].state_id! }, data });
  await state(0, { result_artifact_id: artifact.id });
  await state(1, { data: { inline: [1, 2] }, state_details: { scheduled_time: '2024-01-01T02:00:00.5Z', cache_key: 'k', unknown: true } });
  await state(2, { state_details: { pause_reschedule: null, run_input_keyset: { a: 'b' } } });
  const task = await server.db.taskRun.findFirst({ where: { flow_run_id: runs[0].id } });
  await server.db.taskRun.update({ where: { id: task!.id }, data: { labels: { k: true }, empirical_policy: { retries: 2, retry_delay: [1, 2.5], retry_jitter_factor: 0.5 } } });
  // The fallback case: an Int field whose stored value is not one (in a flow of its own).
  const flow = await server.db.flow.create({ data: { name: 'bad-policy-flow' } });
  await server.db.flowRun.create({ data: { flow_id: flow.id, name: 'bad-policy', empirical_policy: { retry_delay: 2.5 } } });
}

describeEachDatabase(
  'Reads in one SQL statement',
  (server, provider) => {
    let resolvers: TestServer;
    beforeAll(async () => {
      await seedGraph(server().db, provider, { flows: 6, runsPerFlow: 12, tasksPerRun: 4, prefix: 'sqlr' });
      // Values each format must print exactly: microseconds (dropped), whole seconds, JSON numbers and escapes, booleans, no state.
      const [run] = await server().db.flowRun.findMany({ where: { flow: { name: { startsWith: 'sqlr' } } }, orderBy: { name: 'asc' }, take: 1 });
      await server().db.flowRun.update({
        where: { id: run.id },
        data: { parameters: { x: 1.5, y: [1, { z: null }], s: 'é"\\', big: 1e21 }, auto_scheduled: true, state_id: null, expected_start_time: new Date('2024-01-01T00:00:07Z') },
      });
      // A state's time and its copy on the run (the server writes both).
      const stamp = provider === 'postgresql' ? `'2024-01-01 01:02:03.456789+00'` : `'2024-01-01T01:02:03.456+00:00'`;
      const first = `(SELECT state_id FROM flow_run WHERE state_id IS NOT NULL ORDER BY name LIMIT 1)`;
      await server().db.$executeRawUnsafe(`UPDATE flow_run SET state_timestamp = ${stamp} WHERE state_id = ${first}`);
      await server().db.$executeRawUnsafe(`UPDATE flow_run_state SET "timestamp" = ${stamp}, message = 'why' WHERE id = ${first}`);
      await seedComputedInputs(server());
      resolvers = await startServer(server().target, { ...SEED_ENV, PREFECT_SERVER_GRAPHQL_SQL_READS_ENABLED: 'false' });
    }, 120_000);
    afterAll(async () => {
      await resolvers?.close();
    });

    for (const doc of DOCUMENTS) {
      it(`${doc.name}: the resolvers' answer, in one statement per root field`, async () => {
        server().resetQueries();
        const fast = await server().gql(doc.query, doc.variables);
        const statements = graphQueries(server);
        const rows = graphRows(server);
        const slow = await resolvers.gql(doc.query, doc.variables);
        expect(fast.errors).toBeUndefined();
        if (doc.specOrder) expect(fast).toEqual(slow);
        else expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        expect(statements).toHaveLength(doc.roots ?? 1);
        // One row (the JSON) per statement, whatever the lists below hold.
        expect(rows).toEqual(new Array(doc.roots ?? 1).fill(1));
        expect(JSON.stringify(fast.data).length).toBeGreaterThan(40);
      });
    }

    it("reads a state's repeated fields from its run, joins for any other, and gives null without a state", async () => {
      const read = async (stateFields: string) => {
        server().resetQueries();
        const query = `{ read_flows(limit: 3, ${FLOWS}) { flow_runs(limit: 4, sort: NAME_ASC) { state { ${stateFields} } task_runs(limit: 2) { state { ${stateFields} } } } } }`;
        const fast = await server().gql(query);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(query)));
        const runs = (fast.data as any).read_flows.flatMap((f: any) => f.flow_runs);
        return { statement: graphQueries(server).join('\n'), states: runs.map((r: any) => r.state) };
      };
      const mirrored = await read('id type name timestamp');
      expect(mirrored.statement).not.toMatch(/flow_run_state|task_run_state/);
      expect(mirrored.states).toContain(null);
      expect(mirrored.states.filter(Boolean).length).toBeGreaterThan(3);
      expect((await read('type message')).statement).toMatch(/flow_run_state[\s\S]*task_run_state/);
    });

    it('prints the edge values as the resolvers do', async () => {
      const query = `{ read_flow_runs(limit: 200, sort: NAME_ASC, ${FLOWS}) { name parameters auto_scheduled expected_start_time state { timestamp message } task_runs_count } }`;
      server().resetQueries();
      const fast = await server().gql(query);
      expect(graphQueries(server)).toHaveLength(1);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(query)));
      const runs = (fast.data as any).read_flow_runs as any[];
      expect(runs.some((r) => r.state === null && r.auto_scheduled === true && r.expected_start_time === '2024-01-01T00:00:07Z')).toBe(true);
      expect(runs.some((r) => r.state?.timestamp === '2024-01-01T01:02:03.456000Z' && r.state.message === 'why')).toBe(true);
    });

    // The REST selections: every computed field (policies, labels, placement, run
    // times, state data and details), with the clock fixed for both paths:
    // estimated run times and lateness of unfinished runs depend on it.
    // (Under a list: a flat list is the lean reads' to answer.)
    const UNDER_A_LIST: Record<string, string> = {
      FlowRun: `read_flows(limit: 10, ${FLOWS}) { flow_runs(limit: 50, sort: NAME_ASC) ${restOf('FlowRun')} }`,
      TaskRun: `read_flow_runs(limit: 100, sort: NAME_ASC, ${FLOWS}) { task_runs(limit: 10, sort: NAME_ASC) ${restOf('TaskRun')} }`,
      Flow: `read_flows(limit: 10, ${FLOWS}) { flow_runs_count ...F } } fragment F on Flow ${restOf('Flow')}`,
    };
    for (const typeName of ['FlowRun', 'TaskRun', 'Flow']) {
      it(`computed fields of ${typeName} (its REST selection): the resolvers' answer, in one statement`, async () => {
        const query = `{ ${UNDER_A_LIST[typeName]}${typeName === 'Flow' ? '' : ' }'}`;
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2024-01-01T09:00:00.250Z') });
        try {
          server().resetQueries();
          const fast = await server().gql(query);
          expect(graphQueries(server)).toEqual([expect.stringMatching(/json_agg|json_group_array/)]);
          expect(fast.errors).toBeUndefined();
          expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(query)));
        } finally {
          vi.useRealTimers();
        }
      });
    }

    it('prints computed values from their inputs', async () => {
      server().resetQueries();
      const fast = await server().gql(`{ read_flows(limit: 10, ${FLOWS}) { flow_runs(limit: 50) { name work_queue_name work_pool_name labels job_variables
        created_by { type display_value } empirical_policy { retries retry_delay pause_keys } state { data state_details { scheduled_time cache_key } } } } }`);
      expect(graphQueries(server)).toEqual([expect.stringMatching(/json_agg|json_group_array/)]);
      const runs = (fast.data as any).read_flows.flatMap((f: any) => f.flow_runs) as any[];
      const placed = runs.find((r) => r.work_pool_name === 'sqlr-pool');
      expect(placed.work_queue_name).toBe('sqlr-queue');
      expect(runs.some((r) => r.labels.team === 'data' && r.job_variables.image === 'x:1')).toBe(true);
      expect(runs.some((r) => r.created_by?.display_value === 'nightly' && r.empirical_policy.retries === 3 && r.empirical_policy.retry_delay === 2)).toBe(true);
      expect(runs.some((r) => r.state?.data?.from === 'artifact')).toBe(true);
      expect(runs.some((r) => r.state?.state_details.scheduled_time === '2024-01-01T02:00:00.500000Z' && r.state.state_details.cache_key === 'k')).toBe(true);
      expect(runs.every((r) => Array.isArray(r.empirical_policy.pause_keys))).toBe(true);
    });

    // The plan and statements are kept per document: the same text again, with other variables, answers for those.
    it('answers a document sent again for its new variables', async () => {
      const query = `query Q($runs: FlowRunFilter, $limit: Int) { read_flows(limit: 3, ${FLOWS}) { name flow_runs(filter: $runs, limit: $limit, sort: NAME_ASC) { name } } }`;
      for (const variables of [{ limit: 2 }, { runs: { name: { like_: '_1' } }, limit: 5 }, { limit: 2 }, {}]) {
        server().resetQueries();
        const fast = await server().gql(query, variables);
        expect(graphQueries(server)).toEqual([expect.stringMatching(/json_agg|json_group_array/)]);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(query, variables)));
      }
    });

    it('plans a document whose directives decide what it selects for each request', async () => {
      const query = `query Q($states: Boolean!) { read_flows(limit: 2, ${FLOWS}) { id flow_runs(limit: 2) { id states_count @include(if: $states) } } }`;
      for (const [states, inSql] of [
        [true, false],
        [false, true],
        [true, false],
      ] as const) {
        server().resetQueries();
        const fast = await server().gql(query, { states });
        expect(graphQueries(server).some((q) => /json_agg|json_group_array/.test(q))).toBe(inSql);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(query, { states })));
      }
    });

    for (const doc of FALLBACKS) {
      it(`${doc.name}: answered by the resolvers`, async () => {
        server().resetQueries();
        const fast = await server().gql(doc.query);
        const statements = graphQueries(server);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await resolvers.gql(doc.query)));
        expect(statements.some((q) => /json_agg|json_group_array/.test(q))).toBe(doc.afterStatement === true);
        // Each error is one of ours (a code and a status), not a crash while masking it.
        for (const error of fast.errors ?? []) expect(error.extensions).toMatchObject({ code: expect.any(String), status: expect.any(Number) });
      });
    }
  },
  SEED_ENV,
);
