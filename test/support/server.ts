// Starts the real server (both doors) on a free port over a fresh database,
// with every SQL statement counted.
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { loadSettings } from '../../src/settings.ts';
import { clientOptions, makeClient, type Db } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import { createServer } from '../../src/server.ts';
import { isMigrated } from './databases.ts';
import { createMemoryBus, type EventBus } from '../../src/events/bus.ts';
import { startServices, stopServices } from '../../src/services/index.ts';
import type { Settings } from '../../src/settings.ts';

export interface TestServer {
  url: string;
  db: Db;
  target: DatabaseTarget;
  /** The server's event bus: publish to it, or drain() it to wait for consumers. */
  events: EventBus;
  settings: Settings;
  /** SQL statements sent since the last resetQueries(). */
  queries: string[];
  /** Rows the database returned, one entry per result set, since the last resetQueries(). */
  rows: number[];
  resetQueries(): void;
  rest(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RestAnswer>;
  gql<R, V>(document: TypedDocumentNode<R, V> | string, variables?: V): Promise<{ data?: R; errors?: GraphQLErrorJson[] }>;
  close(): Promise<void>;
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON; the text itself for other content types; undefined for an empty body. */
  body: any;
}

export interface GraphQLErrorJson {
  message: string;
  path?: string[];
  extensions?: { code?: string; status?: number; exception_detail?: unknown[] };
}

function urlOf(target: DatabaseTarget): string {
  return target.provider === 'sqlite' ? `sqlite+aiosqlite:///${target.file}` : target.url;
}

export async function startServer(target: DatabaseTarget, env: Record<string, string> = {}): Promise<TestServer> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'prefect-home-'));
  // The scheduler, late-runs, foreman and triggers services would add and change rows under other tests' feet: off unless a test turns them on.
  const quiet = {
    PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'false',
    PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: 'false',
    PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: 'false',
    PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'false',
  };
  const settings = loadSettings({ PREFECT_HOME: home, PREFECT_SERVER_DATABASE_CONNECTION_URL: urlOf(target), ...quiet, ...env });
  if (!isMigrated(target)) await applyMigrations(target);
  const queries: string[] = [];
  const rows: number[] = [];
  const db = makeClient(target, { ...clientOptions(settings), log: false, onQuery: (sql) => queries.push(sql), onRows: (count) => rows.push(count) });
  const events = createMemoryBus({ warn: () => {} });
  const server = createServer({ settings, db, target, events });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const services = startServices({ settings, db, target, events });
  // The services' first passes (vacuum, repossessor, ...) run now: not inside a test's counted statements.
  await Promise.all(services.map((service) => service.idle?.()));

  return {
    url,
    db,
    target,
    events,
    settings,
    queries,
    rows,
    resetQueries: () => {
      queries.splice(0);
      rows.splice(0);
    },
    async rest(method, route, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${settings.api.basePath}${route}`, init);
      const text = await res.text();
      const json = res.headers.get('content-type')?.startsWith('application/json');
      return { status: res.status, headers: res.headers, text, body: text === '' ? undefined : json ? JSON.parse(text) : text };
    },
    async gql(document, variables) {
      const query = typeof document === 'string' ? document : print(document);
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    async close() {
      await stopServices(services);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.$disconnect();
    },
  };
}
