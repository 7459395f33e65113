// Websockets under the API base path (events §2.2), served with `ws` on the
// node:http server's 'upgrade' event: the `prefect` subprotocol and its auth
// exchange, legacy mode, and /events/in (one event per text frame). A socket
// that misbehaves is closed on its own; nothing it sends reaches other
// sockets or the process. /events/out registers itself here the same way.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Db } from '../db/client.ts';
import { ValidationError } from '../errors.ts';
import type { Settings } from '../settings.ts';
import { tooDeepAt } from '../validation/json-depth.ts';
import type { EventBus } from './bus.ts';
import { publishEvents } from './publish.ts';
import { parseEventJson } from './validation.ts';

export interface SocketDeps {
  settings: Settings;
  events: EventBus;
  /** The database, for sockets that read stored events (/events/out's backfill). */
  db?: Db;
}

/** Runs an accepted (and, with the `prefect` subprotocol, authenticated) socket. */
export type SocketHandler = (ws: WebSocket, deps: SocketDeps) => void;

/** Websocket routes, by path relative to the API base path. */
const socketRoutes = new Map<string, SocketHandler>();

export function registerSocketRoute(path: string, handler: SocketHandler): void {
  socketRoutes.set(path, handler);
}

// Close codes (RFC 6455 §7.4.1).
export const CLOSE = { goingAway: 1001, unsupportedData: 1003, invalidPayload: 1007, policyViolation: 1008, internalError: 1011 } as const;

