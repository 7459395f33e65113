// What a request must look like before yoga reads it.
//
// POSTs must say they are JSON. A browser form (urlencoded, multipart,
// text/plain) can post cross-site without a CORS preflight; yoga would run a
// mutation sent that way. application/json, yoga's application/graphql+json and
// application/graphql-response+json (the GraphQL-over-HTTP media type) cannot be
// sent cross-site without a preflight.
//
// And their size must be known and bounded (PREFECT_SERVER_API_MAX_BODY_BYTES,
// as on REST): yoga reads a body whole, so the check is on Content-Length,
// before reading; a POST without one (chunked) gets 411.
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge } from '../errors.ts';

const ACCEPTED = new Set(['application/json', 'application/graphql+json', 'application/graphql-response+json']);

/** The media type of a request, lower-case, without parameters ('' when absent). */
const mediaType = (req: IncomingMessage) =>
  String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();

export interface GraphQLRejection {
  status: number;
  body: { errors: { message: string; extensions: { code: string; status: number } }[] };
  headers: Record<string, string>;
}

const reject = (status: number, code: string, message: string, headers: Record<string, string> = {}): GraphQLRejection => ({
  status,
  body: { errors: [{ message, extensions: { code, status } }] },
  headers,
});

/**
 * The answer for a request yoga must not see, or null. An accepted POST is
 * handed on as application/json (yoga parses only that and application/graphql+json).
 */
export function graphqlRequestRejection(req: IncomingMessage, maxBodyBytes: number): GraphQLRejection | null {
  if (req.method !== 'POST') return null;
  if (!ACCEPTED.has(mediaType(req))) {
    return reject(415, 'UNSUPPORTED_MEDIA_TYPE', 'GraphQL requests sent with POST must have Content-Type application/json (or application/graphql-response+json).');
  }
  const length = req.headers['content-length'];
  if (length === undefined) return reject(411, 'LENGTH_REQUIRED', 'GraphQL requests sent with POST must have a Content-Length header.', { connection: 'close' });
  if (Number(length) > maxBodyBytes) {
    // The unread body is still on its way: close rather than read it.
    return reject(413, 'PAYLOAD_TOO_LARGE', bodyTooLarge(maxBodyBytes).message, { connection: 'close' });
  }
  req.headers['content-type'] = 'application/json';
  return null;
}
