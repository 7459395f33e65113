// CSRF protection as Prefect has it (conventions §1.10): GET /csrf-token
// upserts a client's token; with the protection on, every POST, PUT, PATCH and
// DELETE on the whole host (REST and /graphql) must carry it.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { loadSettings, SettingsError } from '../../src/settings.ts';
import { graphqlPost, raw } from './http.ts';

const MISSING_CLIENT = {
  exception_message: 'Invalid request received.',
  exception_detail: [{ type: 'missing', loc: ['query', 'client'], msg: 'Field required', input: null }],
  request_body: null,
};

describeEachDatabase(
  'CSRF protection on',
  (server) => {
    const token = async (client: string) => (await server().rest('GET', `/csrf-token?client=${encodeURIComponent(client)}`)).body;

    it('GET /csrf-token: 422 without client; a fresh 64-hex token per call, upserted on client', async () => {
      expect(await server().rest('GET', '/csrf-token')).toMatchObject({ status: 422, body: MISSING_CLIENT });
      const before = Date.now();
      const first = await server().rest('GET', '/csrf-token?client=ui-1');
      expect(first.status).toBe(200);
      expect(Object.keys(first.body)).toEqual(['id', 'created', 'updated', 'token', 'client', 'expiration']);
      expect(first.body).toMatchObject({ client: 'ui-1', token: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const lifetime = Date.parse(first.body.expiration) - before;
      expect(lifetime).toBeGreaterThan(3600_000 - 5_000);
      expect(lifetime).toBeLessThanOrEqual(3600_000 + 5_000);
      const second = await token('ui-1');
      expect(second).toMatchObject({ id: first.body.id, created: first.body.created, updated: first.body.updated, client: 'ui-1' });
      expect(second.token).not.toBe(first.body.token);
      expect(await server().db.csrfToken.count({ where: { client: 'ui-1' } })).toBe(1);
    });

    it('upserts in one statement the database decides: 20 parallel calls for one client leave one row', async () => {
      server().resetQueries();
      await token('solo');
      expect(server().queries.filter((q) => /csrf_token/.test(q) && /^\s*INSERT/i.test(q) && /ON CONFLICT/i.test(q))).toHaveLength(1);
      const answers = await Promise.all(Array.from({ length: 20 }, () => server().rest('GET', '/csrf-token?client=racer')));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await server().db.csrfToken.count({ where: { client: 'racer' } })).toBe(1);
    });

    it('deletes expired tokens of every client on each call', async () => {
      await server().db.csrfToken.create({ data: { client: 'stale', token: 'a'.repeat(64), expiration: new Date(Date.now() - 1000) } });
      await token('fresh');
      expect(await server().db.csrfToken.count({ where: { client: 'stale' } })).toBe(0);
    });

    it('checks POST, PUT, PATCH, DELETE on REST in order: token, client, match (403s); passes GET', async () => {
      const { token: good } = await token('cli');
      const post = (headers: Record<string, string>) => server().rest('POST', '/flows/', { name: 'csrf-flow' }, headers);
      expect(await post({})).toMatchObject({ status: 403, body: { detail: 'Missing CSRF token.' } });
      expect(await post({ 'prefect-csrf-client': 'cli' })).toMatchObject({ status: 403, body: { detail: 'Missing CSRF token.' } });
      expect(await post({ 'prefect-csrf-token': good })).toMatchObject({ status: 403, body: { detail: 'Missing client identifier.' } });
      const wrong = await post({ 'prefect-csrf-token': good.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')), 'prefect-csrf-client': 'cli' });
      expect(wrong).toMatchObject({ status: 403, body: { detail: 'Invalid CSRF token or client identifier.' } });
      expect(wrong.headers.get('access-control-allow-origin')).toBe('*');
      expect(await post({ 'prefect-csrf-token': good, 'prefect-csrf-client': 'other' })).toMatchObject({
        status: 403,
        body: { detail: 'Invalid CSRF token or client identifier.' },
      });
      expect(await post({ 'prefect-csrf-token': '', 'prefect-csrf-client': 'cli' })).toMatchObject({ status: 403, body: { detail: 'Invalid CSRF token or client identifier.' } });
      expect(await server().db.flow.count({ where: { name: 'csrf-flow' } })).toBe(0);
      const created = await post({ 'Prefect-Csrf-Token': good, 'Prefect-Csrf-Client': 'cli' });
      expect(created.status).toBe(201);
      // GET (and the token route itself) are never checked.
      expect((await server().rest('GET', `/flows/${created.body.id}`)).status).toBe(200);
      for (const method of ['PATCH', 'DELETE']) {
        expect((await server().rest(method, `/flows/${created.body.id}`, method === 'PATCH' ? {} : undefined)).status, method).toBe(403);
      }
      expect((await server().rest('DELETE', `/flows/${created.body.id}`, undefined, { 'prefect-csrf-token': good, 'prefect-csrf-client': 'cli' })).status).toBe(204);
    });

    it('refuses an expired token', async () => {
      await server().db.csrfToken.create({ data: { client: 'late', token: 'b'.repeat(64), expiration: new Date(Date.now() - 1000) } });
      const res = await server().rest('POST', '/flows/', { name: 'late' }, { 'prefect-csrf-token': 'b'.repeat(64), 'prefect-csrf-client': 'late' });
      expect(res).toMatchObject({ status: 403, body: { detail: 'Invalid CSRF token or client identifier.' } });
    });

    it('covers /graphql: a mutation without the token is refused and writes nothing; with it, it runs', async () => {
      const mutation = 'mutation { create_flow(flow: {name: "csrf-graphql"}) { name } }';
      const refused = await graphqlPost(server().url, mutation);
      expect(refused).toMatchObject({ status: 403, json: { detail: 'Missing CSRF token.' } });
      expect(await server().db.flow.count({ where: { name: 'csrf-graphql' } })).toBe(0);
      const { token: good } = await token('graphiql');
      const ok = await graphqlPost(server().url, mutation, { 'prefect-csrf-token': good, 'prefect-csrf-client': 'graphiql' });
      expect(ok.json).toEqual({ data: { create_flow: { name: 'csrf-graphql' } } });
      // GET queries are not writes.
      expect((await raw(server().url, { path: `/graphql?query=${encodeURIComponent('{ hello }')}` })).status).toBe(200);
    });
  },
  { PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true' },
);

describeEachDatabase('CSRF protection off (the default)', (server) => {
  it("GET /csrf-token answers Prefect's 422, still checking client first; writes need no token", async () => {
    expect(await server().rest('GET', '/csrf-token')).toMatchObject({ status: 422, body: MISSING_CLIENT });
    expect(await server().rest('GET', '/csrf-token?client=x')).toMatchObject({ status: 422, body: { detail: 'CSRF protection is disabled.' } });
    expect(await server().db.csrfToken.count()).toBe(0);
    expect((await server().rest('POST', '/flows/', { name: 'no-csrf' })).status).toBe(201);
  });

  it('create_csrf_token over GraphQL: BAD_USER_INPUT with the same message', async () => {
    const res = await server().gql('mutation { create_csrf_token(client: "x") { token } }');
    expect(res.errors?.[0]).toMatchObject({ message: 'CSRF protection is disabled.', extensions: { code: 'BAD_USER_INPUT', status: 422 } });
  });

  it('shows both settings in /admin/settings, the expiration as ISO 8601', async () => {
    const { body } = await server().rest('GET', '/admin/settings');
    expect(body.server.api).toMatchObject({ csrf_protection_enabled: false, csrf_token_expiration: 'PT1H' });
  });
});

describe('CSRF settings', () => {
  it("reads both names and Pydantic's duration forms", () => {
    expect(loadSettings({ PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED: 'true' }).csrf).toEqual({ enabled: true, tokenExpiration: 3600 });
    expect(loadSettings({ PREFECT_SERVER_CSRF_PROTECTION_ENABLED: '1' }).csrf.enabled).toBe(true);
    const cases: [string, number, string][] = [
      ['PT30M', 1800, 'PT30M'],
      ['90', 90, 'PT1M30S'],
      ['P1DT2H', 93600, 'P1DT2H'],
      ['01:00:00', 3600, 'PT1H'],
      ['0.5', 0.5, 'PT0.5S'],
    ];
    for (const [raw, seconds, iso] of cases) {
      const settings = loadSettings({ PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: raw });
      expect(settings.csrf.tokenExpiration, raw).toBe(seconds);
      expect((settings.publicJson as any).server.api.csrf_token_expiration, raw).toBe(iso);
    }
    expect(loadSettings({ PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION: 'PT2H', PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: '1' }).csrf.tokenExpiration).toBe(7200);
    for (const bad of ['soon', 'PT', 'P', '1h']) {
      expect(() => loadSettings({ PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: bad }), bad).toThrow(SettingsError);
    }
  });
});
