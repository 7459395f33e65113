// Requests the whole GraphQL pipeline answered from SQL alone, kept by their
// exact body and Accept header, so that the same request again (a UI polling
// its query, a dashboard refreshing) runs its statements and sends the bytes
// without going through yoga again. Everything yoga and its plugins decide
// before execution depends only on what the key holds: the body's JSON depth,
// the parsed document and its validation limits, the variables and the
// result-size estimate, the plan (plugin.ts keeps it per document and
// variables) and the media type. What depends on the moment still runs for
// every request: auth, CSRF and CORS before the door, the execution timeout
// (the statements run under the request's signal), the access log's operation
// name, and compression. Yoga's parsing, envelop's hooks, and the Fetch
// Request and Response around them cost ~0.5 ms per request, more than the
// nested UI query's statement itself on SQLite.
//
// Only answers that were plain data (status 200, no errors or extensions) are
// kept. A replay that does not come out plain (a computed value the resolvers
// must answer, a failed or stopped statement) goes to yoga, with the request's
// signal, so a timeout is answered as yoga answers it and no deadline restarts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../context.ts';
import { withAbortSignal } from '../../db/abort.ts';
import { encodeBody } from '../../http/compression.ts';
import { bufferedBody } from '../../http/fetch-response.ts';
import { jsonBytes } from '../../http/json-bytes.ts';
import { noteSameOperation, requestRecord } from '../../logging/requests.ts';
import { countReplay } from '../../metrics/metrics.ts';
import { runStatements, type Statement } from './plugin.ts';

/** One request yoga answered from SQL alone. */
export interface ReplayEntry {
  statements: Statement[];
  contentType: string;
  /** The access log's operation and fields, as yoga's pass recorded them. */
  operation?: string;
  fields?: string;
}

/** Bodies longer than this are not kept: a UI's queries are a few kB, and the cache stays small. */
const MAX_KEY_BYTES = 16 * 1024;
const CAPACITY = 256;

export class SqlReplay {
  readonly #entries = new Map<string, ReplayEntry>();

  /** The key of a request: its body's bytes (latin1 maps each byte to one char) and Accept header; undefined when not kept. */
  keyOf(body: Buffer, accept: string | undefined): string | undefined {
    if (body.length > MAX_KEY_BYTES) return undefined;
    return `${accept ?? ''}\n${body.toString('latin1')}`;
  }

  find(key: string): ReplayEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      // Least recently used goes first: a hit moves to the end.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  remember(key: string, entry: ReplayEntry): void {
    this.#entries.delete(key);
    if (this.#entries.size >= CAPACITY) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, entry);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** What yoga's pass left for `remember`: the entry when the response it made can be replayed. */
export function replayEntryOf(res: ServerResponse, response: Response, statements: Statement[] | undefined): ReplayEntry | undefined {
  // Plain data only: errors, extensions and streams do not get buffered-result's Buffer.
  if (!statements || response.status !== 200 || !bufferedBody(response)) return undefined;
  const contentType = response.headers.get('content-type');
  if (!contentType) return undefined;
  const record = requestRecord(res);
  return { statements, contentType, operation: record?.operation, fields: record?.fields };
}

/**
 * Answers `req` from `entry`'s statements; false when the answer is not plain
 * data (nothing has been sent then: yoga answers).
 */
export async function replay(entry: ReplayEntry, ctx: Pick<Context, 'db' | 'target' | 'signal'>, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let result: Awaited<ReturnType<typeof runStatements>>;
  try {
    result = await withAbortSignal(ctx.signal, () => runStatements(ctx, entry.statements));
  } catch {
    return false; // stopped (timeout or client gone): yoga answers with the same signal
  }
  if (!result) return false;
  noteSameOperation(res, entry);
  const encoded = encodeBody(req, jsonBytes(result), { 'content-type': entry.contentType });
  res.writeHead(200, encoded.headers).end(encoded.body);
  countReplay();
  return true;
}
