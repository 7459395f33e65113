// GET /ui-settings (blocks-and-ui-routes §12, conventions §1.6 and §1.11): served
// at the root by the UI side of the server, never behind Basic auth, GET only,
// CORS like the rest of the host. No UI bundle ships here, so none is available.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { loadSettings } from '../../src/settings.ts';
import { uiBaseUrls, uiSettingsBody } from '../../src/http/ui-settings.ts';

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });

describeEachDatabase('GET /ui-settings with default settings', (server) => {
  it('answers the bootstrap document, keys in Prefect order', async () => {
    const res = await get(`${server().url}/ui-settings`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toBe(
      '{"api_url":"http://127.0.0.1:4200/api","csrf_enabled":false,"auth":null,"flags":[],"default_ui":"v2","available_uis":[],"v1_base_url":null,"v2_base_url":null}',
    );
  });

  it('is not under the API mount', async () => {
    expect((await server().rest('GET', '/ui-settings')).status).toBe(404);
  });

  it('answers GET only: HEAD and POST are 405 with Allow: GET', async () => {
    for (const method of ['HEAD', 'POST', 'PUT', 'DELETE']) {
      const res = await get(`${server().url}/ui-settings`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      if (method !== 'HEAD') expect(await res.json()).toEqual({ detail: 'Method Not Allowed' });
    }
  });

  it('redirects the path with a trailing slash (307, query kept)', async () => {
    const res = await get(`${server().url}/ui-settings/?x=1`);
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${server().url}/ui-settings?x=1`);
  });

  it('carries CORS headers and answers its preflight', async () => {
    const res = await get(`${server().url}/ui-settings`, { headers: { origin: 'http://ui.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await get(`${server().url}/ui-settings`, {
      method: 'OPTIONS',
      headers: { origin: 'http://ui.example', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('/admin/settings shows the defaulted UI API URL and the new UI settings', async () => {
    const { body } = await server().rest('GET', '/admin/settings');
    expect(body.server.ui).toMatchObject({ enabled: true, v2_enabled: true, api_url: 'http://127.0.0.1:4200/api', serve_base: '/' });
  });
});

describeEachDatabase(
  'GET /ui-settings with auth, CSRF, a serve base and the v1 default',
  (server) => {
    it('answers without credentials and reports BASIC auth and CSRF', async () => {
      const res = await get(`${server().url}/prefect/ui-settings`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        api_url: 'https://prefect.example/api',
        csrf_enabled: true,
        auth: 'BASIC',
        flags: [],
        default_ui: 'v1',
        available_uis: [],
        v1_base_url: null,
        v2_base_url: null,
      });
    });

    it('lives under the serve base only: the root path is an ordinary protected path', async () => {
      expect((await get(`${server().url}/ui-settings`)).status).toBe(401);
      expect((await get(`${server().url}/prefect/v2/ui-settings`)).status).toBe(401);
    });

    it('the API next to it still wants credentials', async () => {
      expect((await server().rest('GET', '/version')).status).toBe(401);
    });

    it('a POST meets CSRF before the 405 (the middleware covers the whole host)', async () => {
      expect((await get(`${server().url}/prefect/ui-settings`, { method: 'POST' })).status).toBe(403);
    });
  },
  {
    PREFECT_SERVER_API_AUTH_STRING: 'admin:pass',
    PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true',
    PREFECT_UI_SERVE_BASE: 'prefect/v2/',
    PREFECT_SERVER_UI_V2_ENABLED: 'false',
    PREFECT_API_URL: 'https://prefect.example/api',
  },
);

describe('UI base URLs and api_url (settings only)', () => {
  it('normalises the serve base and splits v1 and v2 as Prefect does', () => {
    expect(uiBaseUrls('/')).toEqual({ v1: '/', v2: '/v2' });
    expect(uiBaseUrls('')).toEqual({ v1: '/', v2: '/v2' });
    expect(uiBaseUrls('/prefect')).toEqual({ v1: '/prefect', v2: '/prefect/v2' });
    expect(uiBaseUrls('prefect/')).toEqual({ v1: '/prefect', v2: '/prefect/v2' });
    expect(uiBaseUrls('/v2')).toEqual({ v1: '/', v2: '/v2' });
    expect(uiBaseUrls('/prefect/v2')).toEqual({ v1: '/prefect', v2: '/prefect/v2' });
  });

  it('api_url: the UI setting, else PREFECT_API_URL, else the bind address', () => {
    const apiUrl = (env: Record<string, string>) => uiSettingsBody(loadSettings(env)).api_url;
    expect(apiUrl({})).toBe('http://127.0.0.1:4200/api');
    expect(apiUrl({ PREFECT_SERVER_API_HOST: '0.0.0.0', PREFECT_SERVER_API_PORT: '8080' })).toBe('http://0.0.0.0:8080/api');
    expect(apiUrl({ PREFECT_API_URL: 'http://a/api' })).toBe('http://a/api');
    expect(apiUrl({ PREFECT_API_URL: 'http://a/api', PREFECT_UI_API_URL: 'http://b/api' })).toBe('http://b/api');
    expect(apiUrl({ PREFECT_SERVER_UI_API_URL: 'http://c/api', PREFECT_UI_API_URL: 'http://b/api' })).toBe('http://c/api');
  });

  it('the UI being disabled changes nothing in the document (it has no bundle to drop)', () => {
    expect(uiSettingsBody(loadSettings({ PREFECT_SERVER_UI_ENABLED: 'false' }))).toEqual(uiSettingsBody(loadSettings({})));
  });
});
