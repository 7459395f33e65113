// Seeds a bench database: a fresh SQLite file or PostgreSQL database, the
// server's own migrations (applyMigrations), then the rows of data.ts in bulk.
// A database already seeded with the same size, seed and data version is
// reused as it is (the marker is written last, so a half-done seed is redone).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { applyMigrations } from '../../src/db/migrate.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import { progressBar } from '../progress.ts';
import { emptyBatch, flows, runGenerator, type Batch } from './data.ts';
import { markerHash, postgresWriter, sqliteWriter } from './writers.ts';

export type Provider = 'sqlite' | 'postgresql';

export const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };
/** Bump when data.ts changes what it generates: seeded databases are then redone. */
export const DATA_VERSION = 2;
const RUNS_PER_BATCH = 2_000;

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function labelOf(size: number): string {
  return Object.entries(SIZES).find(([, n]) => n === size)?.[0] ?? String(size);
}

/** Where the bench keeps a size's data: bench/.data/*.db, or prefect_bench_<size> next to ADMIN_URL's database. */
export function benchTarget(provider: Provider, size: number): DatabaseTarget {
  const label = labelOf(size).toLowerCase();
  if (provider === 'sqlite') return { provider, file: path.join(BENCH_DIR, '.data', `prefect-bench-${label}.db`) };
  const url = new URL(ADMIN_URL);
  url.pathname = `/prefect_bench_${label}`;
  return { provider, url: url.toString() };
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** The same server's `postgres` database, to create, drop and inspect the target. */
async function withAdmin<T>(targetUrl: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(targetUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function isSeeded(target: DatabaseTarget, marker: string): Promise<boolean> {
  if (target.provider === 'sqlite') {
    if (!fs.existsSync(target.file)) return false;
    const db = new Database(target.file, { readonly: true });
    try {
      return db.pragma('user_version', { simple: true }) === markerHash(marker);
    } finally {
      db.close();
    }
  }
  return withAdmin(target.url, async (client) => {
    const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1`, [databaseName(target.url)]);
    return rows[0]?.marker === marker;
  });
}

async function recreate(target: DatabaseTarget): Promise<void> {
  if (target.provider === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${target.file}${suffix}`, { force: true });
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    return;
  }
  const name = databaseName(target.url);
  await withAdmin(target.url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

export interface SeedOptions {
  size: number;
  seed?: number;
  /** Seed even when the database already holds this data set. */
  force?: boolean;
  /** No progress bar (tests). */
  quiet?: boolean;
}

export interface SeedResult {
  reused: boolean;
  seconds: number;
}

export async function seedDatabase(target: DatabaseTarget, { size, seed = 1, force = false, quiet = false }: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const marker = `prefect-bench size=${size} seed=${seed} data=v${DATA_VERSION}`;
  if (!force && (await isSeeded(target, marker))) return { reused: true, seconds: 0 };
  await recreate(target);
  await applyMigrations(target);
  const writer = target.provider === 'sqlite' ? sqliteWriter(target.file) : postgresWriter(target.url, databaseName(target.url));
  const where = target.provider === 'sqlite' ? path.relative(process.cwd(), target.file) : databaseName(target.url);
  const progress = quiet ? undefined : progressBar(`seeding ${target.provider} ${where}`, size);
  try {
    await writer.begin();
    const made = flows(seed);
    await writer.write(made.batch);
    const next = runGenerator(seed, made.flows, size);
    for (let done = 0; done < size; ) {
      const count = Math.min(RUNS_PER_BATCH, size - done);
      const batch: Batch = emptyBatch();
      next(count, batch);
      await writer.write(batch);
      done += count;
      progress?.update(done);
    }
    if (!quiet) process.stderr.write('indexing and analyzing...\n');
    await writer.finish(marker);
  } finally {
    await writer.close();
  }
  const seconds = (Date.now() - started) / 1000;
  progress?.done(`(${seconds.toFixed(1)} s with indexes)`);
  return { reused: false, seconds };
}
