// PostgreSQL cannot store the NUL character: in text it fails with 22021
// ("invalid byte sequence"), in jsonb with 22P05 (the escape \u0000), both
// 500s once wrapped. SQLite stores it. Checking every bound value before a
// statement is sent gives one answer on both databases, for every door and
// every query (names, tags, like_ patterns, path segments, JSON fields): a 422.
import type { SqlQuery } from '@prisma/driver-adapter-utils';
import { nulRejected } from '../errors.ts';

const NUL = '\u0000';
/** In JSON text a NUL is the escape \u0000: a backslash-u0000 not itself escaped (odd run of backslashes). */
const JSON_NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

function hasNul(value: unknown, json: boolean): boolean {
  if (typeof value === 'string') return value.includes(NUL) || (json && value.includes('\\u0000') && JSON_NUL_ESCAPE.test(value));
  if (Array.isArray(value)) return value.some((item) => hasNul(item, json));
  return false;
}

/** Throws Prefect's 422 (ValidationError) when the statement or one of its bound values carries a NUL. */
export function rejectNulText(query: SqlQuery): void {
  if (query.sql.includes(NUL)) throw nulRejected(query.sql);
  const { args, argTypes } = query;
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (hasNul(value, argTypes[i]?.scalarType === 'json')) throw nulRejected(value);
  }
}
