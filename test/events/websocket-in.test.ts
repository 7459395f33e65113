// The /events/in websocket (events §2.2): the `prefect` subprotocol and its
// auth exchange, legacy mode, 403 without the subprotocol when an auth string
// is set, one event per text frame, and a bad frame ending only its socket.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { FLUSH_EACH, eventually, makeEvent, storedEvents } from './helpers.ts';

interface Client {
  ws: WebSocket;
  messages: string[];
  closed: Promise<{ code: number; reason: string }>;
  next(): Promise<string>;
}

function wsUrl(server: TestServer, path = '/events/in'): string {
  return `${server.url.replace(/^http/, 'ws')}${server.settings.api.basePath}${path}`;
}

/** Opens a socket; resolves once open, or rejects with the HTTP status of a refused upgrade. */
function connect(url: string, protocols?: string | string[], headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    const messages: string[] = [];
    const waiters: ((m: string) => void)[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      const waiter = waiters.shift();
      if (waiter) waiter(text);
      else messages.push(text);
    });
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.on('error', (error) => reject(error));
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: () => (messages.length ? Promise.resolve(messages.shift()!) : new Promise((r) => waiters.push(r))),
      }),
    );
  });
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ status: 101, body: '' }),
    (error: { status?: number; body?: string }) => ({ status: error.status, body: error.body }),
  );

async function authenticated(server: TestServer, token: string | null = null): Promise<Client> {
  const client = await connect(wsUrl(server), 'prefect');
  expect(client.ws.protocol).toBe('prefect');
  client.ws.send(JSON.stringify({ type: 'auth', token }));
  expect(await client.next()).toBe('{"type": "auth_success"}');
  return client;
}

async function storedIds(server: TestServer, ids: string[]): Promise<string[]> {
  await server.events.drain();
  return (await storedEvents(server, ids)).map((r) => r.id).sort();
}

describeEachDatabase(
  '/events/in without an auth string',
  (server) => {
    it('runs the auth exchange with the prefect subprotocol (any token), then takes one event per text frame', async () => {
      const client = await authenticated(server(), 'anything');
      const events = [makeEvent(), makeEvent({ received: '2000-01-01T00:00:00Z', extra: true })];
      for (const event of events) client.ws.send(JSON.stringify(event));
      const ids = events.map((e) => e.id as string);
      await eventually(async () => (await storedIds(server(), ids)).length === 2);
      const rows = await storedEvents(server(), ids);
      expect(rows.every((r) => r.received.getUTCFullYear() > 2000)).toBe(true);
      client.ws.close(1000);
      expect((await client.closed).code).toBe(1000);
    });

    it('answers pings before and after the auth exchange (the SDK confirms delivery that way)', async () => {
      const client = await connect(wsUrl(server()), ['prefect']);
      const pong = () => new Promise<void>((resolve) => client.ws.once('pong', () => resolve()));
      let waiting = pong();
      client.ws.ping();
      await waiting;
      client.ws.send('{"type":"auth","token":null}');
      expect(await client.next()).toBe('{"type": "auth_success"}');
      const event = makeEvent();
      client.ws.send(JSON.stringify(event));
      waiting = pong();
      client.ws.ping();
      await waiting;
      await eventually(async () => (await storedIds(server(), [event.id as string])).length === 1);
      client.ws.close();
    });

    it('accepts a socket without the subprotocol in legacy mode: the first message is already an event', async () => {
      const client = await connect(wsUrl(server()));
      expect(client.ws.protocol).toBe('');
      const event = makeEvent();
      client.ws.send(JSON.stringify(event));
      await eventually(async () => (await storedIds(server(), [event.id as string])).length === 1);
      expect(client.messages).toEqual([]);
      client.ws.close();
    });

    it('reads the subprotocol from comma lists and repeated offers', async () => {
      const client = await connect(wsUrl(server()), ['graphql-ws', 'prefect']);
      expect(client.ws.protocol).toBe('prefect');
      client.ws.close();
    });

    it('closes 1008 "Expected \'auth\' message" when the first message is not an auth message', async () => {
      for (const first of [{ type: 'filter' }, { token: 'x' }]) {
        const client = await connect(wsUrl(server()), 'prefect');
        client.ws.send(JSON.stringify(first));
        expect(await client.closed).toEqual({ code: 1008, reason: "Expected 'auth' message" });
      }
      // A first message that is not a JSON object ends the socket without a reason.
      for (const first of ['not json', '[1]']) {
        const client = await connect(wsUrl(server()), 'prefect');
        client.ws.send(first);
        expect((await client.closed).reason).toBe('');
      }
    });

    it('closes only the socket that sends a bad frame; events before it stay published, other sockets go on', async () => {
      const bad = await authenticated(server());
      const good = await authenticated(server());
      const before = makeEvent();
      bad.ws.send(JSON.stringify(before));
      bad.ws.send(JSON.stringify(makeEvent({ resource: { 'prefect.resource.name': 'no id' } })));
      const closed = await bad.closed;
      expect(closed.code).toBe(1007);
      expect(closed.reason).toBe('Invalid event: resource: Value error, Resources must include the prefect.resource.id label');
      const after = makeEvent();
      good.ws.send(JSON.stringify(after));
      await eventually(async () => (await storedIds(server(), [before.id as string, after.id as string])).length === 2);
      expect(good.ws.readyState).toBe(WebSocket.OPEN);

      // Not JSON, a missing field, a binary frame: each ends its own socket.
      for (const [frame, code, reason] of [
        ['{oops', 1007, 'Invalid event: Invalid JSON'],
        [JSON.stringify({ ...makeEvent(), id: undefined }), 1007, 'Invalid event: id: Field required'],
        [JSON.stringify(makeEvent({ occurred: 'later' })), 1007, 'Invalid event: occurred: Input should be a valid datetime or date, input is too short'],
        [Buffer.from(JSON.stringify(makeEvent())), 1003, 'Expected a text message holding one event'],
      ] as const) {
        const client = await authenticated(server());
        client.ws.send(frame, { binary: typeof frame !== 'string' });
        expect(await client.closed).toEqual({ code, reason });
      }
      const last = makeEvent();
      good.ws.send(JSON.stringify(last));
      await eventually(async () => (await storedIds(server(), [last.id as string])).length === 1);
      good.ws.close();
    });

    it('closes with 1009 a message larger than PREFECT_SERVER_API_MAX_BODY_BYTES', async () => {
      const client = await authenticated(server());
      client.ws.send(JSON.stringify(makeEvent({ payload: { text: 'x'.repeat(20_000) } })));
      expect((await client.closed).code).toBe(1009);
      // The server still serves.
      expect((await server().rest('GET', '/health')).status).toBe(200);
    });

    it('a resent event id is stored once (the SDK resends unconfirmed events after a reconnect)', async () => {
      const event = makeEvent();
      const first = await authenticated(server());
      first.ws.send(JSON.stringify(event));
      first.ws.close();
      const second = await authenticated(server());
      second.ws.send(JSON.stringify({ ...event, payload: { resent: true } }));
      await eventually(async () => (await storedIds(server(), [event.id as string])).length === 1);
      const rows = await storedEvents(server(), [event.id as string]);
      expect(rows.map((r) => r.payload)).toEqual([event.payload]);
      second.ws.close();
    });

    it('answers 404 on other paths, and outside the base path', async () => {
      for (const path of [`${server().settings.api.basePath}/events/nope`, '/events/in', `${server().settings.api.basePath}/events/in/extra`]) {
        const result = await refusal(connect(`${server().url.replace(/^http/, 'ws')}${path}`, 'prefect'));
        expect(result).toEqual({ status: 404, body: '{"detail":"Not Found"}' });
      }
    });

    it('answers 400 to a Host header that is not a host', async () => {
      const result = await refusal(connect(wsUrl(server()), 'prefect', { host: 'bad host!' }));
      expect(result.status).toBe(400);
    });
  },
  { ...FLUSH_EACH, PREFECT_SERVER_API_MAX_BODY_BYTES: '10000' },
);

