// The /events/out websocket (events §3.6): handshake, the filter message and
// its close codes, backfill (15 minutes at most, ascending), then live events
// matched in memory (globs with [seq], until applied, related not), deduped
// against the backfill.
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { writeEvents } from '../../src/services/event-persister.ts';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { ev, FLUSH_EACH, newPrefix, store } from './helpers.ts';

interface Client {
  ws: WebSocket;
  next(ms?: number): Promise<string | undefined>;
  closed: Promise<{ code: number; reason: string }>;
}

function open(server: TestServer, protocols?: string): Promise<Client> {
  const url = `${server.url.replace(/^http/, 'ws')}${server.settings.api.basePath}/events/out`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const messages: string[] = [];
    const waiters: ((m: string) => void)[] = [];
    ws.on('message', (data) => {
      const waiter = waiters.shift();
      if (waiter) waiter(data.toString());
      else messages.push(data.toString());
    });
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        // The next message, or undefined after `ms` without one.
        next: (ms = 2_000) =>
          messages.length
            ? Promise.resolve(messages.shift())
            : new Promise((r) => {
                const timer = setTimeout(() => {
                  waiters.splice(waiters.indexOf(w), 1);
                  r(undefined);
                }, ms);
                const w = (m: string) => {
                  clearTimeout(timer);
                  r(m);
                };
                waiters.push(w);
              }),
      }),
    );
  });
}

async function subscribed(server: TestServer, filter: unknown, extra: Record<string, unknown> = {}): Promise<Client> {
  const client = await open(server, 'prefect');
  client.ws.send(JSON.stringify({ type: 'auth', token: null }));
  expect(await client.next()).toBe('{"type": "auth_success"}');
  client.ws.send(JSON.stringify({ type: 'filter', filter, ...extra }));
  return client;
}

/** Event ids received until `ms` pass without a message. */
async function receivedIds(client: Client, ms = 400): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const m = await client.next(ms);
    if (m === undefined) return ids;
    const parsed = JSON.parse(m);
    expect(parsed.type).toBe('event');
    ids.push(parsed.event.id);
  }
}

const future = () => new Date(Date.now() + 3_600_000).toISOString();

