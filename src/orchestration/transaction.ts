// One transaction per request, serialised per run (§7):
// - PostgreSQL: the run row is read with SELECT … FOR UPDATE, so a second
//   request for the same run waits for the first to commit and then sees its state.
// - SQLite: a transaction's first statement is a write, which takes the
//   database-wide write lock at once (Prefect's BEGIN IMMEDIATE); a reader
//   that upgraded later could fail on a stale snapshot instead of waiting.
//   better-sqlite3 waits for that lock synchronously, blocking the event loop,
//   so two clients of one process would stall each other until the busy
//   timeout: orchestration transactions on one database file therefore also
//   queue in-process before they begin.
import type { Db } from '../db/client.ts';
import { parseUuid } from '../validation/uuid.ts';
import type { Tx } from './types.ts';

// Prisma's defaults (2 s to start, 5 s to finish) are shorter than a wait on a busy run.
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

type Dialect = 'sqlite' | 'postgresql';

/** Works on a client and on the client a $transaction callback gets. */
export function dialectOf(client: Db | Tx): Dialect {
  // Prisma's own record of the connector; transaction clients inherit it.
  const provider = (client as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === 'sqlite' || provider === 'postgresql') return provider;
  throw new Error(`orchestration: unsupported Prisma provider ${String(provider)}`);
}

export async function inRunTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'sqlite') return db.$transaction(work, TRANSACTION_OPTIONS);
  return queued(await sqliteFile(db), () => db.$transaction(work, TRANSACTION_OPTIONS));
}

/** Locks the run row for this transaction (see above); call before reading the run. */
export async function lockRun(tx: Tx, table: 'flow_run' | 'task_run', id: string): Promise<void> {
  if (dialectOf(tx) === 'sqlite') {
    await tx.$executeRawUnsafe(`UPDATE ${table} SET run_count = run_count WHERE id = ?`, id);
  } else {
    await tx.$queryRawUnsafe(`SELECT id FROM ${table} WHERE id = $1::uuid FOR UPDATE`, id);
  }
}

/**
 * Read-modify-write of a run's own columns (labels merge, ...) in a run
 * transaction with the run row locked, so it serialises with orchestration and
 * with other such writes to the run: no lost updates. `work` gets null for the
 * run id when it is not a UUID (no run can match).
 */
export function withLockedRun<T>(db: Db, table: 'flow_run' | 'task_run', runId: string, work: (tx: Tx, id: string | null) => Promise<T>): Promise<T> {
  return inRunTransaction(db, async (tx) => {
    const id = canonicalId(runId);
    if (id) await lockRun(tx, table, id);
    return work(tx, id);
  });
}

/**
 * A check-then-insert that no unique index can guard (a task run without a
 * flow run: NULLs are distinct in the index), made atomic: PostgreSQL holds a
 * transaction-scoped advisory lock on `key`; on SQLite the in-process queue of
 * run transactions already runs such work one at a time.
 */
export function withKeyLock<T>(db: Db, key: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inRunTransaction(db, async (tx) => {
    if (dialectOf(tx) === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    return work(tx);
  });
}

/** Canonical (lower-case, hyphenated) id, or null when it is not a UUID (then no run can match). */
export function canonicalId(id: string): string | null {
  try {
    return parseUuid(id);
  } catch {
    return null;
  }
}

const files = new WeakMap<Db, Promise<string>>();

function sqliteFile(db: Db): Promise<string> {
  let file = files.get(db);
  if (!file) {
    file = db.$queryRawUnsafe<{ name: string; file: string }[]>('PRAGMA database_list').then((rows) => rows.find((row) => row.name === 'main')?.file || ':memory:');
    files.set(db, file);
  }
  return file;
}

const tails = new Map<string, Promise<void>>();

/** Runs `work` after every earlier queued work of the same key has settled. */
async function queued<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => done);
  tails.set(key, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
