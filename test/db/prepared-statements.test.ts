// Reads in one SQL statement are prepared once per PostgreSQL connection
// (src/db/prepared-statements.ts): the same answers, the statement named on
// the connection, and the bounds that keep PostgreSQL's memory in check.
import { expect, it } from 'vitest';
import { prepareOnConnections, statementName } from '../../src/db/prepared-statements.ts';
import { describeEachDatabase } from '../support/each-database.ts';

it('names only the texts asked for, and at most 200 per connection', () => {
  const connection = {};
  expect(statementName(connection, 'SELECT 1 AS never_asked')).toBeUndefined();
  const texts = Array.from({ length: 201 }, (_, i) => `SELECT ${i} AS prepared_bound`);
  for (const text of texts) prepareOnConnections(text);
  const names = texts.map((text) => statementName(connection, text));
  expect(new Set(names.slice(0, 200)).size).toBe(200);
  expect(names[200]).toBeUndefined();
  // One already prepared keeps its name; another connection has room of its own.
  expect(statementName(connection, texts[0])).toBe(names[0]);
  expect(statementName({}, texts[200])).toMatch(/^sr_[0-9a-f]{20}$/);
});

// One connection (pool size 1, no overflow), so the server's own statements see what it prepared.
describeEachDatabase(
  'Prepared SQL reads',
  (server, provider) => {
    it('answers the same from the prepared statement', async () => {
      const flow = await server().rest('POST', '/flows/', { name: `prepared-${provider}` });
      for (let i = 0; i < 3; i++) await server().rest('POST', '/flow_runs/', { flow_id: flow.body.id, name: `run-${i}` });
      const query = `{ read_flows(flows: { name: { any_: ["prepared-${provider}"] } }) { name flow_runs(sort: NAME_ASC) { name } } }`;
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(JSON.stringify(await server().gql(query)));
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0]).data.read_flows[0].flow_runs.map((r: { name: string }) => r.name)).toEqual(['run-0', 'run-1', 'run-2']);
      if (provider === 'postgresql') {
        const prepared = await server().db.$queryRawUnsafe<{ statement: string }[]>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'sr\\_%'`);
        expect(prepared.some((p) => p.statement.includes('json_agg'))).toBe(true);
      }
    });
  },
  { PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE: '1', PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '0' },
);
