// The REST door's request pipeline, in Prefect's order (conventions §1.5):
// routing (404/405/307) → body decoding → X-PREFECT-API-VERSION → adapter
// (CSRF and auth come before, for every door, in server.ts).
import { noteRoute } from '../logging/requests.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TextDecoder } from 'node:util';
import { ApiError, ValidationError } from '../errors.ts';
import { readBytes, unreadableBody } from '../http/body-bytes.ts';
import type { Context } from '../graphql/context.ts';
import type { Settings } from '../settings.ts';
import { parseApiVersion } from '../api-version.ts';
import { renderError, type Body, type RestAdapter, type RestResult } from './adapter.ts';
import { matchRoute, type CompiledRoute } from './router.ts';
import { toPrefectJsonBytes } from './json.ts';
import { utf8 } from '../http/json-bytes.ts';
import { tooDeepAt } from '../validation/json-depth.ts';
import { encodeBody } from '../http/compression.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export function send(res: ServerResponse, result: RestResult, headers: Record<string, string> = {}) {
  if (result.headers) headers = { ...headers, ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, headers).end();
    return;
  }
  const [contentType, bytes] = result.text
    ? ['text/plain; charset=utf-8', utf8(String(result.body))]
    : ['application/json', result.type ? toPrefectJsonBytes(result.body, result.type) : utf8(JSON.stringify(result.body))];
  const encoded = encodeBody(res.req, bytes, { 'content-type': contentType, ...headers });
  res.writeHead(result.status, encoded.headers).end(encoded.body);
}

/** Prefect's messages for JSON decode errors, from V8's. */
function jsonError(raw: string, error: Error) {
  const at = /position (\d+)/.exec(error.message);
  const position = at ? Number(at[1]) : raw.length;
  const error_ = /property name/i.test(error.message) ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
  return new ValidationError([{ type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: error_ } }]);
}

/** Limits of one body (settings PREFECT_SERVER_API_MAX_BODY_BYTES, PREFECT_SERVER_API_MAX_JSON_DEPTH). */
export interface BodyLimits {
  maxBodyBytes: number;
  maxJsonDepth: number;
}

async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Body> {
  if (!BODY_METHODS.has(req.method ?? '')) return { kind: 'none' };
  const bytes = await readBytes(req, limits.maxBodyBytes);
  if (bytes.length === 0) return { kind: 'none' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadableBody();
  }
  // No content type on a non-empty body means JSON (older clients); other types are not parsed.
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[^/]+\+json$/.test(type)) return { kind: 'text', raw: text };
  const deepAt = tooDeepAt(text, limits.maxJsonDepth);
  if (deepAt >= 0) {
    const error = new ValidationError([
      {
        type: 'json_invalid',
        loc: ['body', deepAt],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: `Nesting deeper than ${limits.maxJsonDepth} levels (PREFECT_SERVER_API_MAX_JSON_DEPTH)` },
      },
    ]);
    throw Object.assign(error, { rawBody: text });
  }
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    throw Object.assign(jsonError(text, error as Error), { rawBody: text });
  }
}

export interface RestDoor {
  routes: CompiledRoute[];
  adapter: RestAdapter;
  settings: Settings;
  context: (req: IncomingMessage) => Context;
}

/** Handles one request whose path starts with the API base path. */
export async function handleRest(door: RestDoor, req: IncomingMessage, res: ServerResponse, url: URL, relativePath: string) {
  const method = req.method ?? 'GET';
  let path: string;
  try {
    path = decodeURIComponent(relativePath);
  } catch {
    return send(res, { status: 404, body: { detail: 'Not Found' } });
  }
  const match = matchRoute(door.routes, method, path);
  if (match.kind === 'none') return send(res, { status: 404, body: { detail: 'Not Found' } });
  if (match.kind === 'wrong-method') return send(res, { status: 405, body: { detail: 'Method Not Allowed' } }, { allow: match.allow.join(', ') });
  if (match.kind === 'redirect') {
    const base = url.pathname.slice(0, url.pathname.length - relativePath.length);
    // The path as received (still percent-encoded, so header-safe), its trailing slash toggled as match.path is.
    const target = relativePath.endsWith('/') ? relativePath.slice(0, -1) : `${relativePath}/`;
    const location = `${url.protocol}//${req.headers.host ?? url.host}${base}${target}${url.search}`;
    return send(res, { status: 307 }, { location });
  }
  noteRoute(res, `${match.route.method} ${match.route.path}`);
  let body: Body = { kind: 'none' };
  try {
    body = await readBody(req, door.settings.api);
    if (!match.route.skipVersionCheck) parseApiVersion(req.headers['x-prefect-api-version'] as string | undefined);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const raw = (error as { rawBody?: string }).rawBody;
    return send(res, renderError(error, raw === undefined ? body : { kind: 'text', raw }));
  }
  send(res, await door.adapter.run(match.route, match.params, url.searchParams, body, door.context(req)));
}
