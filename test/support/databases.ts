// Fresh databases for tests: a SQLite file under os.tmpdir() and, when
// PostgreSQL answers, a new database on it (TEST_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres, trust auth).
//
// Most tests want a migrated database: migrating one takes 0.4 s idle and
// several seconds on a loaded machine (the WebAssembly schema engine), times
// about 300 databases a run. The global setup migrates one template per
// database kind instead (buildTemplates); createMigrated() copies it (a file
// copy; CREATE DATABASE … TEMPLATE, made one ahead), and the test server skips
// migrating what came from a template.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';

export interface TestDatabases {
  name: 'sqlite' | 'postgresql';
  /** A new empty database; each call gives another one. */
  create(): Promise<DatabaseTarget>;
  /** A new database with every migration applied (a copy of the run's template). */
  createMigrated(): Promise<DatabaseTarget>;
  /** Removes every database create() made (PostgreSQL's in the background: see copyOfTemplate). */
  dispose(): Promise<void>;
}

/** Where the global setup left the migrated templates (see buildTemplates). */
export interface Templates {
  sqlite: string;
  postgresql: string | null;
}

const migrated = new WeakSet<DatabaseTarget>();

/** True for a database made by createMigrated(): nothing left to migrate. */
export function isMigrated(target: DatabaseTarget): boolean {
  return migrated.has(target);
}

/** The templates, or undefined under a setup that built none (a file run with another config). */
function templates(): Templates | undefined {
  // Read lazily: inject() exists only inside test files, not in the global setup.
  return inject('templates');
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}`;
}

async function withAdmin<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end().catch(() => {});
  }
}

let postgresReachable: Promise<boolean> | undefined;

/** Checked once per process (vitest runs each test file in its own fork). */
function checkPostgres(): Promise<boolean> {
  postgresReachable ??= withAdmin((c) => c.query('SELECT 1')).then(
    () => true,
    (error: Error) => {
      const message = `PostgreSQL at ${where(ADMIN_URL)} unreachable (${error.message})`;
      // CI must not go green without having tested PostgreSQL.
      if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this fails the suite`);
      // Once per test run: every test file is a fork of the same vitest process.
      const marker = path.join(os.tmpdir(), `prefect-test-postgres-warned-${process.ppid}`);
      if (!fs.existsSync(marker)) {
        fs.writeFileSync(marker, '');
        console.warn(`\n!!! ${message}: PostgreSQL tests SKIPPED !!!\n`);
      }
      return false;
    },
  );
  return postgresReachable;
}

function sqliteDatabases(): TestDatabases {
  const dirs: string[] = [];
  const create = async (): Promise<DatabaseTarget> => {
    // A directory per database so dispose also removes the -wal/-shm files.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-test-'));
    dirs.push(dir);
    return { provider: 'sqlite', file: path.join(dir, 'prefect.db') };
  };
  return {
    name: 'sqlite',
    create,
    async createMigrated() {
      const target = await create();
      const template = templates()?.sqlite;
      if (!template) return target;
      fs.copyFileSync(template, (target as { file: string }).file);
      migrated.add(target);
      return target;
    },
    async dispose() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Test databases of one run are named after its template (prefect_test_<run>_<random>),
 * so the global teardown drops what a run left behind, and only that run's.
 */
function copyPrefix(template: string): string {
  return `${template.replace(/^prefect_template_/, 'prefect_test_')}_`;
}

async function createDatabase(template?: string): Promise<string> {
  const run = templates()?.postgresql;
  const name = `${run ? copyPrefix(run) : 'prefect_test_'}${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  return name;
}

// Copying the template takes 0.3 s and dropping a database up to 0.4 s (more on a
// loaded machine), for about 185 blocks a run, while the worker waits. So each
// copy handed out starts the next one in the background, and drops go on in the
// background too (one at a time): the database server works while the tests run.
// The worker's module state outlives its test files (isolate: false), and so does
// the spare; whatever is left at the end goes with the global teardown.
let spare: { template: string; name: Promise<string> } | undefined;
let drops: Promise<void> = Promise.resolve();

async function copyOfTemplate(template: string): Promise<string> {
  const ready = spare?.template === template ? spare.name : undefined;
  spare = { template, name: createDatabase(template) };
  spare.name.catch(() => {}); // a failed spare is made again below, when asked for
  return ready ? ready.catch(() => createDatabase(template)) : createDatabase(template);
}

function dropInBackground(names: string[]): void {
  drops = drops.then(() =>
    withAdmin(async (c) => {
      // FORCE: a test that failed half-way may have left connections open.
      for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }).catch((error: Error) => console.warn(`test databases ${names.join(', ')} not dropped: ${error.message}`)),
  );
}

function postgresDatabases(): TestDatabases {
  const names: string[] = [];
  const target = (name: string): DatabaseTarget => {
    names.push(name);
    return { provider: 'postgresql', url: postgresUrl(name) };
  };
  return {
    name: 'postgresql',
    create: async () => target(await createDatabase()),
    async createMigrated() {
      const template = templates()?.postgresql;
      if (!template) return target(await createDatabase());
      const copy = target(await copyOfTemplate(template));
      migrated.add(copy);
      return copy;
    },
    async dispose() {
      const dropping = names.splice(0);
      if (dropping.length > 0) dropInBackground(dropping);
    },
  };
}

/**
 * Migrates one database per kind for createMigrated() to copy; returns where
 * they are and a function that removes them. The PostgreSQL template must have
 * no open connection when it is copied: applyMigrations closes its own.
 */
export async function buildTemplates(withPostgres: boolean): Promise<{ templates: Templates; dispose(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-test-template-'));
  const sqlite = path.join(dir, 'prefect.db');
  const name = withPostgres ? `prefect_template_${randomBytes(6).toString('hex')}` : null;
  await Promise.all([
    applyMigrations({ provider: 'sqlite', file: sqlite }),
    name && withAdmin((c) => c.query(`CREATE DATABASE ${name}`)).then(() => applyMigrations({ provider: 'postgresql', url: postgresUrl(name) })),
  ]);
  // Copies take the main file only: nothing may be left in a write-ahead log.
  for (const leftover of ['-wal', '-shm'])
    if (fs.existsSync(sqlite + leftover) && fs.statSync(sqlite + leftover).size > 0) throw new Error(`template ${sqlite}${leftover} not checkpointed`);
  return {
    templates: { sqlite, postgresql: name },
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
      if (!name) return;
      await withAdmin(async (c) => {
        // The workers' last spare copy and drops still under way (see copyOfTemplate): this run's copies only.
        // A worker may have ended while its spare was being copied: that copy appears when the copy commits.
        const copying = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'CREATE DATABASE ${copyPrefix(name).replaceAll('_', '\\_')}%'`;
        for (const end = Date.now() + 30_000; (await c.query<{ n: number }>(copying)).rows[0].n > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
        const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database');
        for (const { datname } of rows) if (datname.startsWith(copyPrefix(name))) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** SQLite always; PostgreSQL when reachable (CI=true makes unreachable an error). */
export async function testTargets(): Promise<TestDatabases[]> {
  return (await checkPostgres()) ? [sqliteDatabases(), postgresDatabases()] : [sqliteDatabases()];
}
