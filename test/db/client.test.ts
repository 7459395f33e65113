// makeClient's connection settings and statement reporting, and checkConnection's errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConnection, DatabaseUnavailableError, makeClient } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { testTargets } from '../support/databases.ts';

const targets = await testTargets();

describe.each(targets)('makeClient on $name', (databases) => {
  afterAll(() => databases.dispose());

  it('reports each statement once, BEGIN and COMMIT included', async () => {
    const target = await databases.create();
    await checkConnection(target);
    await applyMigrations(target);
    const statements: string[] = [];
    const db = makeClient(target, { onQuery: (sql) => statements.push(sql) });
    try {
      await db.flow.findMany();
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^SELECT /);
      statements.length = 0;
      await db.$transaction([db.flow.count(), db.flowTag.count()]);
      expect(statements.map((sql) => sql.split(' ')[0])).toEqual(['BEGIN', 'SELECT', 'SELECT', 'COMMIT']);
    } finally {
      await db.$disconnect();
    }
  });

  if (databases.name === 'sqlite') {
    it('sets WAL, foreign keys, synchronous=NORMAL, a 60 s busy timeout and a 32 MiB page cache', async () => {
      const target = await databases.create();
      const db = makeClient(target);
      try {
        const pragma = async (name: string) => Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0])[0];
        expect(await pragma('journal_mode')).toBe('wal');
        expect(Number(await pragma('foreign_keys'))).toBe(1);
        expect(Number(await pragma('synchronous'))).toBe(1);
        expect(Number(await pragma('busy_timeout'))).toBe(60_000);
        expect(Number(await pragma('cache_size'))).toBe(-32768);
      } finally {
        await db.$disconnect();
      }
    });
  }
});

describe('checkConnection', () => {
  const oneLine = async (promise: Promise<void>): Promise<string> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('names host and port, not the password, when PostgreSQL refuses', async () => {
    const message = await oneLine(checkConnection({ provider: 'postgresql', url: 'postgresql://me:hunter2@127.0.0.1:1/prefect' }, { timeoutMs: 1000 }));
    expect(message).toBe('Cannot use PostgreSQL database "prefect" at me@127.0.0.1:1: connection refused');
  });

  it('creates a missing SQLite directory, and says so when it cannot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-check-'));
    try {
      await checkConnection({ provider: 'sqlite', file: path.join(dir, 'a', 'b', 'prefect.db') });
      expect(fs.existsSync(path.join(dir, 'a', 'b'))).toBe(true);
      fs.writeFileSync(path.join(dir, 'plain-file'), '');
      const message = await oneLine(checkConnection({ provider: 'sqlite', file: path.join(dir, 'plain-file', 'prefect.db') }));
      expect(message).toContain(`SQLite database "${path.join(dir, 'plain-file', 'prefect.db')}"`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  if (targets.some((t) => t.name === 'postgresql')) {
    it('says so when the PostgreSQL database does not exist', async () => {
      const base = new URL(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
      base.pathname = '/prefect_test_missing_database';
      const message = await oneLine(checkConnection({ provider: 'postgresql', url: base.toString() }));
      expect(message).toMatch(/prefect_test_missing_database.*the database does not exist$/);
    });

    it('says so when the PostgreSQL user is unknown', async () => {
      const base = new URL(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
      base.username = 'no_such_user_here';
      base.password = 'topsecret';
      const message = await oneLine(checkConnection({ provider: 'postgresql', url: base.toString() }));
      expect(message).toContain('authentication failed');
      expect(message).not.toContain('topsecret');
    });
  }
});