/** A close reason fits in 123 bytes of UTF-8. */
function reasonText(text: string): string {
  if (Buffer.byteLength(text) <= 123) return text;
  let cut = text.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}...`;
}

export function closeSocket(ws: WebSocket, code: number, reason = ''): void {
  if (ws.readyState === ws.OPEN) ws.close(code, reasonText(reason));
}

/** Constant-time equality of two secrets of any length (hashes first, so the length does not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given === expected;
}

/** Text of a frame, or undefined for a binary one. */
export function frameText(data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined;
  return Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}

/** A frame's JSON, refusing nesting deeper than PREFECT_SERVER_API_MAX_JSON_DEPTH; undefined when it is not JSON. */
export function frameJson(text: string, settings: Settings): { value: unknown } | undefined {
  if (tooDeepAt(text, settings.api.maxJsonDepth) >= 0) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** An empty-ish token in Python's sense (`not token`): absent, null, "", 0, false, [] or {}. */
function isBlankToken(token: unknown): boolean {
  if (token === undefined || token === null || token === '' || token === 0 || token === false) return true;
  if (Array.isArray(token)) return token.length === 0;
  return typeof token === 'object' && Object.keys(token).length === 0;
}

/**
 * The auth exchange of a socket opened with the `prefect` subprotocol: the
 * first message must be `{"type": "auth", "token": ...}`; on success the
 * server answers `{"type": "auth_success"}` and the handler takes over.
 */
function authenticate(ws: WebSocket, deps: SocketDeps, handler: SocketHandler): void {
  ws.once('message', (data, isBinary) => {
    const text = frameText(data, isBinary);
    const parsed = text === undefined ? undefined : frameJson(text, deps.settings);
    const message = parsed?.value;
    // Prefect's handler fails on anything but a JSON object here and the socket ends without a reason.
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return closeSocket(ws, CLOSE.invalidPayload);
    const { type, token } = message as { type?: unknown; token?: unknown };
    if (type !== 'auth') return closeSocket(ws, CLOSE.policyViolation, "Expected 'auth' message");
    const expected = deps.settings.api.authString;
    if (expected) {
      if (isBlankToken(token)) return closeSocket(ws, CLOSE.policyViolation, 'Auth required but no token provided');
      if (typeof token !== 'string' || !sameSecret(token, expected)) return closeSocket(ws, CLOSE.policyViolation, 'Invalid token');
    }
    ws.send('{"type": "auth_success"}');
    handler(ws, deps);
  });
}

/** /events/in: each text frame is one event, stamped `received` = now and published. */
export const streamEventsIn: SocketHandler = (ws, deps) => {
  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    const text = frameText(data, isBinary);
    if (text === undefined) return closeSocket(ws, CLOSE.unsupportedData, 'Expected a text message holding one event');
    if (tooDeepAt(text, deps.settings.api.maxJsonDepth) >= 0) {
      return closeSocket(ws, CLOSE.invalidPayload, `Invalid event: JSON nested deeper than ${deps.settings.api.maxJsonDepth} levels`);
    }
    try {
      const event = parseEventJson(text, deps.settings.events);
      publishEvents(deps.events, deps.settings, [event]);
    } catch (error) {
      if (!(error instanceof ValidationError)) {
        console.error('prefect-graphql: /events/in:', error);
        return closeSocket(ws, CLOSE.internalError);
      }
      const first = error.items[0];
      const where = first.loc.length ? `${first.loc.join('.')}: ` : '';
      closeSocket(ws, CLOSE.invalidPayload, `Invalid event: ${where}${first.msg}`);
    }
  });
};

registerSocketRoute('/events/in', streamEventsIn);

/** The subprotocols a client offers: comma lists and repeated headers are both read. */
function offeredSubprotocols(req: http.IncomingMessage): string[] {
  const headers = req.headersDistinct?.['sec-websocket-protocol'] ?? [req.headers['sec-websocket-protocol'] ?? ''].flat();
  return headers
    .flatMap((header) => header.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
}

/** An HTTP answer on a socket that was not upgraded, then the socket is closed. */
function refuse(socket: Duplex, status: number, statusText: string, body?: object): void {
  const text = body ? JSON.stringify(body) : '';
  const head = [`HTTP/1.1 ${status} ${statusText}`, 'Connection: close', `Content-Length: ${Buffer.byteLength(text)}`];
  if (body) head.push('Content-Type: application/json');
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}

/**
 * Serves the websocket routes on `server`. `requestUrl` is the server's Host
 * check (null: a bad Host header, 400 as for any request).
 */
export function attachEventSockets(server: http.Server, deps: SocketDeps, requestUrl: (req: http.IncomingMessage) => URL | null): WebSocketServer {
  const { settings } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.api.maxBodyBytes,
    perMessageDeflate: false,
    // `prefect` when offered; otherwise no subprotocol (legacy mode, checked before the handshake).
    handleProtocols: (protocols) => (protocols.has('prefect') ? 'prefect' : false),
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (!url) return refuse(socket, 400, 'Bad Request', { detail: 'Invalid host header' });
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return refuse(socket, 400, 'Bad Request', { detail: 'Only websocket upgrades are served' });
    const base = settings.api.basePath;
    let handler: SocketHandler | undefined;
    if (url.pathname.startsWith(`${base}/`)) {
      try {
        handler = socketRoutes.get(decodeURIComponent(url.pathname.slice(base.length)));
      } catch {
        handler = undefined;
      }
    }
    if (!handler) return refuse(socket, 404, 'Not Found', { detail: 'Not Found' });
    const prefect = offeredSubprotocols(req).includes('prefect');
    // Prefect closes before accepting, which its ASGI server answers with an empty 403.
    if (!prefect && settings.api.authString) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {
        // A bad frame or an oversized message: ws closes the socket (1002, 1009); nothing else to do.
      });
      if (prefect) authenticate(ws, deps, handler);
      else handler(ws, deps);
    });
  });

  // Upgraded sockets are no longer the HTTP server's connections: close them
  // when the server closes (shutdown, tests), or close() would wait for them.
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const ws of wss.clients) closeSocket(ws, CLOSE.goingAway, 'Server shutting down');
    setTimeout(() => {
      for (const ws of wss.clients) ws.terminate();
    }, 1_000).unref();
    return close(callback);
  }) as typeof server.close;
  return wss;
}
