// The /events/out websocket (events §3.6): after the shared handshake
// (sockets.ts), one filter message; then the stored matches of the last
// PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL in ascending order, then
// live events from the bus matched in memory, skipping those the backfill
// already sent. Subscribed before the backfill, so nothing falls in between.
import type { WebSocket } from 'ws';
import { ValidationError } from '../errors.ts';
import { checkEventFilterSize, parseEventFilter, matchesLive, validationSummary, type EventFilter } from './filters.ts';
import { CLOSE, closeSocket, frameJson, frameText, registerSocketRoute, type SocketDeps } from './sockets.ts';
import { queryEvents, queryNextPage } from './store.ts';
import type { ReceivedEvent } from './types.ts';
import { eventJson } from './validation.ts';

/** Live events waiting for one subscriber; beyond it they are dropped (Prefect's subscriber queue). */
export const SUBSCRIBER_QUEUE_SIZE = 256;
const PROTOCOL_ERROR = 1002;

const message = (event: ReceivedEvent) => `{"type": "event", "event": ${eventJson(event)}}`;

/** Sends and waits until the frame is handed to the socket (backpressure for long backfills). */
function send(ws: WebSocket, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState !== ws.OPEN) return resolve();
    ws.send(text, () => resolve());
  });
}

/** The filter message, or a close with Prefect's code and reason (undefined then). */
function readFilterMessage(ws: WebSocket, deps: SocketDeps, data: Parameters<typeof frameText>[0], isBinary: boolean): { filter: EventFilter; backfill: boolean } | undefined {
  const text = frameText(data, isBinary);
  const parsed = text === undefined ? undefined : frameJson(text, deps.settings);
  const value = parsed?.value;
  // Prefect's handler fails on anything but an object with a `type` key: the socket ends without a reason.
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('type' in value)) {
    closeSocket(ws, CLOSE.invalidPayload);
    return undefined;
  }
  const msg = value as Record<string, unknown>;
  if (msg.type !== 'filter') {
    closeSocket(ws, PROTOCOL_ERROR, "Expected 'filter' message");
    return undefined;
  }
  if (!('filter' in msg)) {
    closeSocket(ws, PROTOCOL_ERROR, "Invalid filter: 'filter'");
    return undefined;
  }
  let filter: EventFilter;
  try {
    filter = parseEventFilter(msg.filter);
    checkEventFilterSize(filter, deps.settings.api.maxFilterValues, []);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    closeSocket(ws, PROTOCOL_ERROR, `Invalid filter: ${validationSummary(error)}`);
    return undefined;
  }
  // Python truthiness of message.get("backfill", True).
  const b = 'backfill' in msg ? msg.backfill : true;
  const backfill = !(b === false || b === null || b === 0 || b === '' || (Array.isArray(b) && b.length === 0));
  return { filter, backfill };
}

export function streamEventsOut(ws: WebSocket, deps: SocketDeps): void {
  ws.once('message', (data, isBinary) => {
    const request = readFilterMessage(ws, deps, data, isBinary);
    if (!request) return;
    void run(ws, deps, request.filter, request.backfill).catch((error) => {
      console.error('prefect-graphql: /events/out:', error);
      closeSocket(ws, CLOSE.internalError);
    });
  });
}

async function run(ws: WebSocket, deps: SocketDeps, filter: EventFilter, wantsBackfill: boolean): Promise<void> {
  const { settings } = deps;
  const earliest = Date.now() - settings.events.maxWebsocketBackfill * 1000;
  if (filter.occurred.since.getTime() < earliest) filter.occurred.since = new Date(earliest);
  filter.order = 'ASC';

  // Subscribe first, so that events published during the backfill are not missed.
  const queue: ReceivedEvent[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const unsubscribe = settings.events.streamOutEnabled
    ? deps.events.subscribe('events-out', (event) => {
        if (closed || !matchesLive(filter, event)) return;
        if (queue.length >= SUBSCRIBER_QUEUE_SIZE) return;
        queue.push(event);
        wake?.();
      })
    : () => {};
  const stop = () => {
    closed = true;
    unsubscribe();
    wake?.();
  };
  ws.once('close', stop);
  if (ws.readyState !== ws.OPEN) return stop();

  const backfilled = new Set<string>();
  if (wantsBackfill && deps.db) {
    const pageSize = settings.events.websocketBackfillPageSize;
    let page = await queryEvents(deps.db, filter, pageSize);
    for (;;) {
      for (const event of page.events) {
        if (closed) return;
        backfilled.add(event.id);
        await send(ws, message(event));
      }
      if (!page.nextToken || page.events.length === 0 || closed) break;
      page = await queryNextPage(deps.db, page.nextToken);
    }
  }

  while (!closed) {
    const event = queue.shift();
    if (!event) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      continue;
    }
    if (backfilled.delete(event.id)) continue;
    await send(ws, message(event));
  }
}

registerSocketRoute('/events/out', streamEventsOut);
