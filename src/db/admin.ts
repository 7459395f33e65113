// Prefect's three admin database actions (POST /admin/database/{clear,drop,create}).
// Tables are read from the catalog, so new models need no change here.
import { makeClient, providerOf, type Db } from './client.ts';
import { applyMigrations } from './migrate.ts';
import type { Provider } from './layout.ts';
import type { DatabaseTarget } from './url.ts';

const MIGRATIONS_TABLE = '_prisma_migrations';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function isTarget(value: DatabaseTarget | Db): value is DatabaseTarget {
  return typeof (value as { provider?: unknown }).provider === 'string';
}

/** Runs `action` on `db`, or on a short-lived client for `target`. */
async function withDb<T>(dbOrTarget: DatabaseTarget | Db, action: (db: Db, provider: Provider) => Promise<T>): Promise<T> {
  if (!isTarget(dbOrTarget)) return action(dbOrTarget, providerOf(dbOrTarget));
  const db = makeClient(dbOrTarget);
  try {
    return await action(db, dbOrTarget.provider);
  } finally {
    await db.$disconnect();
  }
}

interface CatalogEntry {
  name: string;
  kind: 'table' | 'view';
}

/** Our tables and views: everything in the SQLite file / the current PostgreSQL schema. */
async function catalog(db: Db, provider: Provider): Promise<CatalogEntry[]> {
  if (provider === 'sqlite') {
    return db.$queryRawUnsafe<CatalogEntry[]>(
      `SELECT name, type AS kind FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
    );
  }
  // ::text: information_schema's own types are domains the adapter may not decode.
  return db.$queryRawUnsafe<CatalogEntry[]>(
    `SELECT table_name::text AS name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END AS kind
       FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type IN ('BASE TABLE', 'VIEW')
      ORDER BY table_name`,
  );
}

/** Deletes every row of every table of ours (not the migration history), in one transaction. */
export async function clearDatabase(dbOrTarget: DatabaseTarget | Db): Promise<void> {
  await withDb(dbOrTarget, async (db, provider) => {
    const tables = (await catalog(db, provider)).filter((t) => t.kind === 'table' && t.name !== MIGRATIONS_TABLE).map((t) => quote(t.name));
    if (tables.length === 0) return;
    if (provider === 'postgresql') {
      // One TRUNCATE of all tables needs no foreign-key order.
      await db.$transaction([db.$executeRawUnsafe(`TRUNCATE TABLE ${tables.join(', ')}`)]);
      return;
    }
    // Foreign keys are checked at COMMIT, when every table is empty, so order does not matter.
    await db.$transaction([db.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON'), ...tables.map((table) => db.$executeRawUnsafe(`DELETE FROM ${table}`))]);
  });
}

/** Drops every table and view of ours, _prisma_migrations included, so createDatabase can start over. */
export async function dropDatabase(target: DatabaseTarget): Promise<void> {
  await withDb(target, async (db, provider) => {
    const entries = await catalog(db, provider);
    const views = entries.filter((e) => e.kind === 'view').map((e) => quote(e.name));
    const tables = entries.filter((e) => e.kind === 'table').map((e) => quote(e.name));
    if (provider === 'postgresql') {
      const enums = await db.$queryRawUnsafe<{ name: string }[]>(
        `SELECT t.typname::text AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = current_schema() AND t.typtype = 'e'`,
      );
      const statements = [
        views.length ? `DROP VIEW IF EXISTS ${views.join(', ')} CASCADE` : '',
        tables.length ? `DROP TABLE IF EXISTS ${tables.join(', ')} CASCADE` : '',
        enums.length ? `DROP TYPE IF EXISTS ${enums.map((e) => quote(e.name)).join(', ')} CASCADE` : '',
      ].filter(Boolean);
      if (statements.length) await db.$transaction(statements.map((sql) => db.$executeRawUnsafe(sql)));
      return;
    }
    // SQLite ignores this pragma inside a transaction, so it is set before
    // BEGIN; without it dropping a parent table first fails or cascades.
    await db.$executeRawUnsafe('PRAGMA foreign_keys = OFF');
    try {
      const statements = [...views.map((v) => `DROP VIEW IF EXISTS ${v}`), ...tables.map((t) => `DROP TABLE IF EXISTS ${t}`)];
      if (statements.length) await db.$transaction(statements.map((sql) => db.$executeRawUnsafe(sql)));
    } finally {
      await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    }
  });
}

/** Creates the schema: applies every migration not applied yet; returns their names. */
export function createDatabase(target: DatabaseTarget): Promise<string[]> {
  return applyMigrations(target);
}
