// Runs a block of tests once per database: SQLite always, PostgreSQL when the
// global setup found it. Each block gets its own server on a fresh database.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { testTargets, type TestDatabases } from './databases.ts';
import { startServer, type TestServer } from './server.ts';

export type Provider = 'sqlite' | 'postgresql';

export function describeEachDatabase(title: string, body: (server: () => TestServer, provider: Provider) => void, env: Record<string, string> = {}) {
  for (const provider of ['sqlite', 'postgresql'] as const) {
    describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`${title} [${provider}]`, () => {
      let server: TestServer | undefined;
      let databases: TestDatabases | undefined;
      beforeAll(async () => {
        databases = (await testTargets()).find((t) => t.name === provider)!;
        server = await startServer(await databases.createMigrated(), env);
      });
      afterAll(async () => {
        await server?.close();
        await databases?.dispose();
      });
      body(() => server!, provider);
    });
  }
}

/**
 * Like describeEachDatabase, but one database per provider read by several
 * servers, one per settings variant (e.g. SQL reads off and on), all started
 * before the block's tests: a costly seed is made once (in a beforeAll of
 * `body`, through any of them) instead of once per variant. For tests that only
 * read: every variant sees what the others wrote.
 */
export function describeEachDatabaseShared<V extends string>(
  title: string,
  variants: Record<V, Record<string, string>>,
  body: (servers: Record<V, () => TestServer>, provider: Provider) => void,
) {
  const names = Object.keys(variants) as V[];
  for (const provider of ['sqlite', 'postgresql'] as const) {
    describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`${title} [${provider}]`, () => {
      const started = new Map<V, TestServer>();
      let databases: TestDatabases | undefined;
      beforeAll(async () => {
        databases = (await testTargets()).find((t) => t.name === provider)!;
        const target = await databases.createMigrated();
        for (const name of names) started.set(name, await startServer(target, variants[name]));
      });
      afterAll(async () => {
        for (const server of started.values()) await server.close();
        await databases?.dispose();
      });
      body(Object.fromEntries(names.map((name) => [name, () => started.get(name)!])) as Record<V, () => TestServer>, provider);
    });
  }
}
