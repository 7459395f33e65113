// Applies the committed migrations of the target's provider through the
// WebAssembly schema engine (records them in _prisma_migrations, like
// `prisma migrate deploy`).
import fs from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { adapterFactory, createParentDir } from './adapters.ts';
import { checkConnection } from './client.ts';
import { LOCK_FILE, MIGRATION_SCHEMA_FILE, MIGRATION_SQL_FILE, migrationsDir, schemaFile, type Provider } from './layout.ts';
import { NO_FILTERS, openEngine } from './schema-engine.ts';
import type { DatabaseTarget } from './url.ts';

export interface MigrationFolder {
  name: string;
  sql: string;
  /** The rendered schema the migration was diffed to (absent only if hand-made). */
  schema: string | undefined;
}

/** The names of a provider's migration folders, oldest first (names start with a UTC timestamp). */
function migrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, MIGRATION_SQL_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/** The migration folders of a provider, oldest first. */
export function readMigrations(provider: Provider, dir = migrationsDir(provider)): MigrationFolder[] {
  return migrationNames(dir).map((name) => {
    const schemaPath = path.join(dir, name, MIGRATION_SCHEMA_FILE);
    return {
      name,
      sql: fs.readFileSync(path.join(dir, name, MIGRATION_SQL_FILE), 'utf8'),
      schema: fs.existsSync(schemaPath) ? fs.readFileSync(schemaPath, 'utf8') : undefined,
    };
  });
}

export function migrationList(provider: Provider, dir = migrationsDir(provider)): MigrationList {
  const lockPath = path.join(dir, LOCK_FILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(provider, dir).map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_SQL_FILE, content: { tag: 'ok', value: m.sql } },
    })),
  };
}

export interface MigrateOptions {
  /** PostgreSQL connect timeout (ms); Prefect's default is 5 s. */
  timeoutMs?: number;
}

/**
 * Whether every committed migration is recorded as applied, and nothing else
 * (no failed one, none unknown to this version): then there is nothing for
 * the engine to do. Any other answer, no _prisma_migrations table yet or no
 * connection leaves the decision (and its errors) to the engine.
 */
async function upToDate(factory: ReturnType<typeof adapterFactory>, provider: Provider): Promise<boolean> {
  try {
    const adapter = await factory.connect();
    const { rows } = await adapter.queryRaw({ sql: 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations', args: [], argTypes: [] });
    const applied = new Set<string>();
    for (const [name, finished, rolledBack] of rows) {
      if (rolledBack !== null) continue;
      if (finished === null) return false;
      applied.add(String(name));
    }
    const committed = migrationNames(migrationsDir(provider));
    return applied.size === committed.length && committed.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** Applies the migrations not yet recorded; returns their names (empty when up to date). */
export async function applyMigrations(target: DatabaseTarget, options: MigrateOptions = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  createParentDir(target);
  const factory = adapterFactory(target, { connectTimeoutMs: timeoutMs, forSchemaEngine: true });
  // A server restarted on its own database, the usual start: the engine (a
  // WebAssembly module that stays in memory once loaded, ~16 MB of the
  // server's RSS, and ~100 ms) is not needed to learn there is nothing to do.
  if (await upToDate(factory, target.provider)) {
    await factory.closeAll();
    return [];
  }
  const schemaPath = schemaFile(target.provider);
  let handle;
  try {
    // On PostgreSQL the engine connects here.
    handle = await openEngine(factory, { path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') });
  } catch (error) {
    await factory.closeAll();
    // Prefer the one-line "cannot reach" message over the engine's.
    await checkConnection(target, { timeoutMs });
    throw error;
  }
  try {
    const result = await handle.engine.applyMigrations({ migrationsList: migrationList(target.provider), filters: NO_FILTERS });
    return result.appliedMigrationNames;
  } catch (error) {
    throw handle.explain(error);
  } finally {
    handle.dispose();
    await factory.closeAll();
  }
}
