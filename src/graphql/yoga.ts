// The GraphQL door: graphql-yoga over the schema, with the limits (limits.ts),
// the execution timeout (timeout.ts) and GraphiQL served from node_modules (no
// CDN). Auth, CSRF and the content-type check come before, in server.ts.
import { createYoga } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { Settings } from '../settings.ts';
import type { Context } from './context.ts';
import { maskError } from './errors.ts';
import { jsonDepthPlugin } from './json-depth.ts';
import { limitPlugins } from './limits.ts';
import { resultSizePlugin } from './result-size.ts';
import { executionSignal, executionTimeoutPlugin } from './timeout.ts';

/** What every request's context shares (the rest is per request). */
export type SharedContext = Omit<Context, 'header' | 'signal'>;

export function createGraphQLDoor(settings: Settings, shared: SharedContext, schema: GraphQLSchema) {
  const { graphql } = settings;
  return createYoga({
    schema,
    context: ({ request }): Context => ({
      ...shared,
      header: (name) => request.headers.get(name) ?? undefined,
      signal: executionSignal(request.signal, graphql.executionTimeout),
    }),
    graphqlEndpoint: '/graphql',
    graphiql: graphql.graphiql && { title: 'Prefect GraphQL', defaultQuery: '{ read_flows(limit: 10) { id name tags } }' },
    // GraphiQL ships inline (9 MB, no CDN): loaded on the first page view, not at start.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    landingPage: false,
    cors: false,
    // No multipart (file uploads): server.ts lets only JSON POSTs through anyway.
    multipart: false,
    maskedErrors: { maskError },
    logging: false,
    plugins: [jsonDepthPlugin(settings.api.maxJsonDepth), ...limitPlugins(graphql), resultSizePlugin(graphql.maxFieldValues, settings.api.defaultLimit), executionTimeoutPlugin(graphql.executionTimeout)],
  });
}
