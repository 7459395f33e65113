// One gate every SQL statement passes on its way to the driver, whatever door
// (REST, GraphQL, background work) asked for it. Before the statement:
// refuse it when the request was aborted, reject text that a database would
// refuse or alter (NUL, unpaired surrogates: 422), and on
// SQLite refuse writes when the database file is gone. After a failure:
// turn a lost connection or an aborted request into a 503 a client may retry.
//
// Errors raised here travel as DatabaseLayerErrors (see errors.ts), which
// Prisma passes up unchanged, rolling back the transaction they happened in.
import { isDriverAdapterError, type SqlDriverAdapter, type SqlQuery, type Transaction } from '@prisma/driver-adapter-utils';
import { ApiError, DatabaseLayerError, isRetryableSqlState, RequestAbortedError, ServiceUnavailableError } from '../errors.ts';
import { currentAbortSignal } from './abort.ts';
import { rejectUnstorableText } from './unstorable-text.ts';

export interface GuardOptions {
  /** Throws when writing would be lost (SQLite: the database file was deleted or replaced). */
  beforeWrite?: () => void;
}

/** Transaction control always runs: refusing COMMIT or ROLLBACK would leave the connection inside a transaction. */
const TRANSACTION_CONTROL = /^\s*(COMMIT|ROLLBACK|RELEASE|SAVEPOINT)\b/i;
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE)\b|^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b/i;
const READ = /^\s*(SELECT|WITH|VALUES|PRAGMA\s+\w+\s*;?\s*$)/i;

/** adapter-pg and pg/pg-pool errors that mean the connection is gone (no SQLSTATE to go by). */
const LOST_CONNECTION = /Connection terminated|not queryable|ECONNRESET|ECONNREFUSED|EPIPE|connection error/i;
const LOST_KINDS = new Set(['ConnectionClosed', 'DatabaseNotReachable', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);

function aborted(signal: AbortSignal, cause?: unknown): RequestAbortedError {
  const reason = signal.reason instanceof Error ? signal.reason.message : signal.reason === undefined ? '' : String(signal.reason);
  return new RequestAbortedError(`Request aborted${reason ? `: ${reason}` : ''}`, { cause });
}

interface Unavailable {
  why: string;
  /** The connection died (rather than a timeout or a full server): another one may well work. */
  lost: boolean;
}

/** Why the database cannot serve this statement now, or undefined for any other failure. */
function unavailable(error: unknown): Unavailable | undefined {
  if (isDriverAdapterError(error)) {
    const cause = error.cause as { kind: string; code?: unknown; originalCode?: unknown; message?: unknown };
    if (LOST_KINDS.has(cause.kind)) return { why: `the database connection failed (${cause.kind})`, lost: cause.kind === 'ConnectionClosed' };
    const code = cause.originalCode ?? cause.code;
    if (!isRetryableSqlState(code)) return undefined;
    return { why: `the database refused the statement (${String(code)}: ${String(cause.message ?? '')})`, lost: /^(08|57P0[12])/.test(String(code)) };
  }
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return undefined;
  if (/timeout exceeded when trying to connect/i.test(message)) {
    return { why: 'no database connection became free in time (PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT)', lost: false };
  }
  if (LOST_CONNECTION.test(message)) return { why: `the database connection was lost (${message})`, lost: true };
  return undefined;
}

async function run<T>(statement: () => Promise<T>, safeToResend: boolean): Promise<T> {
  const signal = currentAbortSignal();
  try {
    return await statement();
  } catch (error) {
    if (signal?.aborted) throw aborted(signal, error);
    const problem = unavailable(error);
    if (problem === undefined) throw error;
    // What is safe to send again whose connection died (say it was terminated
    // while idle in the pool) is sent once more on another: the pool has dropped
    // that connection. Safe: a read outside a transaction (reading twice changes
    // nothing) and a transaction's BEGIN (nothing ran in it yet).
    if (!(safeToResend && problem.lost)) throw new ServiceUnavailableError(`Database unavailable: ${problem.why}`, { cause: error });
    try {
      return await statement();
    } catch (again) {
      if (signal?.aborted) throw aborted(signal, again);
      const problemAgain = unavailable(again);
      if (problemAgain === undefined) throw again;
      throw new ServiceUnavailableError(`Database unavailable: ${problemAgain.why}`, { cause: again });
    }
  }
}

function check(query: SqlQuery, options: GuardOptions): void {
  if (TRANSACTION_CONTROL.test(query.sql)) return;
  const signal = currentAbortSignal();
  if (signal?.aborted) throw aborted(signal);
  rejectUnstorableText(query);
  if (options.beforeWrite && WRITE.test(query.sql)) options.beforeWrite();
}

/** Runs `step` with our ApiErrors wrapped for the trip through Prisma. */
async function carried<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof ApiError ? new DatabaseLayerError(error) : error;
  }
}

function guardQueryable(queryable: Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>, options: GuardOptions, inTransaction: boolean): void {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query) =>
    carried(() => {
      check(query, options);
      return run(() => queryRaw(query), !inTransaction && READ.test(query.sql) && !WRITE.test(query.sql));
    });
  queryable.executeRaw = (query) =>
    carried(() => {
      check(query, options);
      return run(() => executeRaw(query), false);
    });
}

/** Puts the gate in front of `adapter`'s statements and those of every transaction it starts. */
export function guardStatements(adapter: SqlDriverAdapter, options: GuardOptions = {}): void {
  guardQueryable(adapter, options, false);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = (isolationLevel) =>
    carried(async () => {
      const signal = currentAbortSignal();
      if (signal?.aborted) throw aborted(signal);
      // Transactions are where writes happen; checked here and again per write.
      options.beforeWrite?.();
      const transaction: Transaction = await run(() => startTransaction(isolationLevel), true);
      guardQueryable(transaction, options, true);
      return transaction;
    });
}
