// GraphQL POSTs must say they are JSON. A browser form (urlencoded, multipart,
// text/plain) can post cross-site without a CORS preflight; yoga would run a
// mutation sent that way. application/json, yoga's application/graphql+json and
// application/graphql-response+json (the GraphQL-over-HTTP media type) cannot be
// sent cross-site without a preflight.
import type { IncomingMessage } from 'node:http';

const ACCEPTED = new Set(['application/json', 'application/graphql+json', 'application/graphql-response+json']);

/** The media type of a request, lower-case, without parameters ('' when absent). */
const mediaType = (req: IncomingMessage) => String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

export const UNSUPPORTED_MEDIA_TYPE = {
  status: 415,
  body: {
    errors: [
      {
        message: 'GraphQL requests sent with POST must have Content-Type application/json (or application/graphql-response+json).',
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
      },
    ],
  },
} as const;

/**
 * False for a POST that is not JSON. An accepted one is handed to yoga as
 * application/json (yoga parses only that and application/graphql+json).
 */
export function acceptGraphQLContentType(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return true;
  const type = mediaType(req);
  if (!ACCEPTED.has(type)) return false;
  req.headers['content-type'] = 'application/json';
  return true;
}
