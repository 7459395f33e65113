// Response compression, negotiated per request from Accept-Encoding (brotli
// preferred, then gzip). Small bodies go out as they are: below ~1 KiB the
// headers outweigh the saving. Brotli runs at a middle quality: the best
// levels cost more CPU per request than they save on a local network.
import type { IncomingMessage } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

export const MIN_COMPRESSED_BYTES = 1024;

/** The encoding to answer with, from the request's Accept-Encoding (q=0 refuses). */
export function negotiateEncoding(req: IncomingMessage | undefined): Encoding | null {
  const header = req?.headers['accept-encoding'];
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 6 });
}

/**
 * The body and headers to send: compressed when the client accepts it and the
 * body is worth it. `Vary: Accept-Encoding` either way, so caches keep variants apart.
 */
export function encodeBody(
  req: IncomingMessage | undefined,
  text: string | Buffer,
  headers: Record<string, string | number>,
): { body: Buffer; headers: Record<string, string | number> } {
  const raw = typeof text === 'string' ? Buffer.from(text) : text;
  const encoding = raw.length >= MIN_COMPRESSED_BYTES ? negotiateEncoding(req) : null;
  if (!encoding) return { body: raw, headers: { ...headers, vary: 'Accept-Encoding', 'content-length': raw.length } };
  const body = compress(raw, encoding);
  return { body, headers: { ...headers, vary: 'Accept-Encoding', 'content-encoding': encoding, 'content-length': body.length } };
}

const variants = new Map<string, Buffer>();
const MAX_VARIANTS = 32;

/**
 * encodeBody for a body that does not change while the server runs (the
 * GraphiQL page, the API reference and its assets): each compressed variant is
 * made once per `key` (which must name the content) and kept.
 */
export function encodeStaticBody(
  req: IncomingMessage | undefined,
  key: string,
  raw: Buffer,
  headers: Record<string, string | number>,
): { body: Buffer; headers: Record<string, string | number> } {
  const encoding = raw.length >= MIN_COMPRESSED_BYTES ? negotiateEncoding(req) : null;
  if (!encoding) return { body: raw, headers: { ...headers, vary: 'Accept-Encoding', 'content-length': raw.length } };
  const cacheKey = `${encoding} ${key}`;
  let body = variants.get(cacheKey);
  if (!body) {
    body = compress(raw, encoding);
    if (variants.size >= MAX_VARIANTS) variants.delete(variants.keys().next().value!);
    variants.set(cacheKey, body);
  }
  return { body, headers: { ...headers, vary: 'Accept-Encoding', 'content-encoding': encoding, 'content-length': body.length } };
}
