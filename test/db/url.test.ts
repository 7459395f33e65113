import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, describeTarget, maskDatabaseUrl, parseDatabaseUrl } from '../../src/db/url.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite+aiosqlite:///relative/path.db', 'relative/path.db'],
    ['sqlite+aiosqlite:////abs/path.db', '/abs/path.db'],
    ['sqlite:///relative.db', 'relative.db'],
    ['sqlite:////tmp/prefect.db', '/tmp/prefect.db'],
    ['SQLITE+AIOSQLITE:////tmp/upper.db', '/tmp/upper.db'],
    ['sqlite+aiosqlite:////tmp/x.db?timeout=30', '/tmp/x.db'],
    ['file:/abs/file.db', '/abs/file.db'],
    ['file:relative.db', 'relative.db'],
    ['file:///abs/triple.db', '/abs/triple.db'],
    ['sqlite+aiosqlite:///:memory:', ':memory:'],
    ['sqlite:///:memory:', ':memory:'],
    ['sqlite://', ':memory:'],
    ['  sqlite:////tmp/trimmed.db  ', '/tmp/trimmed.db'],
  ])('%s is SQLite file %s', (raw, file) => {
    expect(parseDatabaseUrl(raw)).toEqual({ provider: 'sqlite', file });
  });

  it.each([
    ['postgresql+asyncpg://user:pass@db.example:5433/prefect', 'postgresql://user:pass@db.example:5433/prefect'],
    ['postgresql://user@localhost/prefect', 'postgresql://user@localhost/prefect'],
    ['postgres://u:p@127.0.0.1:5432/db?sslmode=require', 'postgresql://u:p@127.0.0.1:5432/db?sslmode=require'],
    ['postgresql:///prefect?host=/run/postgresql', 'postgresql:///prefect?host=/run/postgresql'],
  ])('%s is PostgreSQL %s', (raw, url) => {
    expect(parseDatabaseUrl(raw)).toEqual({ provider: 'postgresql', url });
  });

  it.each([
    'mysql://x',
    '',
    'prefect.db',
    'sqlite:relative.db',
    'sqlite+aiosqlite://relative.db',
    'postgresql+psycopg2://u@h/db',
    'postgresql://user@host',
    'postgresql://user@host/',
    'http://example.com/db',
    'file://host/share/x.db',
  ])('rejects %j with a one-line DatabaseUrlError', (raw) => {
    let error: unknown;
    try {
      parseDatabaseUrl(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseUrlError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('expected sqlite+aiosqlite:///<path> or postgresql+asyncpg://user:password@host:port/db');
  });

  it('names the URL in the message', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(
      'Unsupported database URL "mysql://x": expected sqlite+aiosqlite:///<path> or postgresql+asyncpg://user:password@host:port/db',
    );
  });

  it('never shows the password', () => {
    for (const raw of ['mysql://admin:s3cret@db:3306/x', 'postgresql://admin:s3cret@host']) {
      expect(() => parseDatabaseUrl(raw)).toThrow(DatabaseUrlError);
      try {
        parseDatabaseUrl(raw);
      } catch (e) {
        expect((e as Error).message).not.toContain('s3cret');
        expect((e as Error).message).toContain('admin:***@');
      }
    }
  });
});

describe('maskDatabaseUrl and describeTarget', () => {
  it('masks the password only', () => {
    expect(maskDatabaseUrl('postgresql+asyncpg://u:p%40ss@h:1/db')).toBe('postgresql+asyncpg://u:***@h:1/db');
    expect(maskDatabaseUrl('postgresql://u@h/db')).toBe('postgresql://u@h/db');
    expect(maskDatabaseUrl('sqlite:////tmp/x.db')).toBe('sqlite:////tmp/x.db');
  });

  it('describes a target without its password', () => {
    expect(describeTarget(parseDatabaseUrl('postgresql+asyncpg://me:secret@db:5433/prefect'))).toBe('PostgreSQL database "prefect" at me@db:5433');
    expect(describeTarget(parseDatabaseUrl('sqlite:////tmp/x.db'))).toBe('SQLite database "/tmp/x.db"');
    expect(describeTarget(parseDatabaseUrl('sqlite:///:memory:'))).toBe('SQLite database (in memory)');
  });
});
