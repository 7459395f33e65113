// Prefect's admin actions: clear (rows), drop (everything), create (migrate).
import { afterAll, describe, expect, it } from 'vitest';
import { clearDatabase, createDatabase, dropDatabase } from '../../src/db/admin.ts';
import { makeClient, type Db } from '../../src/db/client.ts';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import { testTargets } from '../support/databases.ts';

const targets = await testTargets();

async function tableNames(db: Db, target: DatabaseTarget): Promise<string[]> {
  const rows =
    target.provider === 'sqlite'
      ? await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name`)
      : await db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
  return rows.map((r) => r.name);
}

async function seed(db: Db): Promise<void> {
  await db.flow.create({ data: { name: 'a', tags: ['t'], tag_rows: { create: [{ tag: 't' }] } } });
  await db.flow.create({ data: { name: 'b' } });
}

describe.each(targets)('admin actions on $name', (databases) => {
  afterAll(() => databases.dispose());
  const names = readMigrations(databases.name).map((m) => m.name);

  it('clear deletes every row in one transaction and keeps the migration history', async () => {
    const target = await databases.create();
    await applyMigrations(target);
    const statements: string[] = [];
    const db = makeClient(target, { onQuery: (sql) => statements.push(sql) });
    try {
      await seed(db);
      statements.length = 0;
      await clearDatabase(db);
      expect(await db.flow.count()).toBe(0);
      expect(await db.flowTag.count()).toBe(0);
      const writes = statements.filter((sql) => /^(DELETE|TRUNCATE)/i.test(sql));
      expect(writes.length).toBeGreaterThan(0);
      if (target.provider === 'postgresql') {
        // One TRUNCATE of every table is a transaction by itself.
        expect(writes).toHaveLength(1);
        expect(writes[0]).toMatch(/^TRUNCATE TABLE /);
        for (const table of ['"flow"', '"flow_tag"', '"flow_run"', '"csrf_token"']) expect(writes[0]).toContain(table);
      } else {
        expect(statements.filter((sql) => sql === 'BEGIN')).toHaveLength(1);
        expect(statements.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
      }
      expect(writes.join(' ')).not.toContain('_prisma_migrations');
      // Clearing an empty database works too, and the history is untouched.
      await clearDatabase(target);
      expect(await applyMigrations(target)).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  });

  it('drop removes every table including _prisma_migrations; create brings them back', async () => {
    const target = await databases.create();
    await createDatabase(target);
    const db = makeClient(target);
    try {
      await seed(db);
      const created = await tableNames(db, target);
      expect(created).toEqual(expect.arrayContaining(['_prisma_migrations', 'flow', 'flow_tag']));
      await dropDatabase(target);
      expect(await tableNames(db, target)).toEqual([]);
      await dropDatabase(target); // dropping nothing is fine
      expect(await createDatabase(target)).toEqual(names);
      expect(await tableNames(db, target)).toEqual(created);
      expect(await db.flow.count()).toBe(0);
      await seed(db);
      expect(await db.flowTag.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });
});
