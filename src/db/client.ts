// One Prisma client type for both databases. Each provider has its own
// generated client (a client refuses the other provider's adapter), but the
// models are the same, so the PostgreSQL client is typed as the SQLite one:
// a union of the two client types would not be callable.
import { loggers } from '../logging/logger.ts';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.ts';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { adapterFactory, createParentDir, type TrackedFactory } from './adapters.ts';
import type { Provider } from './layout.ts';
import type { Settings } from '../settings.ts';
import { DEFAULT_POOL, type PoolSettings } from './pg-pool.ts';
import { describeTarget, type DatabaseTarget } from './url.ts';

export type Db = SqliteClient;

export interface ClientOptions {
  /**
   * Called once per SQL statement the client sends: Prisma's query events,
   * plus the BEGIN of each transaction (which those events leave out).
   */
  onQuery?: (sql: string) => void;
  /** Called with the number of rows of each result set the database returns. */
  onRows?: (rows: number) => void;
  /** Print every SQL statement with its duration to stderr. */
  log?: boolean;
  /** PostgreSQL pool (Prefect's PREFECT_SERVER_DATABASE_SQLALCHEMY_* settings); Prefect's defaults when unset. */
  pool?: PoolSettings;
  /** PostgreSQL: how long opening a connection may take (ms); PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT, 5 s. */
  connectTimeoutMs?: number;
  /** PostgreSQL statement_timeout (ms); PREFECT_SERVER_DATABASE_TIMEOUT. Unset: none. */
  statementTimeoutMs?: number;
}

/** The client options the settings ask for (pool, timeouts, SQL echo). */
export function clientOptions(settings: Settings): ClientOptions {
  const { database } = settings;
  return {
    log: database.echo,
    pool: database.pool,
    connectTimeoutMs: database.connectionTimeout * 1000,
    statementTimeoutMs: database.timeout * 1000,
  };
}

const providers = new WeakMap<Db, Provider>();
const factories = new WeakMap<Db, TrackedFactory>();
const reporters = new WeakMap<Db, (sql: string, durationMs?: number) => void>();

/**
 * The driver adapter under a client made by makeClient, once Prisma has
 * connected it, and how to report a statement sent through it as Prisma's
 * query events do (tests count statements, echo logs them). Undefined for a
 * transaction client or before the first statement: use Prisma then.
 */
export function directAdapter(db: Db): { adapter: SqlDriverAdapter; report?: (sql: string, durationMs?: number) => void } | undefined {
  const adapter = factories.get(db)?.connected();
  return adapter && { adapter, report: reporters.get(db) };
}

/**
 * Why the database of a client made by makeClient cannot take writes now
 * (SQLite: its file was deleted or replaced while serving), else undefined.
 */
export function databaseProblem(db: Db): string | undefined {
  return factories.get(db)?.problem();
}

/** Which database a client made by makeClient talks to. */
export function providerOf(db: Db): Provider {
  const provider = providers.get(db);
  if (!provider) throw new Error('providerOf: this client was not made by makeClient');
  return provider;
}

export function makeClient(target: DatabaseTarget, options: ClientOptions = {}): Db {
  createParentDir(target);
  const { onQuery, onRows, log, pool = DEFAULT_POOL, connectTimeoutMs = 5_000, statementTimeoutMs } = options;
  const wantQueries = Boolean(onQuery || log);
  const report = (sql: string, durationMs?: number): void => {
    onQuery?.(sql);
    if (log) loggers().sql.info({ sql, ...(durationMs !== undefined && { duration_ms: durationMs }) }, 'query');
  };
  const adapter = adapterFactory(target, { onAdapterStatement: wantQueries ? report : undefined, onRows, pool, connectTimeoutMs, statementTimeoutMs });
  const config = {
    adapter,
    log: wantQueries ? [{ emit: 'event' as const, level: 'query' as const }] : [],
    // Prisma's defaults (2 s to get a connection for a transaction, 5 s to
    // finish it) turned a busy pool into 503s: a transaction waits for a
    // connection as long as any statement does (pool_timeout, 30 s).
    transactionOptions: { maxWait: pool.timeout * 1000, timeout: Math.max(pool.timeout * 1000, 5_000) },
  };
  const client =
    target.provider === 'sqlite'
      ? new SqliteClient(config)
      : // Same models, so the same API; only the generated module differs.
        (new PostgresClient(config) as unknown as SqliteClient<'query'>);
  if (wantQueries) client.$on('query', (event) => report(event.query, event.duration));
  const db = client as unknown as Db;
  if (wantQueries) reporters.set(db, report);
  providers.set(db, target.provider);
  factories.set(db, adapter);
  return db;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function reason(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs} ms`;
    case '28P01':
    case '28000':
      return `authentication failed (${e.message})`;
    case '3D000':
      return 'the database does not exist';
  }
  if (/timeout/i.test(e.message ?? '')) return `no answer within ${timeoutMs} ms`;
  // Server and driver messages name users and databases, never passwords.
  return (e.message ?? String(error)).split('\n')[0];
}

export interface CheckOptions {
  /** How long to wait for PostgreSQL (ms); Prefect's connection timeout default is 5 s. */
  timeoutMs?: number;
}

/** Throws DatabaseUnavailableError (one line, no password) when the database cannot be used. */
export async function checkConnection(target: DatabaseTarget, options: CheckOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  try {
    if (target.provider === 'sqlite') {
      createParentDir(target);
      const db = new Database(target.file, { timeout: timeoutMs });
      try {
        db.prepare('SELECT 1').get();
      } finally {
        db.close();
      }
      return;
    }
    const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: timeoutMs });
    // An error after connect() failed must not become an unhandled 'error' event.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    throw new DatabaseUnavailableError(`Cannot use ${describeTarget(target)}: ${reason(error, timeoutMs)}`, { cause: error });
  }
}