describeEachDatabase(
  '/events/out',
  (server) => {
    it('backfills stored matches of the last 15 minutes in ascending order, then sends live events once', async () => {
      const p = newPrefix();
      const old = ev(p, { occurred: new Date(Date.now() - 20 * 60_000).toISOString() });
      const a = ev(p, { occurred: new Date(Date.now() - 5 * 60_000).toISOString() });
      const b = ev(p, { occurred: new Date(Date.now() - 2 * 60_000).toISOString() });
      await store(server(), [old, b, a]);
      const client = await subscribed(server(), { event: { prefix: [p] }, occurred: { since: '2020-01-01T00:00:00Z', until: future() } });
      const first = JSON.parse((await client.next())!);
      expect(Object.keys(first)).toEqual(['type', 'event']);
      expect(Object.keys(first.event)).toEqual(['occurred', 'event', 'resource', 'related', 'payload', 'id', 'follows', 'received']);
      expect(first.event.id).toBe(a.id);
      expect(await receivedIds(client)).toEqual([b.id]);
      // Live: a matching event, a repeat of a backfilled one reaching the bus again is skipped, a non-matching one is not sent.
      const live = ev(p);
      await server().rest('POST', '/events', [live, ev(newPrefix())]);
      expect(await receivedIds(client)).toEqual([live.id]);
      server().events.publish([{ ...b, occurred: new Date(b.occurred), received: new Date() } as never]);
      const again = ev(p);
      await server().rest('POST', '/events', [again]);
      expect(await receivedIds(client)).toEqual([again.id]);
      client.ws.close();
    });

    it('a live event already sent by the backfill is skipped once', async () => {
      const p = newPrefix();
      const received = (e: ReturnType<typeof ev>): ReceivedEvent => ({ ...e, occurred: new Date(e.occurred), follows: null, received: new Date() });
      // Stored without passing the bus, so the bus's own dedupe has not seen its id.
      const x = ev(p);
      await writeEvents(server().db, server().target.provider, [received(x)]);
      const client = await subscribed(server(), { event: { prefix: [p] }, occurred: { until: future() } });
      expect(await receivedIds(client)).toEqual([x.id]);
      const y = ev(p);
      expect(
        server()
          .events.publish([received(x), received(y)])
          .map((e) => e.id),
      ).toEqual([x.id, y.id]);
      expect(await receivedIds(client)).toEqual([y.id]);
      client.ws.close();
    });

    it('backfill: false sends only live events; the default until (now) lets no later live event through', async () => {
      const p = newPrefix();
      await store(server(), [ev(p)]);
      const noBackfill = await subscribed(server(), { event: { prefix: [p] }, occurred: { until: future() } }, { backfill: false });
      const defaults = await subscribed(server(), { event: { prefix: [p] } });
      expect(await receivedIds(defaults)).toHaveLength(1);
      const live = ev(p, { occurred: new Date(Date.now() + 1000).toISOString() });
      await server().rest('POST', '/events', [live]);
      expect(await receivedIds(noBackfill)).toEqual([live.id]);
      expect(await receivedIds(defaults)).toEqual([]);
      noBackfill.ws.close();
      defaults.ws.close();
    });

    it('live matching: label globs with [seq] and !, any_resource, id, text; related is not applied live', async () => {
      const p = newPrefix();
      const until = future();
      const sub = async (f: Record<string, unknown>) => subscribed(server(), { event: { prefix: [p] }, occurred: { until }, ...f }, { backfill: false });
      const labels = await sub({ resource: { labels: { env: '[pP]rod*', 'prefect.resource.id': '!*skip*' } } });
      const any = await sub({ any_resource: { id: ['prefect.tag.x'] } });
      const text = await sub({ text: { query: 'needle -hay' } });
      const related = await sub({ related: { id: ['prefect.flow.nothing'] } });
      const e1 = ev(p, { resource: { 'prefect.resource.id': 'r.1', env: 'Production' } });
      const e2 = ev(p, { resource: { 'prefect.resource.id': 'r.skip', env: 'prod' } });
      const e3 = ev(p, { resource: { 'prefect.resource.id': 'r.3', env: 'staging' }, related: [{ 'prefect.resource.id': 'prefect.tag.x', 'prefect.resource.role': 'tag' }] });
      const e4 = ev(p, { payload: { message: 'a Needle here' } });
      const e5 = ev(p, { payload: { message: 'needle in hay' } });
      await server().rest('POST', '/events', [e1, e2, e3, e4, e5]);
      expect(await receivedIds(labels)).toEqual([e1.id]);
      expect(await receivedIds(any)).toEqual([e3.id]);
      expect(await receivedIds(text)).toEqual([e4.id]);
      expect(await receivedIds(related)).toEqual([e1.id, e2.id, e3.id, e4.id, e5.id]);
      for (const c of [labels, any, text, related]) c.ws.close();
    });

    it('related narrows the backfill', async () => {
      const p = newPrefix();
      const flow = { 'prefect.resource.id': 'prefect.flow.f', 'prefect.resource.role': 'flow' };
      const a = ev(p, { related: [flow] });
      await store(server(), [a, ev(p)]);
      const client = await subscribed(server(), { event: { prefix: [p] }, related: { id: ['prefect.flow.f'] } });
      expect(await receivedIds(client)).toEqual([a.id]);
      client.ws.close();
    });

    it('closes 1002 for a wrong message type or a bad filter; 1008 without the auth message', async () => {
      const wrong = await open(server(), 'prefect');
      wrong.ws.send(JSON.stringify({ type: 'auth', token: null }));
      await wrong.next();
      wrong.ws.send(JSON.stringify({ type: 'subscribe', filter: {} }));
      expect(await wrong.closed).toEqual({ code: 1002, reason: "Expected 'filter' message" });

      const bad = await subscribed(server(), { nope: true });
      const closed = await bad.closed;
      expect(closed.code).toBe(1002);
      expect(closed.reason).toMatch(/^Invalid filter: 1 validation error for EventFilter/);

      const missing = await open(server(), 'prefect');
      missing.ws.send(JSON.stringify({ type: 'auth', token: null }));
      await missing.next();
      missing.ws.send(JSON.stringify({ type: 'filter' }));
      expect(await missing.closed).toEqual({ code: 1002, reason: "Invalid filter: 'filter'" });

      const noAuth = await open(server(), 'prefect');
      noAuth.ws.send(JSON.stringify({ type: 'filter', filter: {} }));
      expect(await noAuth.closed).toEqual({ code: 1008, reason: "Expected 'auth' message" });
    });

    it('legacy mode (no subprotocol, no auth string): the first message is the filter', async () => {
      const p = newPrefix();
      const a = ev(p);
      await store(server(), [a]);
      const client = await open(server());
      client.ws.send(JSON.stringify({ type: 'filter', filter: { event: { prefix: [p] } } }));
      expect(await receivedIds(client)).toEqual([a.id]);
      client.ws.close();
    });
  },
  FLUSH_EACH,
);

describeEachDatabase(
  '/events/out with an auth string',
  (server) => {
    it('refuses the upgrade with 403 without the prefect subprotocol; checks the token', async () => {
      await expect(open(server())).rejects.toMatchObject({ status: 403 });
      const client = await open(server(), 'prefect');
      client.ws.send(JSON.stringify({ type: 'auth', token: 'user:wrong' }));
      expect(await client.closed).toEqual({ code: 1008, reason: 'Invalid token' });
      const ok = await open(server(), 'prefect');
      ok.ws.send(JSON.stringify({ type: 'auth', token: 'user:pass' }));
      expect(await ok.next()).toBe('{"type": "auth_success"}');
      ok.ws.send(JSON.stringify({ type: 'filter', filter: {} }));
      ok.ws.close();
    });
  },
  { ...FLUSH_EACH, PREFECT_SERVER_API_AUTH_STRING: 'user:pass' },
);

describeEachDatabase(
  '/events/out with the live stream off',
  (server) => {
    it('backfills but sends no live events', async () => {
      const p = newPrefix();
      const a = ev(p);
      await store(server(), [a]);
      const client = await subscribed(server(), { event: { prefix: [p] }, occurred: { until: future() } });
      expect(await receivedIds(client)).toEqual([a.id]);
      await server().rest('POST', '/events', [ev(p)]);
      expect(await receivedIds(client)).toEqual([]);
      client.ws.close();
    });
  },
  { ...FLUSH_EACH, PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED: 'false' },
);
