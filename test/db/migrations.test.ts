// The committed schemas and migrations match the model, and the migrations
// build a working database on every provider.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSchema } from '../../scripts/db/render.ts';
import { diffSchemas, fixSqliteJsonDefaults } from '../../scripts/db/new-migration.ts';
import { makeClient } from '../../src/db/client.ts';
import { LOCK_FILE, PROVIDERS, lockFileContent, migrationsDir, schemaFile } from '../../src/db/layout.ts';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import { enginesOpened } from '../../src/db/schema-engine.ts';
import { testTargets } from '../support/databases.ts';

describe('committed files', () => {
  it.each(PROVIDERS)('the rendered %s schema is current (npm run db:render)', (provider) => {
    expect(fs.readFileSync(schemaFile(provider), 'utf8')).toBe(renderSchema(provider));
  });

  it('both providers have the same migration names and a lock file', () => {
    const [sqlite, postgres] = PROVIDERS.map((p) => readMigrations(p).map((m) => m.name));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite).toEqual(postgres);
    for (const provider of PROVIDERS) {
      expect(fs.readFileSync(`${migrationsDir(provider)}/${LOCK_FILE}`, 'utf8')).toBe(lockFileContent(provider));
    }
  });

  it.each(PROVIDERS)('the last %s migration was made from the current model (npm run db:migration -- <name>)', async (provider) => {
    const last = readMigrations(provider).at(-1)!;
    const current = renderSchema(provider);
    expect(last.schema, `${last.name} stores the schema it was made from`).toBeDefined();
    expect(await diffSchemas(provider, last.schema, current)).toBe('');
    expect(last.schema).toBe(current);
  });

  it('quotes the SQLite Json defaults the engine leaves bare', () => {
    const sql = '    "tags" JSONB NOT NULL DEFAULT [],\n    "ctx" JSONB NOT NULL DEFAULT {"a": \'b\'}\n    "n" INTEGER NOT NULL DEFAULT 0,\n';
    expect(fixSqliteJsonDefaults(sql)).toBe(
      '    "tags" JSONB NOT NULL DEFAULT \'[]\',\n    "ctx" JSONB NOT NULL DEFAULT \'{"a": \'\'b\'\'}\'\n    "n" INTEGER NOT NULL DEFAULT 0,\n',
    );
  });

  it('SQLite Json defaults are string literals', () => {
    for (const migration of readMigrations('sqlite')) {
      expect(migration.sql).not.toMatch(/ DEFAULT [[{]/);
    }
  });
});

const targets = await testTargets();

describe.each(targets)('on $name', (databases) => {
  afterAll(() => databases.dispose());
  const names = readMigrations(databases.name).map((m) => m.name);

  // Up to date, applyMigrations answers "nothing to do" without loading the schema engine (it stays in
  // memory once loaded); a missing or failed committed migration goes to the engine, which applies or refuses.
  it('applies every migration once, then nothing; opens the engine only while a migration is missing or failed', async () => {
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

  it('stores and reads every column of flow and flow_tag', async () => {
    const target = await databases.create();
    await applyMigrations(target);
    const db = makeClient(target);
    try {
      const before = Date.now();
      const flow = await db.flow.create({
        data: {
          name: 'etl',
          tags: ['b', 'a', 'b'],
          labels: { team: 'data', nested: { n: 1, list: [true, null] } },
          tag_rows: { create: [{ tag: 'a' }, { tag: 'b' }] },
        },
      });
      expect(flow.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(flow.created.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(flow.updated.getTime()).toBe(flow.created.getTime());

      const read = await db.flow.findUniqueOrThrow({ where: { name: 'etl' }, include: { tag_rows: { orderBy: { tag: 'asc' } } } });
      expect(read).toEqual({
        ...flow,
        tags: ['b', 'a', 'b'],
        labels: { team: 'data', nested: { n: 1, list: [true, null] } },
        tag_rows: [
          { flow_id: flow.id, tag: 'a' },
          { flow_id: flow.id, tag: 'b' },
        ],
      });

      // Defaults: tags [] and labels NULL.
      const bare = await db.flow.create({ data: { name: 'bare' } });
      expect(bare.tags).toEqual([]);
      expect(bare.labels).toBeNull();

      // @updatedAt moves, created stays.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const renamed = await db.flow.update({ where: { id: bare.id }, data: { name: 'bare2' } });
      expect(renamed.created).toEqual(bare.created);
      expect(renamed.updated.getTime()).toBeGreaterThan(bare.updated.getTime());

      // A row inserted without the client still gets a readable tags default
      // (on SQLite this needs DEFAULT '[]', not DEFAULT []).
      const id = '00000000-0000-4000-8000-000000000001';
      const now = new Date();
      if (target.provider === 'sqlite') {
        await db.$executeRaw`INSERT INTO flow (id, name, created, updated) VALUES (${id}, 'raw', ${now}, ${now})`;
      } else {
        await db.$executeRaw`INSERT INTO flow (id, name, created, updated) VALUES (${id}::uuid, 'raw', ${now}, ${now})`;
      }
      expect((await db.flow.findUniqueOrThrow({ where: { id } })).tags).toEqual([]);
    } finally {
      await db.$disconnect();
    }
  });

  it('deletes a flow’s tag rows with the flow and rejects a duplicate name', async () => {
    const target = await databases.create();
    await applyMigrations(target);
    const db = makeClient(target);
    try {
      const flow = await db.flow.create({ data: { name: 'f', tags: ['x'], tag_rows: { create: [{ tag: 'x' }] } } });
      await expect(db.flow.create({ data: { name: 'f' } })).rejects.toMatchObject({ code: 'P2002' });
      await db.flow.delete({ where: { id: flow.id } });
      expect(await db.flowTag.count()).toBe(0);
      await expect(db.flowTag.create({ data: { flow_id: flow.id, tag: 'orphan' } })).rejects.toMatchObject({ code: 'P2003' });
    } finally {
      await db.$disconnect();
    }
  });
});
