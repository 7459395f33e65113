// LogFilter's text search (logs §1.5): Prefect's query syntax, and the
// conditions it puts on `lower(message || ' ' || name) LIKE '%term%'`.
//
// The filter layer speaks Prisma `where`, which has no expression over two
// columns, so "the pattern matches somewhere in message + ' ' + name" is
// written out exactly: the match lies in the message, or in the name, or it
// spans the joining space, which one element of the pattern then consumes: a
// literal space or `_` (the message ends with what comes before it, the name
// starts with what follows) or a `%` (the message contains what comes before
// it, the name what follows). `%` and `_` stay wildcards, as in Prefect.
import { TRUE, and, or, type Condition, type Where } from '../../filters/condition.ts';
import type { CompileContext } from '../../filters/operators.ts';

export interface TextSearchQuery {
  /** Any of them matches (space-separated terms). */
  include: string[];
  /** None of them matches (`-term`, `!term`). */
  exclude: string[];
  /** Every one matches (`+term`). */
  required: string[];
}

const isSpace = (c: string) => /\s/u.test(c);

/** Prefect's parser (utilities/text_search_parser.py), step for step. */
export function parseTextSearchQuery(query: string): TextSearchQuery {
  const result: TextSearchQuery = { include: [], exclude: [], required: [] };
  if (query.trim() === '') return result;
  const add = (prefix: string | null, term: string) => {
    if (prefix === '-' || prefix === '!') result.exclude.push(term);
    else if (prefix === '+') result.required.push(term);
    else result.include.push(term);
  };
  const q = [...query];
  let i = 0;
  while (i < q.length) {
    if (isSpace(q[i])) {
      i++;
      continue;
    }
    let prefix: string | null = null;
    if ('-!+'.includes(q[i])) {
      const c = q[i];
      i++;
      // A prefix followed by whitespace or the end is skipped alone.
      if (i < q.length && !isSpace(q[i])) prefix = c;
      else continue;
    }
    if (i < q.length && q[i] === '"') {
      i++;
      const start = i;
      while (i < q.length) {
        if (q[i] === '\\' && i + 1 < q.length) i += 2;
        else if (q[i] === '"') break;
        else i++;
      }
      const phrase = unescapePhrase(q.slice(start, i).join(''));
      if (i < q.length) i++; // the closing quote; an unclosed phrase runs to the end
      if (phrase.trim() !== '') add(prefix, phrase);
      continue;
    }
    if (i < q.length) {
      const start = i;
      while (i < q.length && !isSpace(q[i]) && q[i] !== '"') i++;
      const term = q.slice(start, i).join('');
      if (term) add(prefix, term);
    }
  }
  return result;
}

/** `\"` is a quote, `\\` a backslash; any other backslash stays. */
function unescapePhrase(phrase: string): string {
  let out = '';
  const p = [...phrase];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\' && i + 1 < p.length && (p[i + 1] === '"' || p[i + 1] === '\\')) out += p[++i];
    else out += p[i];
  }
  return out;
}

type Kind = 'contains' | 'startsWith' | 'endsWith';

/**
 * A case-insensitive LIKE on one column, as the `like_` operator compiles it:
 * PostgreSQL ILIKE (a backslash doubled: it is ILIKE's escape character);
 * SQLite's like(), replaced by a Unicode-aware one (db/sqlite-functions.ts).
 */
function likeOn(column: 'message' | 'name', kind: Kind, value: string, ctx: CompileContext): Condition {
  // An empty side (the pattern starts or ends at the split) holds for every row: both columns are NOT NULL.
  if (value === '') return TRUE;
  const pattern = ctx.provider === 'postgresql' ? { [kind]: value.replaceAll('\\', '\\\\'), mode: 'insensitive' } : { [kind]: value };
  return { [column]: pattern };
}

/** Pattern positions that may consume the space joining message and name. */
const isSplit = (c: string) => c === ' ' || c === '_' || c === '%';

/**
 * How many alternatives beyond "in the message" and "in the name" a query's
 * terms cost: one per space, `_` or `%` in them. Each is one or two more LIKE
 * tests per row (on SQLite, JavaScript calls that hold the event loop).
 */
export function spanningAlternatives(query: string): number {
  const { include, exclude, required } = parseTextSearchQuery(query);
  return [...include, ...exclude, ...required].reduce((n, term) => n + [...term].filter(isSplit).length, 0);
}

/** `message + ' ' + name` contains a match of the LIKE pattern `%term%`. */
export function textMatches(term: string, ctx: CompileContext): Condition {
  const chars = [...term];
  const alternatives: Condition[] = [likeOn('message', 'contains', term, ctx), likeOn('name', 'contains', term, ctx)];
  for (let k = 0; k < chars.length; k++) {
    const before = chars.slice(0, k).join('');
    const after = chars.slice(k + 1).join('');
    if (chars[k] === ' ' || chars[k] === '_') {
      alternatives.push(and([likeOn('message', 'endsWith', before, ctx), likeOn('name', 'startsWith', after, ctx)]));
    } else if (chars[k] === '%') {
      alternatives.push(and([likeOn('message', 'contains', before, ctx), likeOn('name', 'contains', after, ctx)]));
    }
  }
  return or(alternatives);
}

const not = (condition: Condition): Condition => (condition === TRUE ? { id: { in: [] } } : ({ NOT: condition } as Where));

/**
 * The up-to-three conditions of a query (any include term; no exclude term;
 * every required term), each only when its list is non-empty. They join the
 * LogFilter's own list, so `operator` combines them with its other criteria.
 */
export function textSearchConditions(query: string, ctx: CompileContext): Condition[] {
  if (query.trim() === '') return [];
  const parsed = parseTextSearchQuery(query);
  const conditions: Condition[] = [];
  if (parsed.include.length > 0) conditions.push(or(parsed.include.map((t) => textMatches(t, ctx))));
  if (parsed.exclude.length > 0) conditions.push(and(parsed.exclude.map((t) => not(textMatches(t, ctx)))));
  if (parsed.required.length > 0) conditions.push(and(parsed.required.map((t) => textMatches(t, ctx))));
  return conditions;
}
