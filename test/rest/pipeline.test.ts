// What every /api request goes through: root routes, admin routes, routing
// (404/405/307), the version header, Basic auth and CORS (conventions §1–2).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

describeEachDatabase('root and admin routes', (server) => {
  it('answers health, version, hello and ready', async () => {
    expect(await server().rest('GET', '/health')).toMatchObject({ status: 200, body: true });
    expect(await server().rest('GET', '/version')).toMatchObject({ status: 200, body: '0.8.4' });
    expect(await server().rest('GET', '/hello')).toMatchObject({ status: 200, body: '👋' });
    expect(await server().rest('GET', '/ready')).toMatchObject({ status: 200, body: { message: 'OK' } });
    expect(await server().rest('GET', '/admin/version')).toMatchObject({ status: 200, body: '3.8.4' });
  });

  it('shows settings with secrets obfuscated', async () => {
    const { status, body } = await server().rest('GET', '/admin/settings');
    expect(status).toBe(200);
    expect(body.server.api).toMatchObject({ host: '127.0.0.1', port: 4200, default_limit: 200, auth_string: null });
    expect(body.server.database.connection_url).toBe('**********');
    expect(body.server.database.password).toBeNull();
    expect(body.home).toMatch(/^\//);
  });

  it('does nothing to the database without confirm: true', async () => {
    await server().rest('POST', '/flows/', { name: 'survivor' });
    for (const action of ['clear', 'drop', 'create']) {
      for (const body of [undefined, {}, { confirm: false }, { confirm: null }]) {
        const res = await server().rest('POST', `/admin/database/${action}`, body);
        expect(res.status).toBe(400);
        expect(res.text).toBe('');
        expect(res.headers.get('content-type')).toBeNull();
      }
    }
    expect((await server().rest('GET', '/flows/name/survivor')).status).toBe(200);
  });

  it('clears, drops and re-creates the database with confirm: true', async () => {
    await server().rest('POST', '/flows/', { name: 'doomed', tags: ['x'] });
    expect((await server().rest('POST', '/admin/database/clear', { confirm: true })).status).toBe(204);
    expect((await server().rest('POST', '/flows/count', {})).body).toBe(0);

    expect((await server().rest('POST', '/admin/database/drop', { confirm: true })).status).toBe(204);
    // Without tables the database cannot serve: 503, never a 500.
    expect(await server().rest('POST', '/flows/count', {})).toMatchObject({ status: 503, body: { exception_message: 'Service Unavailable' } });

    expect((await server().rest('POST', '/admin/database/create', { confirm: 'true' })).status).toBe(204);
    expect((await server().rest('POST', '/flows/', { name: 'reborn' })).status).toBe(201);
    expect((await server().rest('POST', '/flows/count', {})).body).toBe(1);
  });
});

describeEachDatabase('routing and headers', (server) => {
  it('answers 404 for unknown paths and 405 for known paths with another method', async () => {
    expect(await server().rest('GET', '/nothing/here')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    const wrong = await server().rest('GET', '/flows/filter');
    expect(wrong).toMatchObject({ status: 405, body: { detail: 'Method Not Allowed' } });
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await server().rest('HEAD', '/health')).status).toBe(405);
    expect(await fetch(`${server().url}/elsewhere`).then((r) => r.status)).toBe(404);
  });

  it('redirects with 307 when only the trailing slash differs', async () => {
    const res = await server().rest('POST', '/flows?x=1', { name: 'redirected' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${server().url}/api/flows/?x=1`);
    expect(res.text).toBe('');
    const wrongMethod = await server().rest('GET', '/flows');
    expect(wrongMethod.status).toBe(307);
  });

  it('checks X-PREFECT-API-VERSION except on /health and /version', async () => {
    const header = (v: string) => ({ 'x-prefect-api-version': v });
    expect((await server().rest('GET', '/hello', undefined, header('0.8.4'))).status).toBe(200);
    expect((await server().rest('GET', '/hello', undefined, header('01.8.4'))).status).toBe(200);
    expect(await server().rest('GET', '/hello', undefined, header('0.7.9'))).toMatchObject({
      status: 400,
      body: { detail: 'The request specified API version 0.7.9 but this server requires version 0.8.0 or higher.' },
    });
    expect(await server().rest('POST', '/flows/count', {}, header('1.2'))).toMatchObject({
      status: 400,
      body: { detail: "Invalid X-PREFECT-API-VERSION header format.Expected header in format 'x.y.z' but received 1.2" },
    });
    expect((await server().rest('GET', '/health', undefined, header('abc'))).status).toBe(200);
    expect((await server().rest('GET', '/version', undefined, header('0.0.1'))).status).toBe(200);
  });

  it('answers CORS preflights and adds the allow-origin header', async () => {
    const pre = await fetch(`${server().url}/api/flows/filter`, {
      method: 'OPTIONS',
      headers: { origin: 'http://ui.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(200);
    expect(await pre.text()).toBe('OK');
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
    expect(pre.headers.get('access-control-max-age')).toBe('600');
    const simple = await fetch(`${server().url}/api/health`, { headers: { origin: 'http://ui.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describeEachDatabase(
  'Basic auth (PREFECT_SERVER_API_AUTH_STRING)',
  (server) => {
    const basic = (s: string) => ({ authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    it('guards every route but GET /health and GET /ready', async () => {
      expect((await server().rest('GET', '/health')).status).toBe(200);
      expect((await server().rest('GET', '/ready')).status).toBe(200);
      for (const [method, path] of [
        ['GET', '/version'],
        ['GET', '/admin/settings'],
        ['POST', '/flows/filter'],
        ['GET', '/no/such/route'],
      ]) {
        expect(await server().rest(method, path, method === 'POST' ? {} : undefined)).toMatchObject({ status: 401, body: { exception_message: 'Unauthorized' } });
      }
      expect((await server().rest('GET', '/version', undefined, basic('admin:wrong'))).status).toBe(401);
      expect((await server().rest('GET', '/version', undefined, { authorization: `basic ${Buffer.from('admin:pass').toString('base64')}` })).status).toBe(401);
      expect(await server().rest('GET', '/version', undefined, basic('admin:pass'))).toMatchObject({ status: 200, body: '0.8.4' });
      expect((await server().rest('GET', '/admin/settings', undefined, basic('admin:pass'))).body.server.api.auth_string).toBe('**********');
    });
  },
  { PREFECT_SERVER_API_AUTH_STRING: 'admin:pass' },
);

describe('the route table', () => {
  it('is compiled without errors (each field exists, each path parameter is an argument)', async () => {
    const { compileRoutes } = await import('../../src/rest/router.ts');
    const { routes } = await import('../../src/rest/routes.ts');
    const { schema } = await import('../../src/graphql/schema.ts');
    expect(compileRoutes(schema, routes)).toHaveLength(routes.length);
  });
});
