// The GraphQL door: graphql-yoga over the schema, with the limits (limits.ts),
// the execution timeout (timeout.ts) and GraphiQL served from node_modules (no
// CDN). Auth, CSRF and the content-type check come before, in server.ts.
import { bufferedResultPlugin } from './buffered-result.ts';
import { createYoga } from 'graphql-yoga';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, getVariableValues, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { noteOperation } from '../logging/requests.ts';
import { operationOf } from './operation.ts';
import type { Settings } from '../settings.ts';
import type { Context } from './context.ts';
import { maskError } from './errors.ts';
import { jsonDepthPlugin } from './json-depth.ts';
import { limitPlugins } from './limits.ts';
import { resultSizePlugin } from './result-size.ts';
import { executionSignal, executionTimeoutPlugin } from './timeout.ts';
import { sqlReadsPlugin } from './sql-reads/plugin.ts';

/**
 * graphql-jit compiles each document once (cached per document, which yoga
 * caches per text) and runs it about 1.5× faster than graphql-js on the nested
 * UI query. jit coerces variables itself and its errors drop our scalars'
 * messages (Pydantic's, which REST and GraphQL share), so variables are first
 * coerced by graphql-js: when they fail, graphql-js runs the operation and
 * answers its errors as before. Literal arguments are checked by validation.
 */
function jitWithoutVariables() {
  return useGraphQlJit(
    {},
    {
      enableIf: ({ schema, document, operationName, variableValues }) => {
        const operation = operationOf(document, operationName);
        // Subscriptions and documents without a runnable operation keep graphql-js's answers.
        if (operation === undefined || operation.operation === 'subscription') return false;
        if (!operation.variableDefinitions?.length) return true;
        return !getVariableValues(schema, operation.variableDefinitions, (variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 }).errors;
      },
    },
  );
}

/** Names the request's operation in its access-log line and metrics (src/logging/requests.ts). */
function operationNaming() {
  return {
    onExecute({ args }: { args: { document: DocumentNode; operationName?: string | null; contextValue: unknown } }) {
      const operation = operationOf(args.document, args.operationName);
      if (!operation) return;
      const fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
      noteOperation((args.contextValue as { res?: ServerResponse }).res, operation.name?.value ?? `${operation.operation} ${fields.join(',')}`, fields);
    },
  };
}

/** What every request's context shares (the rest is per request). */
export type SharedContext = Omit<Context, 'header' | 'signal' | 'sqlRead'>;

/**
 * What the door (door.ts) hands yoga with each request: node's request and
 * response (the operation naming plugin finds the request's log record by
 * res), the SQL-read step's note, and the signal of a replay that did not
 * finish (its deadline stands).
 */
export interface GraphQLServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  sqlRead: NonNullable<Context['sqlRead']>;
  signal?: AbortSignal;
}

export function createGraphQLDoor(settings: Settings, shared: SharedContext, schema: GraphQLSchema) {
  const { graphql } = settings;
  return createYoga<Partial<GraphQLServerContext>>({
    schema,
    context: ({ request, signal }): Context => ({
      ...shared,
      header: (name) => request.headers.get(name) ?? undefined,
      signal: signal ?? executionSignal(request.signal, graphql.executionTimeout),
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
    plugins: [
      jsonDepthPlugin(settings.api.maxJsonDepth),
      ...limitPlugins(graphql),
      resultSizePlugin(graphql.maxFieldValues, settings.api.defaultLimit),
      operationNaming(),
      jitWithoutVariables(),
      // Wraps the executor chosen above: it runs whatever one SQL statement per root field cannot answer.
      ...(graphql.sqlReads ? [sqlReadsPlugin()] : []),
      executionTimeoutPlugin(graphql.executionTimeout),
      bufferedResultPlugin(),
    ],
  });
}
