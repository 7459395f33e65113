// GraphQL variables nest no deeper than REST bodies: 100,000 levels of JSON
// parameters are a 400 before yoga parses them, not a stack overflow (500).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MAX_DEPTH = 50;
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const CREATE = 'mutation($run: FlowRunCreate!) { create_flow_run(flow_run: $run) { id parameters } }';

describeEachDatabase(
  'GraphQL request depth',
  (server) => {
    it('refuses variables nested past the limit with a 400, over POST and GET, and writes nothing', async () => {
      const flow = await server().rest('POST', '/flows/', { name: 'deep' });
      // The body text nests 2 levels (request, variables) above the run object.
      const post = (depth: number) =>
        fetch(`${server().url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"query":${JSON.stringify(CREATE)},"variables":{"run":{"flow_id":"${flow.body.id}","parameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}`,
        });
      const refused = await post(100_000);
      expect(refused.status).toBe(400);
      expect((await refused.json()).errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });

      const url = new URL(`${server().url}/graphql`);
      url.searchParams.set('query', '{ read_flows { id } }');
      url.searchParams.set('variables', JSON.stringify(nested(MAX_DEPTH + 1)));
      expect((await fetch(url)).status).toBe(400);
      expect((await server().rest('POST', '/flow_runs/count', {})).body).toBe(0);

      const accepted = await post(MAX_DEPTH - 4);
      expect(accepted.status).toBe(200);
      expect((await accepted.json()).data.create_flow_run.parameters).toEqual(nested(MAX_DEPTH - 4));
    });
  },
  { PREFECT_SERVER_API_MAX_JSON_DEPTH: String(MAX_DEPTH) },
);
