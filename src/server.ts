// One node:http server, two doors: graphql-yoga at /graphql (with GraphiQL
// served from node_modules, no CDN) and the REST shim under the API base path.
// Before either door, in Prefect's order (conventions §1.5): a Host check, CSRF
// (whole host), CORS, then auth for every door (src/auth.ts).
import http from 'node:http';
import type { Db } from './db/client.ts';
import type { DatabaseTarget } from './db/url.ts';
import type { EventBus } from './events/bus.ts';
import { currentAbortSignal as currentSignal, withAbortSignal } from './db/abort.ts';
import { toApiError } from './errors.ts';
import type { Settings } from './settings.ts';
import { schema } from './graphql/schema.ts';
import type { SharedContext } from './graphql/yoga.ts';
import { createGraphQLHandler } from './graphql/door.ts';
import { clientGoneSignal } from './http/client-gone.ts';
import { RestAdapter } from './rest/adapter.ts';
import { handleRest, send, type RestDoor } from './rest/http.ts';
import { compileRoutes } from './rest/router.ts';
import { routes } from './rest/routes.ts';
import { applyCors } from './cors.ts';
import { UNAUTHORIZED, isAuthorized } from './auth.ts';
import { csrfRejection } from './resources/csrf-tokens/middleware.ts';
import { attachEventSockets } from './events/sockets.ts';
import { loggers } from './logging/logger.ts';
import { beginRequest, requestRecord } from './logging/requests.ts';
import { isPublicDocsPath, serveDocs } from './rest/docs.ts';
import { serveUiSettings } from './http/ui-settings.ts';
import { openApiDocument } from './rest/openapi.ts';
import { enableProcessMetrics, metricsText } from './metrics/metrics.ts';

export interface ServerDeps {
  settings: Settings;
  db: Db;
  target: DatabaseTarget;
  events: EventBus;
}

/** host[:port]: a bracketed IPv6 address or RFC 3986 reg-name characters, then an optional port. */
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{1,5})?$/;

/** The request's URL, or null when its Host header is not a host[:port]. */
function requestUrl(req: http.IncomingMessage, fallbackHost: string): URL | null {
  const host = req.headers.host ?? fallbackHost;
  if (!VALID_HOST.test(host)) return null;
  try {
    return new URL(req.url ?? '/', `http://${host}`);
  } catch {
    return null;
  }
}

async function sendMetrics(res: http.ServerResponse): Promise<void> {
  const { body, contentType } = await metricsText();
  res.writeHead(200, { 'content-type': contentType }).end(body);
}

export function createServer({ settings, db, target, events }: ServerDeps): http.Server {
  if (settings.api.metricsEnabled) enableProcessMetrics();
  const shared: SharedContext = { db, target, settings, events };
  const handleGraphQL = createGraphQLHandler(settings, shared, schema);
  const NOT_ABORTED = new AbortController().signal;
  const door: RestDoor = {
    routes: compileRoutes(schema, routes),
    adapter: new RestAdapter(schema),
    settings,
    // The REST request runs under withAbortSignal (below): its signal is the current one.
    context: (req) => ({ ...shared, header: (name) => [req.headers[name]].flat()[0], signal: currentSignal() ?? NOT_ABORTED }),
  };
  const basePath = settings.api.basePath;
  let openApi: string | undefined;
  const openApiJson = () => (openApi ??= JSON.stringify(openApiDocument(door.routes, basePath)));

  const server = http.createServer(async (req, res) => {
    beginRequest(req, res);
    try {
      const url = requestUrl(req, `${settings.api.host}:${settings.api.port}`);
      if (!url) return send(res, { status: 400, body: { detail: 'Invalid host header' } });
      const csrf = await csrfRejection(settings, db, req);
      if (csrf) return send(res, csrf, csrf.headers);
      if (applyCors(settings.cors, req, res)) return;
      const isGraphQL = url.pathname === '/graphql' || url.pathname.startsWith('/graphql/');
      const method = req.method ?? 'GET';
      // The API reference at the root is public, as Prefect's is.
      if (isPublicDocsPath(url.pathname) && (await serveDocs(req, res, url.pathname, '', openApiJson))) return;
      // The UI's bootstrap document: outside the API, never behind auth (blocks-and-ui-routes §12).
      if (serveUiSettings(req, res, url, settings)) return;
      if (!isAuthorized(settings.api.authString, basePath, { method, path: url.pathname, authorization: req.headers.authorization })) {
        // On /graphql the challenge lets a browser ask for credentials, so GraphiQL stays usable.
        return send(res, UNAUTHORIZED, isGraphQL ? { 'www-authenticate': 'Basic realm="Prefect GraphQL"' } : {});
      }
      if (isGraphQL) return await handleGraphQL(req, res);
      if (settings.api.metricsEnabled && method === 'GET' && url.pathname === `${basePath}/metrics`) return await sendMetrics(res);
      if (await serveDocs(req, res, url.pathname, basePath, openApiJson)) return;
      if (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) {
        return await withAbortSignal(clientGoneSignal(res), () => handleRest(door, req, res, url, url.pathname.slice(basePath.length)));
      }
      send(res, { status: 404, body: { detail: 'Not Found' } });
    } catch (error) {
      // Only the CSRF token lookup (the database) and our own bugs get here.
      const apiError = toApiError(error);
      if (apiError.status === 500) loggers().server.error({ err: error, request_id: requestRecord(res)?.id }, 'request failed');
      if (!res.headersSent) send(res, { status: apiError.status, body: apiError.body ?? undefined });
    }
  });
  server.keepAliveTimeout = settings.api.keepaliveTimeout * 1000;
  // Websockets under the base path (/events/in): same Host check, their own auth exchange.
  attachEventSockets(server, { settings, events, db }, (req) => requestUrl(req, `${settings.api.host}:${settings.api.port}`));
  return server;
}
