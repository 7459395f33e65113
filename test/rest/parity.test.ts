// Walks the REST route table: every route must have a sample here, and for each
// the REST answer equals what its GraphQL root field answers (writes run on two
// equal fixtures, one per door, and their answers are compared minus ids/times).
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/rest/routes.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const FLOW = '{ id created updated name tags labels }';

interface Sample {
  /** REST path and body; `$id`/`$name` are replaced by a fixture's. */
  path: string;
  body?: unknown;
  /** GraphQL document; $id / $name variables are filled the same way. */
  query: string;
  variables?: Record<string, unknown>;
  /** Writes: each door gets its own fixture; results compared minus volatile keys. */
  write?: boolean;
}

const samples: Record<string, Sample> = {
  health_check: { path: '/health', query: '{ health_check }' },
  server_version: { path: '/version', query: '{ server_version }' },
  hello: { path: '/hello', query: '{ hello }' },
  perform_readiness_check: { path: '/ready', query: '{ perform_readiness_check }' },
  read_settings: { path: '/admin/settings', query: '{ read_settings }' },
  read_version: { path: '/admin/version', query: '{ read_version }' },
  clear_database: { path: '/admin/database/clear', body: { confirm: false }, query: 'mutation { clear_database(confirm: false) }' },
  drop_database: { path: '/admin/database/drop', body: {}, query: 'mutation { drop_database }' },
  create_database: { path: '/admin/database/create', body: { confirm: true }, query: 'mutation { create_database(confirm: true) }' },
  create_flow: { path: '/flows/', body: { name: 'parity-new', tags: ['x'] }, query: `mutation { create_flow(flow: { name: "parity-new", tags: ["x"] }) ${FLOW} }` },
  update_flow: { path: '/flows/$id', body: { tags: ['t'] }, query: `mutation($id: UUID!) { update_flow(id: $id, flow: { tags: ["t"] }) ${FLOW} }`, write: true },
  count_flows: { path: '/flows/count', body: { flows: { tags: { all_: ['parity'] } } }, query: '{ count_flows(flows: { tags: { all_: ["parity"] } }) }' },
  read_flow_by_name: { path: '/flows/name/$name', query: `query($name: String!) { read_flow_by_name(name: $name) ${FLOW} }` },
  read_flow: { path: '/flows/$id', query: `query($id: UUID!) { read_flow(id: $id) ${FLOW} }` },
  read_flows: { path: '/flows/filter', body: { flows: { name: { like_: 'parity' } }, sort: 'NAME_DESC', limit: 5 }, query: `{ read_flows(flows: { name: { like_: "parity" } }, sort: NAME_DESC, limit: 5) ${FLOW} }` },
  delete_flow: { path: '/flows/$id', query: 'mutation($id: UUID!) { delete_flow(id: $id) }', write: true },
  paginate_flows: { path: '/flows/paginate', body: { limit: 1, page: 2 }, query: `{ paginate_flows(limit: 1, page: 2) { results ${FLOW} count limit pages page } }` },
};

describe('the parity samples', () => {
  it('cover every route in the table', () => {
    expect(routes.map((r) => r.field).sort()).toEqual(Object.keys(samples).sort());
  });
});

async function fixture(server: TestServer, label: string) {
  const res = await server.rest('POST', '/flows/', { name: `parity-${label}`, tags: ['parity'], labels: { k: 1 } });
  return res.body as { id: string; name: string };
}

const fill = (path: string, flow: { id: string; name: string }) => path.replace('$id', flow.id).replace('$name', encodeURIComponent(flow.name));
const stable = (value: unknown) => JSON.parse(JSON.stringify(value ?? null), (k, v) => (['id', 'created', 'updated', 'name'].includes(k) ? '…' : v));

describeEachDatabase('REST answers what GraphQL answers', (server) => {
  for (const route of routes) {
    const sample = samples[route.field];
    it(`${route.method} ${route.path} = ${route.field}`, async () => {
      const restFlow = await fixture(server(), `${route.field}-rest`);
      const gqlFlow = sample.write ? await fixture(server(), `${route.field}-gql`) : restFlow;
      const rest = await server().rest(route.method, fill(sample.path, restFlow), sample.body);
      const gql = await server().gql(sample.query, { ...(sample.query.includes('$id') ? { id: gqlFlow.id } : {}), ...(sample.query.includes('$name') ? { name: gqlFlow.name } : {}) });
      if (rest.status >= 400) {
        // Both doors refuse, with the same status.
        expect(gql.errors?.[0]?.extensions?.status).toBe(rest.status);
        return;
      }
      expect(gql.errors).toBeUndefined();
      const answer = (gql.data as Record<string, unknown>)[route.field];
      if (route.status === 204) {
        expect(rest.text).toBe('');
        expect(answer).toBeTruthy();
      } else if (sample.write) {
        expect(stable(rest.body)).toEqual(stable(answer));
      } else {
        expect(rest.body).toEqual(answer);
      }
    });
  }
});
