// One node:http server, two doors: graphql-yoga at /graphql (with GraphiQL
// served from node_modules, no CDN) and the REST shim under the API base path.
import http from 'node:http';
import { createYoga } from 'graphql-yoga';
import type { Db } from './db/client.ts';
import type { DatabaseTarget } from './db/url.ts';
import type { Settings } from './settings.ts';
import type { Context } from './graphql/context.ts';
import { maskError } from './graphql/errors.ts';
import { schema } from './graphql/schema.ts';
import { RestAdapter } from './rest/adapter.ts';
import { handleRest, send, type RestDoor } from './rest/http.ts';
import { compileRoutes } from './rest/router.ts';
import { routes } from './rest/routes.ts';
import { applyCors } from './cors.ts';

export interface ServerDeps {
  settings: Settings;
  db: Db;
  target: DatabaseTarget;
}

export function createServer({ settings, db, target }: ServerDeps): http.Server {
  const base: Omit<Context, 'header'> = { db, target, settings };
  const yoga = createYoga({
    schema,
    context: ({ request }): Context => ({ ...base, header: (name) => request.headers.get(name) ?? undefined }),
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Prefect GraphQL', defaultQuery: '{ read_flows(limit: 10) { id name tags } }' },
    // GraphiQL ships inline (9 MB, no CDN): loaded on the first page view, not at start.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    landingPage: false,
    cors: false,
    maskedErrors: { maskError },
    logging: false,
  });
  const door: RestDoor = {
    routes: compileRoutes(schema, routes),
    adapter: new RestAdapter(schema),
    settings,
    context: (req) => ({ ...base, header: (name) => [req.headers[name]].flat()[0] }),
  };
  const basePath = settings.api.basePath;

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${settings.api.host}:${settings.api.port}`}`);
      if (applyCors(settings.cors, req, res)) return;
      if (url.pathname === '/graphql' || url.pathname.startsWith('/graphql/')) return await yoga(req, res);
      if (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)) {
        return await handleRest(door, req, res, url, url.pathname.slice(basePath.length));
      }
      send(res, { status: 404, body: { detail: 'Not Found' } });
    } catch (error) {
      console.error(error);
      if (!res.headersSent) send(res, { status: 500, body: { exception_message: 'Internal Server Error' } });
    }
  });
  server.keepAliveTimeout = settings.api.keepaliveTimeout * 1000;
  return server;
}
