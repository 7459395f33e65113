// npm run db:migration -- NAME
// Re-renders the model, then writes the next migration for both databases by
// diffing (WebAssembly schema engine) the schema stored with the previous
// migration against the current render. No database is needed: `createMigration`
// would want a shadow database, a datamodel-to-datamodel diff does not.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { LOCK_FILE, MIGRATION_SCHEMA_FILE, MIGRATION_SQL_FILE, PROVIDERS, ROOT, lockFileContent, migrationsDir, schemaFile, type Provider } from '../../src/db/layout.ts';
import { readMigrations } from '../../src/db/migrate.ts';
import { NO_FILTERS, openEngine } from '../../src/db/schema-engine.ts';
import { renderAll, renderSchema } from './render.ts';

/**
 * The engine renders a SQLite Json default as `DEFAULT []`, an identifier:
 * raw inserts then store '' and reads fail. Quote such defaults as strings.
 */
export function fixSqliteJsonDefaults(sql: string): string {
  return sql.replace(/ DEFAULT ([[{][^\n]*?)(,?)$/gm, (_, value: string, comma: string) => ` DEFAULT '${value.replaceAll("'", "''")}'${comma}`);
}

/**
 * SQL that turns the schema `from` (undefined: empty database) into `to`.
 * The engine picks the SQL dialect from the schemas' datasource, so an
 * in-memory SQLite adapter serves PostgreSQL diffs too (it is never queried).
 */
export async function diffSchemas(provider: Provider, from: string | undefined, to: string): Promise<string> {
  const file = path.relative(ROOT, schemaFile(provider));
  const handle = await openEngine(new PrismaBetterSqlite3({ url: ':memory:' }), { path: file, content: to });
  try {
    const result = await handle.engine.diff({
      from: from === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: file, content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: file, content: to }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (result.stdout ?? '').trim();
    // An empty diff still comes back as a comment.
    return sql === '' || /^-- This is an empty migration\.?$/.test(sql) ? '' : `${sql}\n`;
  } catch (error) {
    throw handle.explain(error);
  } finally {
    handle.dispose();
  }
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

export interface NewMigrationResult {
  /** The new folder name (same for both providers); undefined when the SQL would be empty. */
  folder?: string;
  /** Stored schemas brought up to date without a migration (comment-only model changes). */
  refreshed: string[];
}

/** Writes the next migration folders for both providers. */
export async function newMigration(rawName: string, now = new Date()): Promise<NewMigrationResult> {
  const name = rawName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  if (!name) throw new Error('usage: npm run db:migration -- <name>   (e.g. add_deployment)');
  renderAll();

  const plans = [];
  for (const provider of PROVIDERS) {
    const previous = readMigrations(provider).at(-1);
    if (previous && previous.schema === undefined) {
      throw new Error(`${path.relative(ROOT, migrationsDir(provider))}/${previous.name} has no ${MIGRATION_SCHEMA_FILE} to diff from`);
    }
    const schema = renderSchema(provider);
    let sql = await diffSchemas(provider, previous?.schema, schema);
    if (provider === 'sqlite') sql = fixSqliteJsonDefaults(sql);
    plans.push({ provider, previous: previous?.name, storedSchema: previous?.schema, schema, sql });
  }
  if (plans.every((plan) => plan.sql === '')) {
    // A change without SQL (doc comments, generator blocks) would otherwise
    // leave the stored schema behind for good: the "migrations match the
    // model" test compares the text. Only the snapshot changes, not the SQL,
    // so applied migrations' checksums stay valid.
    const refreshed = [];
    for (const plan of plans) {
      if (!plan.previous || plan.storedSchema === plan.schema) continue;
      const file = path.join(migrationsDir(plan.provider), plan.previous, MIGRATION_SCHEMA_FILE);
      fs.writeFileSync(file, plan.schema);
      refreshed.push(path.relative(ROOT, file));
    }
    return { refreshed };
  }

  // One name for both providers, later than every existing migration.
  let stamp = utcStamp(now);
  for (const plan of plans) {
    const last = plan.previous?.slice(0, 14);
    if (last && stamp <= last) stamp = String(BigInt(last) + 1n);
  }
  const folder = `${stamp}_${name}`;
  for (const plan of plans) {
    const dir = path.join(migrationsDir(plan.provider), folder);
    fs.mkdirSync(dir, { recursive: true });
    // A change that only touches the other database still gets a folder, so
    // both histories keep the same names.
    fs.writeFileSync(path.join(dir, MIGRATION_SQL_FILE), plan.sql || '-- This is an empty migration.\n');
    fs.writeFileSync(path.join(dir, MIGRATION_SCHEMA_FILE), plan.schema);
    fs.writeFileSync(path.join(migrationsDir(plan.provider), LOCK_FILE), lockFileContent(plan.provider));
  }
  return { folder, refreshed: [] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  newMigration(process.argv.slice(2).join('_')).then(
    ({ folder, refreshed }) => {
      if (folder) console.log(`wrote prisma/{sqlite,postgres}/migrations/${folder}/`);
      else if (refreshed.length) console.log(`no SQL change; brought the stored schema up to date: ${refreshed.join(', ')}`);
      else console.log('the model has not changed since the last migration: nothing written');
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