describeEachDatabase(
  '/events/in with an auth string',
  (server) => {
    it('refuses the upgrade with an empty 403 when the prefect subprotocol is missing', async () => {
      expect(await refusal(connect(wsUrl(server())))).toEqual({ status: 403, body: '' });
      // HTTP Basic credentials do not stand in for the exchange.
      const basic = { authorization: `Basic ${Buffer.from('admin:pass').toString('base64')}` };
      expect(await refusal(connect(wsUrl(server()), undefined, basic))).toEqual({ status: 403, body: '' });
    });

    it('takes the raw auth string as the token', async () => {
      const client = await authenticated(server(), 'admin:pass');
      const event = makeEvent();
      client.ws.send(JSON.stringify(event));
      await eventually(async () => (await storedIds(server(), [event.id as string])).length === 1);
      client.ws.close();
    });

    it("closes 1008 with Prefect's reasons for a missing or wrong token", async () => {
      const cases: [unknown, string][] = [
        [{ type: 'auth' }, 'Auth required but no token provided'],
        [{ type: 'auth', token: null }, 'Auth required but no token provided'],
        [{ type: 'auth', token: '' }, 'Auth required but no token provided'],
        [{ type: 'auth', token: 'admin:wrong' }, 'Invalid token'],
        [{ type: 'auth', token: Buffer.from('admin:pass').toString('base64') }, 'Invalid token'],
        [{ type: 'auth', token: 'admin:pass ' }, 'Invalid token'],
        [{ type: 'hello', token: 'admin:pass' }, "Expected 'auth' message"],
      ];
      for (const [message, reason] of cases) {
        const client = await connect(wsUrl(server()), 'prefect');
        client.ws.send(JSON.stringify(message));
        expect(await client.closed, JSON.stringify(message)).toEqual({ code: 1008, reason });
        expect(client.messages).toEqual([]);
      }
    });

    it('publishes nothing a refused socket sends', async () => {
      const client = await connect(wsUrl(server()), 'prefect');
      const event = makeEvent({ id: randomUUID() });
      client.ws.send(JSON.stringify({ type: 'auth', token: 'nope' }));
      client.ws.send(JSON.stringify(event));
      await client.closed;
      expect(await storedIds(server(), [event.id as string])).toEqual([]);
    });
  },
  { ...FLUSH_EACH, PREFECT_SERVER_API_AUTH_STRING: 'admin:pass' },
);

describeEachDatabase(
  '/events/in under another base path',
  (server) => {
    it('serves the socket under PREFECT_SERVER_API_BASE_PATH', async () => {
      expect(server().settings.api.basePath).toBe('/prefect/api');
      const client = await authenticated(server());
      const event = makeEvent();
      client.ws.send(JSON.stringify(event));
      await eventually(async () => (await storedIds(server(), [event.id as string])).length === 1);
      client.ws.close();
      expect((await refusal(connect(`${server().url.replace(/^http/, 'ws')}/api/events/in`, 'prefect'))).status).toBe(404);
    });
  },
  { ...FLUSH_EACH, PREFECT_SERVER_API_BASE_PATH: '/prefect/api' },
);
