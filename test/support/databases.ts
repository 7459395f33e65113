// Fresh databases for tests: a SQLite file under os.tmpdir() and, when
// PostgreSQL answers, a new database on it (TEST_POSTGRES_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres, trust auth).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/db/url.ts';

export interface TestDatabases {
  name: 'sqlite' | 'postgresql';
  /** A new empty database; each call gives another one. */
  create(): Promise<DatabaseTarget>;
  /** Removes every database create() made. */
  dispose(): Promise<void>;
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
  return {
    name: 'sqlite',
    async create() {
      // A directory per database so dispose also removes the -wal/-shm files.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-test-'));
      dirs.push(dir);
      return { provider: 'sqlite', file: path.join(dir, 'prefect.db') };
    },
    async dispose() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDatabases(): TestDatabases {
  const names: string[] = [];
  return {
    name: 'postgresql',
    async create() {
      const name = `prefect_test_${randomBytes(6).toString('hex')}`;
      await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
      names.push(name);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      return { provider: 'postgresql', url: url.toString() };
    },
    async dispose() {
      const dropping = names.splice(0);
      if (dropping.length === 0) return;
      // FORCE: a test that failed half-way may have left connections open.
      await withAdmin(async (c) => {
        for (const name of dropping) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** SQLite always; PostgreSQL when reachable (CI=true makes unreachable an error). */
export async function testTargets(): Promise<TestDatabases[]> {
  return (await checkPostgres()) ? [sqliteDatabases(), postgresDatabases()] : [sqliteDatabases()];
}
