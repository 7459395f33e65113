// Statements PostgreSQL parses and plans once per connection instead of on
// every execution: a read in one SQL statement (graphql/sql-reads) is the same
// text for every request of the same document (values are parameters), and
// its planning was about a third of its time. The caller asks for it by text;
// the pool's clients (pg-pool.ts) then run that text as a named statement.
// Bounded twice: the texts remembered here, and the statements one connection
// keeps (PostgreSQL holds each until the connection closes); past either, a
// text runs unnamed as before.
import { createHash } from 'node:crypto';

const MAX_TEXTS = 500;
const MAX_PER_CONNECTION = 200;

const names = new Map<string, string>();

/** Asks for `sql` to be prepared on each connection that runs it. */
export function prepareOnConnections(sql: string): void {
  if (names.has(sql)) return;
  if (names.size >= MAX_TEXTS) names.delete(names.keys().next().value!);
  names.set(sql, `sr_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`);
}

const prepared = new WeakMap<object, Set<string>>();

/** The name `connection` runs `sql` under, or undefined: unnamed. */
export function statementName(connection: object, sql: string): string | undefined {
  const name = names.get(sql);
  if (name === undefined) return undefined;
  let mine = prepared.get(connection);
  if (!mine) prepared.set(connection, (mine = new Set()));
  if (!mine.has(name)) {
    if (mine.size >= MAX_PER_CONNECTION) return undefined;
    mine.add(name);
  }
  return name;
}
