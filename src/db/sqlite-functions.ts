// SQL functions registered on every SQLite connection, so SQLite answers as
// PostgreSQL does. like(): SQLite's own LIKE folds case for ASCII only, where
// PostgreSQL's ILIKE (what `like_` uses there) folds every letter: `ÜNÏ` found
// `üni` on PostgreSQL only. Replacing like() is SQLite's documented way to do
// this (the ICU extension does the same); LIKE then no longer uses an index
// for prefix patterns, which no query of ours relied on.
import type Database from 'better-sqlite3';

/** Compiled patterns, most recent last; a filter reuses its pattern for every row. */
const patterns = new Map<string, RegExp>();
const MAX_CACHED = 256;

// Characters a RegExp must escape; with the u flag escaping anything else (say `-`) is a SyntaxError.
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

/**
 * SQL LIKE as a regular expression: `%` any run, `_` one character (a code
 * point, as in both databases), `escapeChar` makes the next character literal;
 * case folded by Unicode's simple case folding (the `iu` flags).
 */
export function likeRegex(pattern: string, escapeChar?: string): RegExp {
  const key = escapeChar === undefined ? pattern : `${escapeChar}\u0000${pattern}`;
  let regex = patterns.get(key);
  if (regex) {
    patterns.delete(key);
    patterns.set(key, regex);
    return regex;
  }
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (escapeChar !== undefined && c === escapeChar && i + 1 < chars.length) {
      const next = chars[++i];
      source += REGEX_SPECIAL.test(next) ? `\\${next}` : next;
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += REGEX_SPECIAL.test(c) ? `\\${c}` : c;
  }
  regex = new RegExp(`^${source}$`, 'isu');
  patterns.set(key, regex);
  if (patterns.size > MAX_CACHED) patterns.delete(patterns.keys().next().value!);
  return regex;
}

/** SQLite calls like(pattern, value[, escape]) for `value LIKE pattern [ESCAPE escape]`. */
function like(pattern: unknown, value: unknown, escapeChar?: unknown): number | null {
  if (pattern === null || value === null || escapeChar === null) return null;
  return likeRegex(String(pattern), escapeChar === undefined ? undefined : String(escapeChar)).test(String(value)) ? 1 : 0;
}

export function registerSqliteFunctions(db: Database.Database): void {
  db.function('like', { deterministic: true }, (pattern: unknown, value: unknown) => like(pattern, value));
  db.function('like', { deterministic: true }, (pattern: unknown, value: unknown, escapeChar: unknown) => like(pattern, value, escapeChar));
}
