// A Prisma client made by makeClient on a fresh, migrated database of each
// kind, for tests of the database layer below the doors.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { makeClient, type ClientOptions, type Db } from '../../src/db/client.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import { testTargets, type TestDatabases } from '../support/databases.ts';

export type Provider = 'sqlite' | 'postgresql';

export function describeEachClient(
  title: string,
  body: (db: () => Db, target: () => DatabaseTarget, provider: Provider) => void,
  options: ClientOptions = {},
  providers: readonly Provider[] = ['sqlite', 'postgresql'],
) {
  for (const provider of providers) {
    describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`${title} [${provider}]`, () => {
      let db: Db | undefined;
      let target: DatabaseTarget | undefined;
      let databases: TestDatabases | undefined;
      beforeAll(async () => {
        databases = (await testTargets()).find((t) => t.name === provider)!;
        target = await databases.createMigrated();
        db = makeClient(target, options);
      });
      afterAll(async () => {
        await db?.$disconnect();
        await databases?.dispose();
      });
      body(
        () => db!,
        () => target!,
        provider,
      );
    });
  }
}

/** Polls `probe` until it returns true (at most `tries` × 50 ms). */
export async function eventually(probe: () => Promise<boolean>, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
