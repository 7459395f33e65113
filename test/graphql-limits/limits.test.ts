// What one GraphQL document may ask for (src/graphql/limits.ts), with the
// default settings: the abusive documents of issue 13 are refused before any
// SQL runs, while GraphiQL's introspection and the README's queries pass.
import { getIntrospectionQuery } from 'graphql';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { graphqlPost, raw } from '../auth/http.ts';

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: read_flows { id name }`).join(' ')} }`;
const nested = (levels: number, limit?: number) => {
  const limited = limit === undefined ? '' : `(limit: ${limit})`;
  let inner = 'id';
  // From the inside out, so that the level under read_flow_runs is `flow`.
  for (let i = levels - 1; i >= 0; i--) inner = i % 2 === 0 ? `flow { ${inner} }` : `flow_runs${limited} { ${inner} }`;
  return `{ read_flow_runs${limited} { ${inner} } }`;
};
const ofTypeChain = (levels: number) => `{ __schema { types { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;

const README_QUERY = `{
  read_flows(flows: { tags: { all_: ["database"] } }, flow_runs: { state: { type: { any_: [FAILED] } } }, limit: 20) {
    name
    flow_runs_count(filter: { state: { type: { any_: [FAILED] } } })
    flow_runs(filter: { state: { type: { any_: [FAILED] } } }, sort: START_TIME_DESC, limit: 5) {
      name start_time state { type message }
      task_runs(filter: { state: { type: { any_: [FAILED] } } }, limit: 10) { name state { message } }
    }
  }
}`;

describeEachDatabase('GraphQL limits (defaults)', (server) => {
  /** Sends the document; expects one limit error, no stack, and not one SQL statement. */
  async function refused(query: string, message: RegExp) {
    server().resetQueries();
    const res = await graphqlPost(server().url, query);
    expect(res.json.data).toBeUndefined();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].message).toMatch(message);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
    expect(res.text).not.toMatch(/stack|at .*\.(ts|js):\d+/);
    expect(server().queries).toEqual([]);
    return res;
  }

  it('refuses 10,000 aliases of read_flows at the token limit, and 16 at the alias limit', async () => {
    await server().rest('POST', '/flows/', { name: 'one' });
    await refused(aliases(10_000), /^Token limit of 2000 exceeded\.$/);
    await refused(aliases(16), /^Aliases limit of 15 exceeded, found 16\.$/);
    expect((await graphqlPost(server().url, aliases(15))).json.data.a14).toEqual([expect.objectContaining({ name: 'one' })]);
  });

  it('refuses 12 levels of read_flow_runs { flow { flow_runs { ... } } } at the depth limit', async () => {
    await refused(nested(12), /^Query depth limit of 10 exceeded, found 14\.$/);
    const ok = await graphqlPost(server().url, nested(8, 5));
    expect(ok.json.errors).toBeUndefined();
    // Within the depth limit, but 200 rows per level: refused by the field-value bound.
    await refused(nested(8), /^The query may return \d+ field values, more than the 100000 allowed/);
  });

  it('refuses deep introspection: long ofType chains and fields/type cycles', async () => {
    await refused(ofTypeChain(40), /^Query depth limit of 25 exceeded/);
    await refused(`{ __type(name: "FlowRun") { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } }`, /^Query depth limit of 10 exceeded/);
    // graphql-js's own rule (a specified rule): fields → type → fields → ... three lists deep.
    server().resetQueries();
    const cycle = await graphqlPost(server().url, '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
    expect(cycle.json.errors[0].message).toBe('Maximum introspection depth exceeded');
    expect(cycle.json.data).toBeUndefined();
  });

  it("answers GraphiQL's full introspection query and the README's relation query", async () => {
    const introspection = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const res = await graphqlPost(server().url, introspection);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.__schema.types.length).toBeGreaterThan(50);
    const readme = await graphqlPost(server().url, README_QUERY);
    expect(readme.json.errors).toBeUndefined();
  });

  it('answers 400 to clients that accept application/graphql-response+json (200 for application/json, as yoga does)', async () => {
    const res = await graphqlPost(server().url, nested(12), { accept: 'application/graphql-response+json' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await graphqlPost(server().url, nested(12))).status).toBe(200);
  });

  it('keeps answering /api/health under a burst of abusive documents', async () => {
    const burst = Array.from({ length: 20 }, (_, i) => graphqlPost(server().url, i % 2 ? aliases(10_000) : ofTypeChain(200)));
    const health = await raw(server().url, { path: '/api/health' });
    expect(health).toMatchObject({ status: 200, json: true });
    for (const res of await Promise.all(burst)) expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
