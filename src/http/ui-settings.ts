// GET /ui-settings (blocks-and-ui-routes §12): the bootstrap document Prefect's
// UI fetches first. It belongs to the UI application, outside the API mount:
// never behind Basic auth, there even when the UI is disabled. This server
// ships no UI bundle, so it reports none available (Prefect's answer when its
// bundles are absent): no base URLs, and the configured default UI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from '../settings.ts';
import { send } from '../rest/http.ts';

/** Prefect's normalisation of the serve base: a leading slash, no trailing one, empty → `/`. */
function normalizeBase(base: string): string {
  if (!base) return '/';
  const withSlash = base.startsWith('/') ? base : `/${base}`;
  return withSlash === '/' ? '/' : withSlash.replace(/\/+$/, '') || '/';
}

const join = (base: string, suffix: string) => (base === '/' ? `/${suffix}` : `${base}/${suffix}`);

/** The v1 and v2 UI bases for a configured serve base (`/prefect/v2` → `/prefect`, `/prefect/v2`). */
export function uiBaseUrls(serveBase: string): { v1: string; v2: string } {
  const base = normalizeBase(serveBase);
  if (base === '/v2') return { v1: '/', v2: base };
  if (base.endsWith('/v2')) return { v1: base.slice(0, -'/v2'.length) || '/', v2: base };
  return { v1: base, v2: join(base, 'v2') };
}

/** The path the document is served at: `<v1 base>/ui-settings`. */
export const uiSettingsPath = (settings: Settings) => join(uiBaseUrls(settings.ui.serveBase).v1, 'ui-settings');

/** The UISettings body, keys in Prefect's order. */
export function uiSettingsBody(settings: Settings) {
  // No bundle is served here: Prefect then answers the configured default and no bases.
  const available: ('v1' | 'v2')[] = [];
  const configured = settings.ui.v2Enabled ? 'v2' : 'v1';
  return {
    api_url: settings.ui.apiUrl,
    csrf_enabled: settings.csrf.enabled,
    auth: settings.api.authString ? 'BASIC' : null,
    flags: [] as string[],
    default_ui: available.includes(configured) ? configured : (available[0] ?? configured),
    available_uis: available,
    v1_base_url: null,
    v2_base_url: null,
  };
}

/**
 * Answers requests for the ui-settings path and returns true; false for any other path.
 * GET only: the route is a plain FastAPI GET, so HEAD and other methods get a 405.
 * The path with a trailing slash is redirected (307) to it, as Starlette does when no UI bundle is mounted.
 */
export function serveUiSettings(req: IncomingMessage, res: ServerResponse, url: URL, settings: Settings): boolean {
  const path = uiSettingsPath(settings);
  // A serve base inside the API mount loses to the API, which Prefect mounts first.
  const api = settings.api.basePath;
  if (url.pathname === api || url.pathname.startsWith(`${api}/`)) return false;
  if (url.pathname === `${path}/`) {
    send(res, { status: 307 }, { location: `${url.protocol}//${url.host}${path}${url.search}` });
    return true;
  }
  if (url.pathname !== path) return false;
  if (req.method !== 'GET') send(res, { status: 405, body: { detail: 'Method Not Allowed' } }, { allow: 'GET' });
  else send(res, { status: 200, body: uiSettingsBody(settings) });
  return true;
}
