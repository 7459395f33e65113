// The SQL of slot arithmetic and leases, for both databases (§4.2). Statements
// are written once with PostgreSQL's numbered placeholders ($1, $2, ...);
// on SQLite they become `?` with the values in order of appearance.
import type { Db } from '../../db/client.ts';
import { LONE_SURROGATE_MESSAGE } from '../../db/unstorable-text.ts';
import { ValidationError, nulRejected } from '../../errors.ts';
import { dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';

export type Client = Db | Tx;
export type Dialect = 'sqlite' | 'postgresql';

export const dialect = (client: Client): Dialect => dialectOf(client);

function bind(d: Dialect, sql: string, values: unknown[]): [string, unknown[]] {
  if (d === 'postgresql') return [sql, values];
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    ordered.push(values[Number(n) - 1]);
    return '?';
  });
  return [text, ordered];
}

export function query<T = Record<string, unknown>>(client: Client, sql: string, ...values: unknown[]): Promise<T[]> {
  const [text, args] = bind(dialect(client), sql, values);
  return client.$queryRawUnsafe<T[]>(text, ...args);
}

export function execute(client: Client, sql: string, ...values: unknown[]): Promise<number> {
  const [text, args] = bind(dialect(client), sql, values);
  return client.$executeRawUnsafe(text, ...args);
}

/** SQL pieces that differ between the two databases. */
export interface Dialected {
  /** The database's current time as a value for a timestamp column. */
  now: string;
  /** Seconds (fractional) from `column` to now. */
  elapsed(column: string): string;
  greatest(...args: string[]): string;
  least(...args: string[]): string;
  /** `$n` holding a JSON array of ids → a subquery of ids for `IN (...)`. */
  ids(param: string): string;
  /** A numeric parameter, typed where PostgreSQL must know it. */
  float(param: string): string;
  int(param: string): string;
  uuid(param: string): string;
  /** The lease's resource_ids (JSON array) contains the text `param`. */
  leaseHasResource(leaseAlias: string, param: string): string;
  /** `expiration` later than now. */
  unexpired(column: string): string;
  expired(column: string): string;
}

const POSTGRES: Dialected = {
  now: 'now()',
  elapsed: (column) => `EXTRACT(EPOCH FROM (now() - ${column}))::float8`,
  greatest: (...args) => `GREATEST(${args.join(', ')})`,
  least: (...args) => `LEAST(${args.join(', ')})`,
  ids: (param) => `(SELECT value::uuid FROM jsonb_array_elements_text(${param}::jsonb))`,
  float: (param) => `${param}::float8`,
  int: (param) => `${param}::integer`,
  uuid: (param) => `${param}::uuid`,
  leaseHasResource: (alias, param) => `${alias}.resource_ids @> jsonb_build_array(${param}::text)`,
  unexpired: (column) => `${column} > now()`,
  expired: (column) => `${column} < now()`,
};

// SQLite keeps Prisma's timestamps as ISO 8601 text with an offset; julianday() reads it.
const SQLITE: Dialected = {
  now: `strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')`,
  elapsed: (column) => `((julianday('now') - julianday(${column})) * 86400.0)`,
  greatest: (...args) => `max(${args.join(', ')})`,
  least: (...args) => `min(${args.join(', ')})`,
  ids: (param) => `(SELECT value FROM json_each(${param}))`,
  float: (param) => param,
  int: (param) => param,
  uuid: (param) => param,
  leaseHasResource: (alias, param) => `EXISTS (SELECT 1 FROM json_each(${alias}.resource_ids) r WHERE r.value = ${param})`,
  unexpired: (column) => `julianday(${column}) > julianday('now')`,
  expired: (column) => `julianday(${column}) < julianday('now')`,
};

export const sqlFor = (client: Client): Dialected => (dialect(client) === 'postgresql' ? POSTGRES : SQLITE);

export const toNumber = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
export const toBool = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === '1' || v === 't' || v === 'true';
export const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Client text as one JSON array parameter. The statement guard checks text
 * parameters, not text inside a JSON string, so NUL and unpaired surrogates
 * (which PostgreSQL's jsonb refuses) get the guard's 422 here.
 */
export function jsonTextList(values: readonly string[]): string {
  for (const value of values) {
    if (value.includes('\u0000')) throw nulRejected(value);
    if (LONE_SURROGATE.test(value)) throw new ValidationError([{ type: 'value_error', loc: ['body'], msg: LONE_SURROGATE_MESSAGE, input: value }]);
  }
  return JSON.stringify(values);
}
