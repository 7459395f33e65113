// applyMigrations answers "nothing to do" for a database that has every
// committed migration without loading the schema engine (it stays in memory
// once loaded); anything else goes to the engine, which applies or refuses.
import { afterAll, describe, expect, it } from 'vitest';
import { makeClient } from '../../src/db/client.ts';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import { enginesOpened } from '../../src/db/schema-engine.ts';
import { testTargets } from '../support/databases.ts';

const targets = await testTargets();

describe.each(targets)('on $name', (databases) => {
  afterAll(() => databases.dispose());
  const names = readMigrations(databases.name).map((m) => m.name);

  it('opens the engine only while a committed migration is missing or failed', async () => {
    const target = await databases.create();
    const before = enginesOpened();
    const opened = () => enginesOpened() - before;
    expect(await applyMigrations(target)).toEqual(names);
    expect(opened()).toBe(1);
    expect(await applyMigrations(target)).toEqual([]);
    expect(opened()).toBe(1);

    const db = makeClient(target);
    try {
      // The last migration forgotten: the engine runs it again (its tables exist, so it refuses).
      await db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${names.at(-1)}'`);
      await expect(applyMigrations(target)).rejects.toThrow();
      expect(opened()).toBe(2);
      // A failed migration (started, never finished) is the engine's to report.
      await db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${names.at(-1)}' AND finished_at IS NULL`);
      await db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'x', '${names.at(-1)}', CURRENT_TIMESTAMP, 0)`,
      );
      await expect(applyMigrations(target)).rejects.toThrow();
      expect(opened()).toBe(3);
    } finally {
      await db.$disconnect();
    }
  });
});
