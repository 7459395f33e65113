// One access-log line per request, on both doors (and the websockets' upgrade
// answers): method, path, the REST route or GraphQL operation that answered,
// status, duration and a request id. The id is the client's X-Request-Id when
// it sent a usable one, else a new UUID, and is echoed in the response header
// so a client can quote it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loggers } from './logger.ts';

/** What a door learned about the request while answering it. */
export interface RequestRecord {
  id: string;
  method: string;
  path: string;
  startedAt: bigint;
  /** The REST route template that matched (`POST /flows/filter`). */
  route?: string;
  /** The GraphQL operation: its name, or its kind and root fields. */
  operation?: string;
  /** The GraphQL operation's root fields, comma-separated (a bounded metrics label). */
  fields?: string;
}

const records = new WeakMap<ServerResponse, RequestRecord>();
type Finished = (record: RequestRecord, status: number, seconds: number) => void;
const listeners: Finished[] = [];

/** Called once per finished request (metrics). */
export function onRequestFinished(listener: Finished): void {
  listeners.push(listener);
}

const USABLE_ID = /^[\x21-\x7e]{1,200}$/;

/** Starts the record of a request: sets X-Request-Id and logs the line when the response ends. */
export function beginRequest(req: IncomingMessage, res: ServerResponse): RequestRecord {
  const sent = [req.headers['x-request-id']].flat()[0];
  const record: RequestRecord = {
    id: sent && USABLE_ID.test(sent) ? sent : randomUUID(),
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0],
    startedAt: process.hrtime.bigint(),
  };
  records.set(res, record);
  res.setHeader('x-request-id', record.id);
  res.once('close', () => finish(record, res));
  return record;
}

export const requestRecord = (res: ServerResponse): RequestRecord | undefined => records.get(res);

export function noteRoute(res: ServerResponse, route: string): void {
  const record = records.get(res);
  if (record) record.route = route;
}

export function noteOperation(res: ServerResponse | undefined, operation: string, fields: string[]): void {
  const record = res && records.get(res);
  if (!record) return;
  record.operation = operation;
  record.fields = [...new Set(fields)].sort().slice(0, 5).join(',');
}

/** The operation another request's record noted (noteOperation), for a request answered the same way (graphql/sql-reads/replay.ts). */
export function noteSameOperation(res: ServerResponse, noted: Pick<RequestRecord, 'operation' | 'fields'>): void {
  const record = records.get(res);
  if (!record) return;
  record.operation = noted.operation;
  record.fields = noted.fields;
}

function finish(record: RequestRecord, res: ServerResponse): void {
  const seconds = Number(process.hrtime.bigint() - record.startedAt) / 1e9;
  // A response the client abandoned never got its status out: 499, as nginx says it.
  const status = res.writableFinished ? res.statusCode : 499;
  const { access } = loggers();
  const level = status >= 500 ? 'error' : 'info';
  if (access.isLevelEnabled(level)) {
    access[level](
      {
        request_id: record.id,
        method: record.method,
        path: record.path,
        ...(record.route && { route: record.route }),
        ...(record.operation && { operation: record.operation }),
        status,
        duration_ms: Math.round(seconds * 1e4) / 10,
      },
      `${record.method} ${record.path} ${status}`,
    );
  }
  for (const listener of listeners) listener(record, status, seconds);
}
