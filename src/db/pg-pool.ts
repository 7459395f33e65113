// The PostgreSQL connection pool under adapter-pg, sized and timed by
// Prefect's SQLAlchemy pool settings, with statements that stop when the
// request that started them is aborted.
import pg from 'pg';
import { currentAbortSignal } from './abort.ts';
import { statementName } from './prepared-statements.ts';

/** Prefect's PREFECT_SERVER_DATABASE_SQLALCHEMY_* pool settings, in their units. */
export interface PoolSettings {
  /** Connections kept open (SQLAlchemy pool_size). */
  size: number;
  /** Connections opened beyond `size` under load, closed when idle (max_overflow). */
  maxOverflow: number;
  /** Seconds a request waits for a free connection before a 503 (pool_timeout). */
  timeout: number;
  /** Seconds after which a connection is replaced (pool_recycle). */
  recycle: number;
}

/** Prefect's defaults. */
export const DEFAULT_POOL: PoolSettings = { size: 5, maxOverflow: 10, timeout: 30, recycle: 3600 };

export interface PgPoolOptions {
  pool?: PoolSettings;
  /** How long opening one connection may take (ms): PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT. */
  connectTimeoutMs?: number;
  /** PostgreSQL's statement_timeout (ms): PREFECT_SERVER_DATABASE_TIMEOUT; unset: none. */
  statementTimeoutMs?: number;
}

type QueryConfig = { text: string; name?: string; submit?: unknown; callback?: unknown };

const isPlainQueryConfig = (value: unknown): value is QueryConfig =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as QueryConfig).text === 'string' &&
  typeof (value as QueryConfig).submit !== 'function' &&
  typeof (value as QueryConfig).callback !== 'function';

/**
 * Asks the server to cancel what `client`'s backend runs, from a second short
 * connection (pg_cancel_backend; a client cannot interrupt its own busy
 * connection). The client is then never returned to the pool: a cancel that
 * lands late must not hit the next request's statement on that backend, and
 * closing the connection also rolls back a transaction left open.
 */
function cancelBackend(client: pg.PoolClient & { processID?: number | null }, config: pg.ClientConfig): void {
  const release = client.release;
  client.release = (error?: Error | boolean) => release(error ?? true);
  const pid = client.processID;
  if (!pid) return;
  const canceller = new pg.Client({ ...config, statement_timeout: undefined });
  canceller.on('error', () => {});
  canceller
    .connect()
    .then(() => canceller.query('SELECT pg_cancel_backend($1)', [pid]))
    .catch(() => {}) // best effort: the statement then ends on its own or by statement_timeout
    .finally(() => void canceller.end().catch(() => {}));
}

/**
 * Each statement a client runs for a request listens to that request's abort
 * signal. adapter-pg calls `client.query` synchronously from the adapter
 * method our statement guard called, so the AsyncLocalStorage store is the
 * request's here.
 */
function listenForAbort(client: pg.Client, config: pg.ClientConfig): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (args.length === 1 && isPlainQueryConfig(args[0]) && args[0].name === undefined) {
      const name = statementName(client, args[0].text);
      if (name !== undefined) args[0] = { ...args[0], name };
    }
    const signal = currentAbortSignal();
    // Once aborted only ROLLBACK gets this far (the guard refuses the rest): let it run.
    if (!signal || signal.aborted || args.length !== 1 || !isPlainQueryConfig(args[0])) return query(...args);
    const result = query(...args) as Promise<unknown>;
    const onAbort = () => cancelBackend(client as unknown as pg.PoolClient, config);
    signal.addEventListener('abort', onAbort, { once: true });
    return result.finally(() => signal.removeEventListener('abort', onAbort));
  };
}

/**
 * pg.Pool.query hands the statement to whichever client frees up, in that
 * client's async context; checking the client out here keeps the request's
 * context (and its abort signal) for the statement.
 */
function checkOutPerStatement(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (!currentAbortSignal() || args.length !== 1 || !isPlainQueryConfig(args[0])) return query(...args);
    return queryOnCheckedOutClient(pool, args[0]);
  };
}

async function queryOnCheckedOutClient(pool: pg.Pool, config: QueryConfig): Promise<unknown> {
  const client = await pool.connect();
  let failure: Error | undefined;
  // A checked-out client with no 'error' listener would crash the process on a lost connection.
  const onError = (error: Error) => (failure ??= error);
  client.on('error', onError);
  try {
    return await client.query(config as pg.QueryConfig);
  } catch (error) {
    failure ??= error as Error;
    throw error;
  } finally {
    client.removeListener('error', onError);
    // As pg.Pool.query does: a client whose statement failed is not reused.
    client.release(failure);
  }
}

/** pg.Pool options for adapter-pg; `withAbort` is applied to the pool adapter-pg creates from them. */
export function pgPoolConfig(connectionString: string, options: PgPoolOptions): pg.PoolConfig {
  const pool = options.pool ?? DEFAULT_POOL;
  const clientConfig: pg.ClientConfig = {
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
  };
  // pg.Pool uses one connectionTimeoutMillis for two waits: for a free
  // connection (SQLAlchemy's pool_timeout, Prefect's 30 s) and for opening
  // one (PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT, 5 s). The pool gets the
  // first; each client enforces the second itself.
  class PoolClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: options.connectTimeoutMs });
      listenForAbort(this, clientConfig);
      // A terminated backend reports itself as an 'error' event when no
      // statement is running. pg-pool hands a new client to its requester in
      // a microtask, after removing its own listener: an error parsed from the
      // same network read lands in between, with nobody listening, and would
      // kill the process (seen under pg_terminate_backend, on a client that
      // had run no statement yet). The statement that next uses the client
      // fails instead (not queryable → 503) and the pool drops it on release.
      this.on('error', () => {});
    }
  }
  return {
    ...clientConfig,
    max: pool.size + pool.maxOverflow,
    // Idle connections above pool_size close after idleTimeoutMillis (overflow), the rest stay.
    min: pool.size,
    connectionTimeoutMillis: pool.timeout * 1000,
    maxLifetimeSeconds: pool.recycle,
    Client: PoolClient as unknown as pg.PoolConfig['Client'],
  };
}

/** Installs the per-statement checkout on the pool adapter-pg made (see checkOutPerStatement). */
export function withAbort(pool: pg.Pool): void {
  checkOutPerStatement(pool);
}
