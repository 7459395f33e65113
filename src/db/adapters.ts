// Prisma driver-adapter factories for a DatabaseTarget, shared by the client
// and the schema engine so both see the same connection settings.
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { pgPoolConfig, withAbort, type PoolSettings } from './pg-pool.ts';
import { forgetPool, watchPool } from '../metrics/metrics.ts';
import { SqliteFileWatch } from './sqlite-file.ts';
import { registerSqliteFunctions } from './sqlite-functions.ts';
import { cacheSqliteStatements } from './sqlite-statements.ts';
import { guardStatements } from './statement-guard.ts';
import type { DatabaseTarget } from './url.ts';

/** Prefect's own busy timeout, as better-sqlite3's `timeout` option. */
export const SQLITE_BUSY_TIMEOUT_MS = 60_000;
/** SQLITE_MAX_VARIABLE_NUMBER of the SQLite better-sqlite3 bundles (3.32 and later). */
const SQLITE_MAX_VARIABLES = 32_766;
/**
 * Prefect's journal, sync and foreign-key settings, and a 32 MiB page cache
 * (SQLite's default is 2 MiB). At 1M runs (an 8 GB file) the flat filter's
 * index walk and tag lookups missed that cache on most pages and read them
 * back from the OS one by one: 52 → 27 ms of CPU per request and p50 489 →
 * 298 ms (bench flat-rest, SQLite 1M); peak RSS 274 → 278 MB. 64 MiB did no
 * better.
 */
const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;';

export interface AdapterOptions {
  /** PostgreSQL: how long opening a connection may take (ms). */
  connectTimeoutMs?: number;
  /** PostgreSQL: pool size, overflow, wait for a free connection, recycling (Prefect's defaults when unset). */
  pool?: PoolSettings;
  /** PostgreSQL: statement_timeout (ms) of every connection; unset: none. */
  statementTimeoutMs?: number;
  /**
   * Statements the adapter sends on its own: Prisma's query events report
   * COMMIT and ROLLBACK but not the BEGIN sent by `startTransaction`.
   */
  onAdapterStatement?: (sql: string) => void;
  /** Rows each query returned (reads only), for tests and the bench to count rows fetched. */
  onRows?: (rows: number) => void;
  /** The adapter serves the schema engine (see SHARED_LOCKING below). */
  forSchemaEngine?: boolean;
}

/**
 * The schema engine starts with `PRAGMA main.locking_mode=EXCLUSIVE`. In WAL
 * mode every other open connection (say the server's own client) holds a
 * shared lock on the file, so the engine's first write waited out the 60 s
 * busy timeout and failed (`create` while the server runs, tests with a client
 * open). Its migration steps run fine in normal locking mode.
 */
const ENGINE_EXCLUSIVE_LOCK = /^\s*PRAGMA\s+(main\.)?locking_mode\s*=\s*EXCLUSIVE\s*;?\s*$/i;

export interface TrackedFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Disposes every connection this factory opened (the engine does not always). */
  closeAll(): Promise<void>;
  /** Why the database cannot take writes now (SQLite: its file was deleted or replaced), else undefined. */
  problem(): string | undefined;
  /** The adapter Prisma's client connected through (with every hook above), once it has. */
  connected(): SqlDriverAdapter | undefined;
}

export function createParentDir(target: DatabaseTarget): void {
  if (target.provider === 'sqlite' && target.file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
  }
}

/** Reports the row count of every result set, inside transactions too. */
function countRows(queryable: Pick<SqlDriverAdapter, 'queryRaw'> & Partial<Pick<SqlDriverAdapter, 'startTransaction'>>, onRows: (rows: number) => void): void {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    onRows(result.rows.length);
    return result;
  };
  const start = queryable.startTransaction?.bind(queryable);
  if (start) {
    queryable.startTransaction = async (isolationLevel) => {
      const transaction = await start(isolationLevel);
      countRows(transaction, onRows);
      return transaction;
    };
  }
}

export function adapterFactory(target: DatabaseTarget, options: AdapterOptions = {}): TrackedFactory {
  const inner: SqlMigrationAwareDriverAdapterFactory =
    target.provider === 'sqlite'
      ? new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS })
      : new PrismaPg(pgPoolConfig(target.url, options) as ConstructorParameters<typeof PrismaPg>[0]);
  const fileWatch = target.provider === 'sqlite' && target.file !== ':memory:' && !options.forSchemaEngine ? new SqliteFileWatch(target.file) : undefined;
  const open = new Set<SqlDriverAdapter>();
  let main: SqlDriverAdapter | undefined;
  const track = async (connect: () => Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connect();
    // Pragmas are per connection; a better-sqlite3 adapter is one connection.
    if (target.provider === 'sqlite') {
      await adapter.executeScript(SQLITE_PRAGMAS);
      // Without this Prisma assumes SQLite's old limit of 999 bound values and
      // refuses nested reads over more rows (100 flows × 10 runs × 10 task runs).
      adapter.getConnectionInfo = () => ({ maxBindValues: SQLITE_MAX_VARIABLES, supportsRelationJoins: false });
      // The adapter keeps its better-sqlite3 handle as `client`: like() as PostgreSQL's ILIKE
      // answers, and statements compiled once (sqlite-statements.ts).
      const client = (adapter as unknown as { client: Database.Database }).client;
      registerSqliteFunctions(client);
      cacheSqliteStatements(client);
    }
    open.add(adapter);
    if (target.provider === 'sqlite' && options.forSchemaEngine) {
      const executeRaw = adapter.executeRaw.bind(adapter);
      adapter.executeRaw = (query) => (ENGINE_EXCLUSIVE_LOCK.test(query.sql) ? Promise.resolve(0) : executeRaw(query));
    }
    const onRows = options.onRows;
    if (onRows) countRows(adapter, onRows);
    const report = options.onAdapterStatement;
    if (report) {
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        const transaction = await start(isolationLevel);
        report('BEGIN');
        // adapter-pg sets a requested level itself; better-sqlite3 only knows SERIALIZABLE.
        if (isolationLevel && target.provider === 'postgresql') report(`SET TRANSACTION ISOLATION LEVEL ${isolationLevel}`);
        return transaction;
      };
    }
    if (!options.forSchemaEngine) {
      // Last, so it wraps the hooks above: a refused statement is neither counted nor reported.
      fileWatch?.recordOpened();
      if (target.provider === 'postgresql') {
        const pool = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
        withAbort(pool);
        watchPool(pool);
      }
      guardStatements(adapter, { beforeWrite: fileWatch && (() => fileWatch.assertWritable()) });
    }
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return; // closing twice throws on pg
      if (main === adapter) main = undefined;
      if (target.provider === 'postgresql') forgetPool((adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver());
      await dispose();
    };
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => (main = await track(() => inner.connect())),
    connectToShadowDb: () => track(() => inner.connectToShadowDb()),
    async closeAll() {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
    problem: () => fileWatch?.problem(),
    connected: () => main,
  };
}
