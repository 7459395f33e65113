// The request's abort signal (Context.signal): resolvers see it, it is the
// database layer's current signal during execution, and it fires when the
// client disconnects or the execution timeout passes. A tiny schema with one
// resolver that waits for the signal shows it without timing assumptions.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { currentAbortSignal } from '../../src/db/abort.ts';
import type { Context } from '../../src/graphql/context.ts';
import { executionSignal, timedOut } from '../../src/graphql/timeout.ts';
import { createGraphQLDoor, type SharedContext } from '../../src/graphql/yoga.ts';
import { loadSettings } from '../../src/settings.ts';

interface Seen {
  signal: AbortSignal;
  isCurrent: boolean;
}

function waitingSchema(onStart: (seen: Seen) => void) {
  return new GraphQLSchema({
    query: new GraphQLObjectType<unknown, Context>({
      name: 'Query',
      fields: {
        wait: {
          type: GraphQLBoolean,
          // Resolves only when the request's signal fires.
          resolve: (_root, _args, ctx) =>
            new Promise((resolve) => {
              onStart({ signal: ctx.signal, isCurrent: currentAbortSignal() === ctx.signal });
              ctx.signal.addEventListener('abort', () => resolve(true), { once: true });
            }),
        },
      },
    }),
  });
}

let server: http.Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

async function serve(timeoutSeconds: string, onStart: (seen: Seen) => void): Promise<string> {
  const settings = loadSettings({ PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT: timeoutSeconds });
  const shared = { settings } as unknown as SharedContext; // the schema touches no database
  const door = createGraphQLDoor(settings, shared, waitingSchema(onStart));
  server = http.createServer((req, res) => void door(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const post = (url: string, signal?: AbortSignal) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ wait }' }), signal });

describe('the request signal', () => {
  it("fires when the client disconnects, and is the database layer's current signal", async () => {
    let started!: (seen: Seen) => void;
    const seen = new Promise<Seen>((resolve) => (started = resolve));
    const url = await serve('600', (s) => started(s));
    const client = new AbortController();
    const request = post(url, client.signal).catch((error: Error) => error);
    const { signal, isCurrent } = await seen;
    expect(isCurrent).toBe(true);
    expect(signal.aborted).toBe(false);
    client.abort();
    expect(await request).toBeInstanceOf(Error);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    expect(timedOut(signal)).toBe(false);
  });

  it('fires on the execution timeout; the client gets 503 TIMEOUT', async () => {
    let signal: AbortSignal | undefined;
    const url = await serve('0.05', (s) => (signal = s.signal));
    const res = await post(url);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ data: null, errors: [{ extensions: { code: 'TIMEOUT', status: 503 } }] });
    expect(signal && timedOut(signal)).toBe(true);
  });

  it('reads the clock: past its deadline it is aborted even if the timer never got to run', () => {
    const signal = executionSignal(new AbortController().signal, 0.005);
    expect(signal.aborted).toBe(false);
    const deadline = Date.now() + 10;
    while (Date.now() < deadline) {
      // Synchronous work, as a query on SQLite's synchronous driver: no timer runs meanwhile.
    }
    expect(signal.aborted).toBe(true);
    expect(timedOut(signal)).toBe(true);
    expect(() => signal.throwIfAborted()).toThrow(/execution timeout/);
    // Still a real AbortSignal.
    expect(AbortSignal.any([signal]).aborted).toBe(true);
  });

  it('fires with the client, not as a timeout', () => {
    const client = new AbortController();
    const signal = executionSignal(client.signal, 600);
    client.abort();
    expect(signal.aborted).toBe(true);
    expect(timedOut(signal)).toBe(false);
  });
});
