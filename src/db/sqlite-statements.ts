// SQLite statements compiled once per connection instead of on every
// execution. adapter-better-sqlite3 calls `client.prepare(sql).bind(args)` for
// each statement it runs, and better-sqlite3's bind() fixes the values for the
// statement's lifetime, so nothing is reused: each request compiled its SQL
// again (the nested UI query: 0.15-0.4 ms of 1.3 ms). Here `prepare` hands out
// a statement from a per-connection cache, and `bind(args)` a one-use view that
// passes the values to each run instead. better-sqlite3 runs a statement
// synchronously and re-prepares it itself after a schema change, so a cached
// statement is safe to share between calls.
import type Database from 'better-sqlite3';

const MAX_STATEMENTS = 200;

type Statement = Database.Statement<unknown[]>;

/** A cached statement with the values one call bound, as adapter-better-sqlite3 uses it. */
class BoundStatement {
  private rawRows = false;

  constructor(
    private statement: Statement,
    private values: unknown[],
  ) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  columns(): Database.ColumnDefinition[] {
    return this.statement.columns();
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    return this;
  }

  all(): unknown[] {
    return this.statement.raw(this.rawRows).all(...this.values);
  }

  get(): unknown {
    return this.statement.raw(this.rawRows).get(...this.values);
  }

  run(): Database.RunResult {
    return this.statement.run(...this.values);
  }
}

/** A cached statement: bound per call; unbound use sees the statement in its default (object) mode. */
class CachedStatement {
  constructor(readonly statement: Statement) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  bind(...values: unknown[]): BoundStatement {
    return new BoundStatement(this.statement, values);
  }

  columns(): Database.ColumnDefinition[] {
    return this.statement.columns();
  }

  all(...values: unknown[]): unknown[] {
    return this.statement.raw(false).all(...values);
  }

  get(...values: unknown[]): unknown {
    return this.statement.raw(false).get(...values);
  }

  run(...values: unknown[]): Database.RunResult {
    return this.statement.run(...values);
  }
}

/** Makes `client.prepare` answer from a cache of the most recently used statements. */
export function cacheSqliteStatements(client: Database.Database): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const cache = new Map<string, CachedStatement>();
  (client as unknown as { prepare: (sql: string) => CachedStatement }).prepare = (sql: string) => {
    let cached = cache.get(sql);
    if (cached) {
      // Most recently used last: the first entry is the one to drop.
      cache.delete(sql);
    } else {
      cached = new CachedStatement(prepare(sql));
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, cached);
    return cached;
  };
}
