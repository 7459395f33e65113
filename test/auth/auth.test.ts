// PREFECT_SERVER_API_AUTH_STRING protects every door: REST under /api and
// /graphql (queries, mutations, the GraphiQL page) alike; only GET /api/health
// and GET /api/ready answer without credentials.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { isAuthorized } from '../../src/auth.ts';
import { basic, graphqlPost, raw } from './http.ts';

const GOOD = { authorization: basic('admin:pass') };
const UNAUTHORIZED = { exception_message: 'Unauthorized' };

describeEachDatabase(
  'auth string on every door',
  (server) => {
    const flowCount = async () => (await graphqlPost(server().url, '{ count_flows }', GOOD)).json.data.count_flows as number;

    it('refuses a GraphQL clear_database without credentials, and clears nothing', async () => {
      const created = await graphqlPost(server().url, 'mutation { create_flow(flow: {name: "kept"}) { id } }', GOOD);
      expect(created.json.data.create_flow.id).toBeTruthy();
      const before = await flowCount();
      expect(before).toBeGreaterThan(0);
      const attempts: Record<string, string>[] = [{}, { authorization: basic('admin:wrong') }, { authorization: `basic ${Buffer.from('admin:pass').toString('base64')}` }];
      for (const headers of attempts) {
        const res = await graphqlPost(server().url, 'mutation { clear_database(confirm: true) }', headers);
        expect(res.status).toBe(401);
        expect(res.json).toEqual(UNAUTHORIZED);
        expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      }
      expect(await flowCount()).toBe(before);
    });

    it('refuses GraphQL queries over POST and GET, and the GraphiQL page, without credentials', async () => {
      expect(await graphqlPost(server().url, '{ hello }')).toMatchObject({ status: 401, json: UNAUTHORIZED });
      const get = await raw(server().url, { path: `/graphql?query=${encodeURIComponent('{ hello }')}` });
      expect(get).toMatchObject({ status: 401, json: UNAUTHORIZED });
      const page = await raw(server().url, { path: '/graphql', headers: { accept: 'text/html' } });
      expect(page).toMatchObject({ status: 401, json: UNAUTHORIZED });
      // With credentials all three answer.
      expect((await graphqlPost(server().url, '{ hello }', GOOD)).json).toEqual({ data: { hello: '👋' } });
      expect((await raw(server().url, { path: `/graphql?query=${encodeURIComponent('{ hello }')}`, headers: GOOD })).json).toEqual({ data: { hello: '👋' } });
      const html = await raw(server().url, { path: '/graphql', headers: { accept: 'text/html', ...GOOD } });
      expect(html.status).toBe(200);
      expect(html.text).toContain('GraphiQL');
    });

    it('keeps GET /api/health and GET /api/ready public, and only those', async () => {
      expect(await raw(server().url, { path: '/api/health' })).toMatchObject({ status: 200, json: true });
      expect(await raw(server().url, { path: '/api/ready' })).toMatchObject({ status: 200, json: { message: 'OK' } });
      for (const [method, path] of [
        ['HEAD', '/api/health'],
        ['POST', '/api/health'],
        ['GET', '/api/health/'],
        ['GET', '/api/version'],
        ['GET', '/api/csrf-token?client=x'],
        ['GET', '/api/nowhere'],
        ['GET', '/nowhere'],
        ['GET', '/graphql/health'],
      ] as const) {
        const res = await raw(server().url, { method, path });
        expect(res.status, `${method} ${path}`).toBe(401);
        if (method !== 'HEAD') expect(res.json).toEqual(UNAUTHORIZED);
      }
    });

    it('leaves CORS preflights to CORS, before auth', async () => {
      const res = await raw(server().url, {
        method: 'OPTIONS',
        path: '/graphql',
        headers: { origin: 'http://ui.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    });
  },
  { PREFECT_SERVER_API_AUTH_STRING: 'admin:pass' },
);

describe('isAuthorized (the one check, for upgrades too)', () => {
  const request = (method: string, path: string, authorization?: string) => ({ method, path, authorization });

  it('lets everything through when no auth string is set', () => {
    expect(isAuthorized(null, '/api', request('POST', '/graphql'))).toBe(true);
    expect(isAuthorized('', '/api', request('POST', '/graphql'))).toBe(true);
  });

  it('wants exactly "Basic <base64 of the auth string>", except GET health and ready under the base path', () => {
    expect(isAuthorized('u:p', '/api', request('GET', '/api/health'))).toBe(true);
    expect(isAuthorized('u:p', '/api', request('GET', '/api/ready'))).toBe(true);
    expect(isAuthorized('u:p', '/prefect', request('GET', '/api/health'))).toBe(false);
    expect(isAuthorized('u:p', '/prefect', request('GET', '/prefect/health'))).toBe(true);
    expect(isAuthorized('u:p', '/api', request('GET', '/events/out'))).toBe(false);
    expect(isAuthorized('u:p', '/api', request('GET', '/events/out', basic('u:p')))).toBe(true);
    expect(isAuthorized('u:p', '/api', request('GET', '/events/out', ` Basic   ${Buffer.from('u:p').toString('base64')} `))).toBe(true);
    expect(isAuthorized('u:p', '/api', request('GET', '/graphql', basic('u:p2')))).toBe(false);
    expect(isAuthorized('u:p', '/api', request('GET', '/graphql', `Bearer ${Buffer.from('u:p').toString('base64')}`))).toBe(false);
    expect(isAuthorized('u:p', '/api', request('GET', '/graphql', `Basic ${Buffer.from('u:p').toString('base64')} extra`))).toBe(false);
  });
});
