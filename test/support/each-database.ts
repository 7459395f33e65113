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
