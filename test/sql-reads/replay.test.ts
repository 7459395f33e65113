// A request the GraphQL pipeline answered from SQL alone is replayed when it
// comes again (src/graphql/sql-reads/replay.ts): the same status, headers and
// bytes as yoga's answer, from the data as it is now, in the same one
// statement; anything that does not come out plain data goes back to yoga, and
// the checks before the door (auth) still apply.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { SEED_ENV, seedGraph } from '../relations/seed.ts';
import { graphQueries } from '../relations/statements.ts';

const AUTH = { authorization: `Basic ${Buffer.from('admin:pass').toString('base64')}` };
const FLOWS = `flows: { name: { like_: "rply" } }`;
const NESTED = `{ read_flows(limit: 4, sort: NAME_ASC, ${FLOWS}) { id name flow_runs(limit: 3, sort: EXPECTED_START_TIME_DESC) { id name state { type name timestamp }
  task_runs(limit: 2) { id name state { type name } } } } }`;
// Computed fields (parsed and finished in JavaScript) and variables.
const COMPUTED = `query Q($limit: Int) { read_flows(limit: 2, sort: NAME_ASC, ${FLOWS}) { name flow_runs(limit: $limit, sort: NAME_ASC) { name empirical_policy { retries retry_delay } labels } } }`;

