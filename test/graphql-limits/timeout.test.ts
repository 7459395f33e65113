// The execution timeout: a heavy but legal query under a tiny timeout gets a
// prompt 503 TIMEOUT, fewer statements run than the full answer needs, and the
// server keeps answering.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { startServer } from '../support/server.ts';
import { graphqlPost, raw } from '../auth/http.ts';

const FLOWS = 10;
const RUNS_PER_FLOW = 10;
const SELECTION = 'read_flows { id name flow_runs { id name flow { id name flow_runs { id name state { type } } } } }';
const HEAVY = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${SELECTION}`).join(' ')} }`;

// HEAVY asks for more field values than the default bound allows (result-size.ts).
const UNBOUNDED = { PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES: '1000000000000' };

describeEachDatabase(
  'GraphQL execution timeout',
  (server) => {
    it('stops a slow query with 503 TIMEOUT and keeps serving', async () => {
      // Seeded over REST: the GraphQL timeout does not apply there.
      for (let i = 0; i < FLOWS; i++) {
        const flow = await server().rest('POST', '/flows/', { name: `heavy-${i}` });
        await Promise.all(Array.from({ length: RUNS_PER_FLOW }, (_, j) => server().rest('POST', '/flow_runs/', { flow_id: flow.body.id, name: `run-${i}-${j}` })));
      }

      server().resetQueries();
      const res = await graphqlPost(server().url, HEAVY);
      expect(res.status).toBe(503);
      expect(res.json).toEqual({
        data: null,
        errors: [{ message: 'The query did not finish within 0.001 seconds and was stopped.', extensions: { code: 'TIMEOUT', status: 503 } }],
      });
      const statementsBeforeTimeout = server().queries.length;

      expect(await raw(server().url, { path: '/api/health' })).toMatchObject({ status: 200, json: true });
      expect((await server().rest('POST', '/flows/count', {})).body).toBe(FLOWS);

      // The same query on a server with the default timeout (same database) needs more statements.
      const patient = await startServer(server().target, UNBOUNDED);
      try {
        patient.resetQueries();
        const full = await graphqlPost(patient.url, HEAVY);
        expect(full.json.errors).toBeUndefined();
        expect(full.json.data.a14).toHaveLength(FLOWS);
        expect(statementsBeforeTimeout).toBeLessThan(patient.queries.length);
      } finally {
        await patient.close();
      }
    }, 120_000);
  },
  // No event persister: its batches of the seed's events would land among the counted statements.
  { PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT: '0.001', PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED: 'false', ...UNBOUNDED },
);
