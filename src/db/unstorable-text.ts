// Text that one database stores and the other refuses gets one answer on
// both, for every door and every query (names, tags, like_ patterns, path
// segments, JSON fields), checked on the bound values before a statement is
// sent: a 422 saying what is wrong.
// - NUL: PostgreSQL refuses it in text (22021 "invalid byte sequence") and in
//   jsonb (22P05, the escape \u0000); SQLite stores it.
// - An unpaired UTF-16 surrogate (JSON "\ud83d" alone): not Unicode text.
//   In JSON PostgreSQL refuses it (22P02) while SQLite stores it; in text
//   both would silently store U+FFFD instead.
import type { SqlQuery } from '@prisma/driver-adapter-utils';
import { nulRejected, ValidationError } from '../errors.ts';

const NUL = '\u0000';
/** False for text holding a UTF-16 surrogate without its other half (String.prototype.isWellFormed, before ES2024 typings). */
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();
/** An escape that is not itself escaped: preceded by an even run of backslashes. */
const UNESCAPED = String.raw`(?<!\\)(?:\\\\)*`;
/** In JSON text a NUL is the escape \u0000. */
const JSON_NUL_ESCAPE = new RegExp(`${UNESCAPED}\\\\u0000`);
/** Surrogate escapes in JSON text: a high one followed by a low one is a pair (one character). */
const JSON_SURROGATE_ESCAPE = new RegExp(`${UNESCAPED}\\\\u(d[89ab][0-9a-f]{2}(?:\\\\ud[c-f][0-9a-f]{2})?|d[c-f][0-9a-f]{2})`, 'gi');

export const LONE_SURROGATE_MESSAGE = 'Value error, text must be valid Unicode: it contains an unpaired UTF-16 surrogate';

function hasJsonLoneSurrogate(text: string): boolean {
  if (!/\\u[dD]/.test(text)) return false;
  for (const match of text.matchAll(JSON_SURROGATE_ESCAPE)) if (match[1].length === 4) return true;
  return false;
}

type Problem = 'nul' | 'surrogate' | undefined;

function problemOf(value: unknown, json: boolean): Problem {
  if (typeof value === 'string') {
    if (value.includes(NUL) || (json && value.includes('\\u0000') && JSON_NUL_ESCAPE.test(value))) return 'nul';
    if (!wellFormed(value) || (json && hasJsonLoneSurrogate(value))) return 'surrogate';
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = problemOf(item, json);
      if (problem) return problem;
    }
  }
  return undefined;
}

const rejected = (problem: 'nul' | 'surrogate', input: unknown) =>
  problem === 'nul' ? nulRejected(input) : new ValidationError([{ type: 'value_error', loc: ['body'], msg: LONE_SURROGATE_MESSAGE, input }]);

/** Throws Prefect's 422 (ValidationError) when the statement or one of its bound values carries text no database should store. */
export function rejectUnstorableText(query: SqlQuery): void {
  const inSql = problemOf(query.sql, false);
  if (inSql) throw rejected(inSql, query.sql);
  const { args, argTypes } = query;
  for (let i = 0; i < args.length; i++) {
    const problem = problemOf(args[i], argTypes[i]?.scalarType === 'json');
    if (problem) throw rejected(problem, args[i]);
  }
}

/** NUL or an unpaired surrogate anywhere in a JSON-like value, keys included (not below 10,000 levels). */
export function unstorableIn(value: unknown, depth = 0): Problem {
  if (typeof value === 'string') return value.includes(NUL) ? 'nul' : wellFormed(value) ? undefined : 'surrogate';
  if (typeof value !== 'object' || value === null || depth > 10_000) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unstorableIn(item, depth + 1);
      if (found) return found;
    }
  } else {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableIn(key) ?? unstorableIn(item, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The same 422 before the first statement, for values a service serializes
 * itself: the guard above cannot tell JSON text bound as a string (a raw
 * `$1::jsonb`) from text, and Prisma's own JSON encoding fails on an unpaired
 * surrogate before the guard sees the statement. Throws for the first field
 * of `fields` holding such text.
 */
export function checkStorable(fields: Record<string, unknown>, loc: (string | number)[] = ['body']): void {
  for (const [name, value] of Object.entries(fields)) {
    const found = unstorableIn(value);
    if (found === 'nul') throw nulRejected(value);
    if (found === 'surrogate') throw new ValidationError([{ type: 'value_error', loc: [...loc, name], msg: LONE_SURROGATE_MESSAGE, input: value, ctx: { error: {} } }]);
  }
}
