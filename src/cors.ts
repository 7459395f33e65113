// CORS for the whole host, as Prefect configures Starlette's middleware: three
// comma-separated allow-lists (default "*"), no credentials, max-age 600.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from './settings.ts';

const ALL_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';
const SAFE_HEADERS = ['Accept', 'Accept-Language', 'Content-Language', 'Content-Type'];

/** Sets CORS headers; returns true when it answered a preflight itself. */
export function applyCors(cors: Settings['cors'], req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const anyOrigin = cors.origins.includes('*');
  const originAllowed = anyOrigin || cors.origins.includes(origin);
  const requestedMethod = req.headers['access-control-request-method'];
  if (req.method === 'OPTIONS' && requestedMethod) {
    const anyMethod = cors.methods.includes('*');
    const anyHeader = cors.headers.includes('*');
    const requestedHeaders = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const allowedHeaders = new Set([...SAFE_HEADERS, ...cors.headers].map((h) => h.toLowerCase()));
    const failures = [
      originAllowed ? null : 'origin',
      anyMethod || cors.methods.includes(String(requestedMethod)) ? null : 'method',
      anyHeader || requestedHeaders.every((h) => allowedHeaders.has(h.toLowerCase())) ? null : 'headers',
    ].filter(Boolean);
    const headers: Record<string, string> = {
      'access-control-allow-methods': anyMethod ? ALL_METHODS : cors.methods.join(', '),
      'access-control-max-age': '600',
      'access-control-allow-origin': anyOrigin ? '*' : origin,
      ...(anyOrigin ? {} : { vary: 'Origin' }),
    };
    if (anyHeader && requestedHeaders.length > 0) headers['access-control-allow-headers'] = requestedHeaders.join(', ');
    else if (!anyHeader) headers['access-control-allow-headers'] = [...SAFE_HEADERS, ...cors.headers].join(', ');
    const body = failures.length > 0 ? `Disallowed CORS ${failures.join(', ')}` : 'OK';
    res.writeHead(failures.length > 0 ? 400 : 200, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(body);
    return true;
  }
  if (anyOrigin) res.setHeader('access-control-allow-origin', '*');
  else if (originAllowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  return false;
}
