// The field-value bound: lists count at their limit, down the nesting, so a
// legal-looking query that would build a huge answer is refused before any SQL.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { estimateFieldValues } from '../../src/graphql/result-size.ts';
import { describeEachDatabase } from '../support/each-database.ts';

const estimate = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => estimateFieldValues(schema, parse(query), variables, operationName, 200);

describe('estimateFieldValues', () => {
  it('counts each field once per object, lists at their limit', () => {
    expect(estimate('{ read_flows(limit: 20) { flow_runs(limit: 10) { id name } } }')).toBe(1 + 20 + 200 * 2);
    expect(estimate('query($l: Int) { read_flows(limit: $l) { id } }', { l: 5 })).toBe(1 + 5);
    // No limit: the default limit (200); to-one relations multiply by one.
    expect(estimate('{ read_flow_runs { id state { type name } } }')).toBe(1 + 200 * 2 + 200 * 2);
    expect(estimate('{ hello }')).toBe(1);
  });

  it('follows fragments and picks the named operation', () => {
    const doc = `
      fragment F on Flow { id flow_runs(limit: 3) { id } }
      query A { read_flows(limit: 2) { ...F ... on Flow { name } } }
      query B { read_flows(limit: 1) { id } }`;
    expect(estimate(doc, {}, 'A')).toBe(1 + 2 * 3 + 2 * 3);
    expect(estimate(doc, {}, 'B')).toBe(2);
    expect(estimate(doc)).toBeUndefined();
  });
});

describeEachDatabase(
  'GraphQL field-value bound',
  (server) => {
    it('refuses a query past the bound with BAD_USER_INPUT and runs no SQL; a smaller one runs', async () => {
      server().resetQueries();
      const big = await server().gql('{ read_flows(limit: 10) { id name flow_runs(limit: 10) { id name } } }');
      expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(big.errors?.[0].message).toMatch(/may return 231 field values, more than the 100 allowed \(PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES\)/);
      expect(server().queries).toHaveLength(0);
      const small = await server().gql('{ read_flows(limit: 10) { id name flow_runs(limit: 2) { id } } }');
      expect(small.errors).toBeUndefined();
    });

    it('does not bound the REST door, whose pages are bounded by the limit', async () => {
      expect((await server().rest('POST', '/flows/filter', { limit: 200 })).status).toBe(200);
    });
  },
  { PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES: '100' },
);
