// Each GraphQL limit is a setting, and introspection and GraphiQL can be
// switched off: a server with tiny limits refuses what the defaults accept.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { loadSettings, SettingsError } from '../../src/settings.ts';
import { graphqlPost, raw } from '../auth/http.ts';

const TINY = {
  PREFECT_SERVER_GRAPHQL_MAX_DEPTH: '3',
  PREFECT_SERVER_GRAPHQL_MAX_INTROSPECTION_DEPTH: '3',
  PREFECT_SERVER_GRAPHQL_MAX_ALIASES: '1',
  PREFECT_SERVER_GRAPHQL_MAX_COST: '20',
  PREFECT_SERVER_GRAPHQL_MAX_TOKENS: '60',
  PREFECT_SERVER_GRAPHQL_MAX_DIRECTIVES: '2',
  PREFECT_SERVER_GRAPHQL_INTROSPECTION_ENABLED: 'false',
  PREFECT_SERVER_GRAPHQL_GRAPHIQL_ENABLED: 'false',
};

describeEachDatabase(
  'GraphQL limits from settings',
  (server) => {
    async function refusedWith(query: string, message: RegExp | string) {
      server().resetQueries();
      const res = await graphqlPost(server().url, query);
      expect(res.json.data).toBeUndefined();
      expect(res.json.errors[0].message).toMatch(message);
      expect(server().queries).toEqual([]);
    }

    it('applies each limit', async () => {
      await refusedWith('{ read_flows { flow_runs { flow { id } } } }', 'Query depth limit of 3 exceeded, found 4.');
      await refusedWith('{ a: hello b: hello }', 'Aliases limit of 1 exceeded, found 2.');
      await refusedWith(
        '{ read_flows { id name tags created updated labels } read_flow_runs { id name created updated state_type state_name } }',
        'Query Cost limit of 20 exceeded, found 22.',
      );
      await refusedWith(`{ ${'hello '.repeat(70)}}`, 'Token limit of 60 exceeded.');
      await refusedWith('{ read_flows { id @include(if: true) name @include(if: true) tags @skip(if: false) } }', 'Directives limit of 2 exceeded, found 3.');
      const ok = await graphqlPost(server().url, '{ a: hello read_flows { id @include(if: true) flow_runs { id } } }');
      expect(ok.json).toEqual({ data: { a: '👋', read_flows: [] } });
    });

    it('refuses introspection when switched off', async () => {
      for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Flow") { name } }']) {
        const res = await graphqlPost(server().url, query);
        expect(res.json.data).toBeUndefined();
        expect(res.json.errors[0].message, query).toMatch(/introspection has been disabled/);
      }
      // __typename is not introspection of the schema.
      expect((await graphqlPost(server().url, '{ __typename }')).json).toEqual({ data: { __typename: 'Query' } });
    });

    it('serves no GraphiQL page when switched off', async () => {
      const page = await raw(server().url, { path: '/graphql', headers: { accept: 'text/html' } });
      // yoga: nothing it can answer in HTML.
      expect(page.status).toBe(406);
      expect(page.headers['content-type'] ?? '').not.toMatch(/html/);
      expect(page.text).not.toContain('GraphiQL');
    });

    it('shows the limits in /admin/settings', async () => {
      const { body } = await server().rest('GET', '/admin/settings');
      expect(body.server.graphql).toEqual({
        max_depth: 3,
        max_introspection_depth: 3,
        max_aliases: 1,
        max_cost: 20,
        max_field_values: 100000,
        max_tokens: 60,
        max_directives: 2,
        execution_timeout: 30,
        introspection_enabled: false,
        graphiql_enabled: false,
        sql_reads_enabled: true,
      });
    });
  },
  TINY,
);

describe('GraphQL settings', () => {
  it('has sane defaults and refuses limits that would refuse everything', () => {
    expect(loadSettings({}).graphql).toEqual({
      maxDepth: 10,
      maxIntrospectionDepth: 25,
      maxAliases: 15,
      maxCost: 5000,
      maxFieldValues: 100000,
      maxTokens: 2000,
      maxDirectives: 50,
      executionTimeout: 30,
      introspection: true,
      graphiql: true,
      sqlReads: true,
    });
    for (const name of [
      'PREFECT_SERVER_GRAPHQL_MAX_DEPTH',
      'PREFECT_SERVER_GRAPHQL_MAX_COST',
      'PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES',
      'PREFECT_SERVER_GRAPHQL_MAX_TOKENS',
      'PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT',
    ]) {
      expect(() => loadSettings({ [name]: '0' }), name).toThrow(SettingsError);
    }
    expect(() => loadSettings({ PREFECT_SERVER_GRAPHQL_MAX_ALIASES: 'many' })).toThrow(SettingsError);
    expect(loadSettings({ PREFECT_SERVER_GRAPHQL_MAX_ALIASES: '0' }).graphql.maxAliases).toBe(0);
  });
});
