// Writes a Fetch Response (what graphql-yoga answers) to node's response with
// the same compression as the REST door (compression.ts). HTML (the GraphiQL
// page, 9 MB inline) also gets an ETag: a browser revalidates with
// If-None-Match and gets a 304, and each compressed variant is made once.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeBody, encodeStaticBody } from './compression.ts';

/** The body buffered-result.ts gave a plain result (a Buffer, as it was handed over); undefined for any other. */
export function bufferedBody(response: Response): Buffer | undefined {
  const init = (response as { bodyInit?: unknown }).bodyInit;
  return Buffer.isBuffer(init) ? init : undefined;
}

export async function sendFetchResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  // Lower-cased: yoga's Headers keep the case they were set with.
  response.headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key !== 'content-length') headers[key] = value;
  });
  if (response.body === null) {
    res.writeHead(response.status, headers).end();
    return;
  }
  // A Buffer body (graphql/buffered-result.ts) is sent as it is, not streamed and copied again.
  const raw = bufferedBody(response) ?? Buffer.from(await response.arrayBuffer());
  if ((headers['content-type'] ?? '').startsWith('text/html') && response.status === 200) return sendPage(req, res, headers, raw);
  const encoded = encodeBody(req, raw, headers);
  res.writeHead(response.status, encoded.headers).end(encoded.body);
}

function sendPage(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, raw: Buffer): void {
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 32)}"`;
  const cacheHeaders = { etag, 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
  const known = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  if (known.includes(etag) || known.includes('*')) {
    res.writeHead(304, cacheHeaders).end();
    return;
  }
  const encoded = encodeStaticBody(req, etag, raw, { ...headers, ...cacheHeaders });
  res.writeHead(200, encoded.headers).end(encoded.body);
}
