// One GraphQL request at /graphql, once server.ts has checked the host, CSRF,
// CORS and auth: the request guard (media type, size), then either a replay
// of a request yoga already answered from SQL alone (sql-reads/replay.ts) or
// yoga itself, whose Fetch Response is written with http/fetch-response.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { readBytes } from '../http/body-bytes.ts';
import { clientGoneSignal } from '../http/client-gone.ts';
import { sendFetchResponse } from '../http/fetch-response.ts';
import { send } from '../rest/http.ts';
import type { Settings } from '../settings.ts';
import { graphqlRequestRejection } from './request-guard.ts';
import { SqlReplay, replay, replayEntryOf } from './sql-reads/replay.ts';
import { executionSignal } from './timeout.ts';
import { createGraphQLDoor, type GraphQLServerContext, type SharedContext } from './yoga.ts';

export function createGraphQLHandler(settings: Settings, shared: SharedContext, schema: GraphQLSchema) {
  const yoga = createGraphQLDoor(settings, shared, schema);
  const replays = new SqlReplay();
  return async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rejection = graphqlRequestRejection(req, settings.api.maxBodyBytes);
    if (rejection) return send(res, rejection, rejection.headers);
    // { req, res } as server context: the operation naming plugin finds the request's record by res.
    const serverContext: GraphQLServerContext = { req, res, sqlRead: {} };
    let key: string | undefined;
    if (settings.graphql.sqlReads && req.method === 'POST' && req.headers['content-length'] !== '0') {
      const body = await readBytes(req, settings.api.maxBodyBytes);
      // Read here, so yoga gets the bytes instead of the stream (@whatwg-node/server takes a `body` already read).
      (req as IncomingMessage & { body?: Buffer }).body = body;
      key = replays.keyOf(body, req.headers.accept);
      const entry = key === undefined ? undefined : replays.find(key);
      if (entry) {
        const signal = executionSignal(clientGoneSignal(res), settings.graphql.executionTimeout);
        if (await replay(entry, { ...shared, signal }, req, res)) return;
        serverContext.signal = signal;
      }
    }
    const response = await yoga.handleNodeRequestAndResponse(req, res, serverContext);
    const entry = key === undefined ? undefined : replayEntryOf(res, response, serverContext.sqlRead.statements);
    if (entry) replays.remember(key!, entry);
    return sendFetchResponse(req, res, response);
  };
}