describeEachDatabase(
  'GraphQL requests replayed from their SQL statements',
  (server, provider) => {
    beforeAll(async () => {
      await seedGraph(server().db, provider, { flows: 5, runsPerFlow: 6, tasksPerRun: 3, prefix: 'rply' });
    }, 120_000);

    async function post(body: string, headers: Record<string, string> = {}) {
      const res = await fetch(`${server().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH, ...headers }, body });
      const bytes = Buffer.from(await res.arrayBuffer());
      const kept = [...res.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id');
      return { status: res.status, headers: Object.fromEntries(kept), text: bytes.toString() };
    }
    const replays = async () => Number(/^prefect_graphql_sql_replays_total (\d+)$/m.exec((await server().rest('GET', '/metrics', undefined, AUTH)).text)![1]);
    let sent = 0;
    /** Sends `payload` three times: yoga answers the first, the next two are replays (a comment makes its body new to the server). */
    async function thrice(payload: { query: string; variables?: unknown; operationName?: null }, headers: Record<string, string> = {}) {
      const body = JSON.stringify({ ...payload, query: `${payload.query}\n# ${++sent}` });
      const before = await replays();
      server().resetQueries();
      const first = await post(body, headers);
      const firstStatements = graphQueries(server);
      server().resetQueries();
      const again = [await post(body, headers), await post(body, headers)];
      expect(await replays()).toBe(before + 2);
      return { body, first, again, firstStatements, againStatements: graphQueries(server) };
    }

    it("answers with yoga's status, headers and bytes, in the same one statement", async () => {
      const { first, again, firstStatements, againStatements } = await thrice({ query: NESTED });
      expect(first.status).toBe(200);
      expect(first.text).toContain('"read_flows":[{"id"');
      expect(again).toEqual([first, first]);
      expect(firstStatements).toEqual([expect.stringMatching(/json_agg|json_group_array/)]);
      expect(againStatements).toEqual([firstStatements[0], firstStatements[0]]);
    });

    it('keeps the media type and the compression each request asks for', async () => {
      const body = { query: NESTED, operationName: null };
      const spec = await thrice(body, { accept: 'application/graphql-response+json', 'accept-encoding': 'gzip' });
      expect(spec.first.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
      expect(spec.first.headers['content-encoding']).toBe('gzip');
      expect(spec.again).toEqual([spec.first, spec.first]);
      const plain = await thrice(body, { accept: 'application/json', 'accept-encoding': 'identity' });
      expect(plain.first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(plain.first.headers['content-encoding']).toBeUndefined();
      expect(plain.again).toEqual([plain.first, plain.first]);
      expect(plain.first.text).toBe(spec.first.text);
    });

    it('replays computed fields and variables, each variables value on its own', async () => {
      for (const limit of [1, 3]) {
        const { first, again } = await thrice({ query: COMPUTED, variables: { limit } });
        expect(JSON.parse(first.text).data.read_flows[0].flow_runs).toHaveLength(limit);
        expect(again).toEqual([first, first]);
      }
    });

    it('reads the data as it is now, not as it was', async () => {
      const { body, first } = await thrice({ query: `{ read_flows(limit: 1, sort: NAME_ASC, ${FLOWS}) { name flow_runs(limit: 1, sort: NAME_ASC) { name } } }` });
      const flow = await server().db.flow.findFirstOrThrow({ where: { name: { startsWith: 'rply' } }, orderBy: { name: 'asc' } });
      await server().db.flow.update({ where: { id: flow.id }, data: { name: 'rply-0-renamed' } });
      const before = await replays();
      const renamed = await post(body);
      expect(await replays()).toBe(before + 1);
      expect(renamed.text).toBe(first.text.replace(`"name":"${flow.name}"`, '"name":"rply-0-renamed"'));
      expect(renamed.text).not.toBe(first.text);
    });

    it('hands a replay that is not plain data back to yoga (a stored value the resolvers refuse)', async () => {
      const { body, first } = await thrice({
        query: `{ read_flows(limit: 1, sort: NAME_DESC, ${FLOWS}) { flow_runs(limit: 1, sort: NAME_ASC) { id empirical_policy { retry_delay } } } }`,
      });
      expect(first.status).toBe(200);
      const run = { id: JSON.parse(first.text).data.read_flows[0].flow_runs[0].id as string };
      // retry_delay is an Int: a stored 2.5 is a GraphQL error, which only the resolvers answer.
      await server().db.flowRun.update({ where: { id: run.id }, data: { empirical_policy: { retry_delay: 2.5 } } });
      const before = await replays();
      const refused = await post(body);
      expect(await replays()).toBe(before);
      expect(JSON.parse(refused.text).errors[0].path).toEqual(['read_flows', 0, 'flow_runs', 0, 'empirical_policy', 'retry_delay']);
      await server().db.flowRun.update({ where: { id: run.id }, data: { empirical_policy: {} } });
    });

    it('still asks for credentials', async () => {
      const { body } = await thrice({ query: NESTED });
      const res = await fetch(`${server().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(401);
    });

    if (provider === 'postgresql') {
      it('answers a replay stopped by the execution timeout as yoga does, within the same deadline', async () => {
        const { body } = await thrice({ query: `{ read_flows(limit: 2, sort: NAME_ASC, ${FLOWS}) { id flow_runs(limit: 2) { id } } }` });
        const before = await replays();
        await server().db.$transaction(
          async (tx) => {
            // The read waits for the lock until the request's 2 s are up.
            await tx.$executeRawUnsafe('LOCK TABLE flow IN ACCESS EXCLUSIVE MODE');
            const startedAt = Date.now();
            const stopped = await post(body);
            // Yoga answered with the replay's signal: a fresh deadline would have kept it waiting 2 s more.
            expect(Date.now() - startedAt).toBeLessThan(3_500);
            expect(stopped.status).toBe(503);
            expect(JSON.parse(stopped.text)).toEqual({
              data: null,
              errors: [{ message: 'The query did not finish within 2 seconds and was stopped.', extensions: { code: 'TIMEOUT', status: 503 } }],
            });
          },
          { timeout: 30_000 },
        );
        expect(await replays()).toBe(before);
        expect((await post(body)).status).toBe(200);
      });
    }
  },
  { ...SEED_ENV, PREFECT_SERVER_API_AUTH_STRING: 'admin:pass', PREFECT_SERVER_METRICS_ENABLED: 'true', PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT: '2' },
);
