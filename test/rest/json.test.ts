import { GraphQLFloat, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString, type GraphQLObjectTypeConfig } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SecondsScalar } from '../../src/graphql/scalars.ts';
import { toPrefectJson } from '../../src/rest/json.ts';

const Run: GraphQLObjectType = new GraphQLObjectType({
  name: 'Run',
  fields: () => ({
    name: { type: GraphQLString },
    ratio: { type: GraphQLFloat },
    total_run_time: { type: new GraphQLNonNull(SecondsScalar) },
    parent: { type: Run },
    children: { type: new GraphQLList(new GraphQLNonNull(Run)) },
  }),
} as GraphQLObjectTypeConfig<unknown, unknown>);

describe('toPrefectJson', () => {
  it('prints Seconds with a fraction part, everywhere the type has them, and nothing else changes', () => {
    const value = {
      name: 'ünï "quoted" \u0001 not a mark',
      ratio: 2,
      total_run_time: 3600,
      parent: { name: 'p', total_run_time: 1.5, parent: null },
      children: [{ total_run_time: 0 }, { total_run_time: 12, children: [] }],
    };
    expect(toPrefectJson(structuredClone(value), Run)).toBe(
      '{"name":"ünï \\"quoted\\" \\u0001 not a mark","ratio":2,"total_run_time":3600.0,' +
        '"parent":{"name":"p","total_run_time":1.5,"parent":null},' +
        '"children":[{"total_run_time":0.0},{"total_run_time":12.0,"children":[]}]}',
    );
  });

  it('prints null and types without Seconds as JSON.stringify does', () => {
    expect(toPrefectJson(null, Run)).toBe('null');
    expect(toPrefectJson(['a', 1], new GraphQLList(GraphQLString))).toBe('["a",1]');
  });
});
