// Parses Prefect's PREFECT_API_DATABASE_CONNECTION_URL forms (SQLAlchemy URLs)
// into what our two Prisma adapters need.

export type DatabaseTarget = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

const EXPECTED = 'expected sqlite+aiosqlite:///<path> or postgresql+asyncpg://user:password@host:port/db';

/** Hides the password of any `scheme://user:password@host` URL, for messages and logs. */
export function maskDatabaseUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}

function fail(raw: string, why?: string): never {
  const shown = maskDatabaseUrl(raw);
  throw new DatabaseUrlError(`Unsupported database URL "${shown}": ${why ? `${why}; ` : ''}${EXPECTED}`);
}

/** SQLAlchemy keeps everything after `sqlite:///` as the path: `////abs` is `/abs`. */
function sqlitePath(raw: string, rest: string): DatabaseTarget {
  const file = rest.replace(/\?.*$/, ''); // driver options (?timeout=..) are not ours to honour
  if (file === '' || file === ':memory:') return { provider: 'sqlite', file: ':memory:' };
  if (/[\0]/.test(file)) fail(raw, 'the path contains a NUL byte');
  return { provider: 'sqlite', file };
}

export function parseDatabaseUrl(raw: string): DatabaseTarget {
  const url = raw.trim();
  const sqlalchemySqlite = /^sqlite(?:\+aiosqlite|\+pysqlite)?:\/\/(.*)$/i.exec(url);
  if (sqlalchemySqlite) {
    const afterSlashes = sqlalchemySqlite[1];
    // `sqlite://` alone is SQLAlchemy's in-memory database; otherwise one more '/' separates the path.
    if (afterSlashes === '') return { provider: 'sqlite', file: ':memory:' };
    if (!afterSlashes.startsWith('/')) fail(raw, 'a SQLite URL has three slashes before the path');
    return sqlitePath(raw, afterSlashes.slice(1));
  }
  const fileUrl = /^file:(.*)$/i.exec(url);
  if (fileUrl) {
    // file:/abs, file:relative and file:///abs (empty host) all name a path.
    const rest = fileUrl[1].startsWith('///') ? fileUrl[1].slice(2) : fileUrl[1];
    if (rest.startsWith('//')) fail(raw, 'file URLs with a host are not supported');
    return sqlitePath(raw, rest);
  }
  const postgres = /^(?:postgresql\+asyncpg|postgresql|postgres):\/\/(.*)$/i.exec(url);
  if (postgres) {
    const normalised = `postgresql://${postgres[1]}`;
    let parsed: URL;
    try {
      parsed = new URL(normalised);
    } catch {
      fail(raw, 'not a valid URL');
    }
    // A Unix socket is named by ?host=/run/postgresql instead of a host.
    if (!parsed.hostname && !parsed.searchParams.get('host')) fail(raw, 'the host is missing');
    if (!parsed.pathname || parsed.pathname === '/') fail(raw, 'the database name is missing');
    return { provider: 'postgresql', url: normalised };
  }
  fail(raw);
}

/** One line naming the database without secrets: the file, or user@host:port/db. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.provider === 'sqlite') return `SQLite database ${target.file === ':memory:' ? '(in memory)' : `"${target.file}"`}`;
  const u = new URL(target.url);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  const host = u.hostname || u.searchParams.get('host') || 'localhost';
  return `PostgreSQL database "${decodeURIComponent(u.pathname.slice(1))}" at ${user}${host}:${u.port || '5432'}`;
}
