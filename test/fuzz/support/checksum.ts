// A fingerprint of every row of every table of the server's database, read with
// raw SQL through the test server's Prisma client: tables are discovered, not
// listed, so tables added later are covered too. Rows are hashed whole (not just
// ids and `updated`): a write that forgets to bump `updated` still shows.
// PostgreSQL hashes on its side (md5 of the rows' record text, in one statement);
// SQLite is in-process, so its rows are read as text and hashed here. The tables
// are read again only when the database's change mark moved (see changeMark).
import { createHash } from 'node:crypto';
import type { Db } from '../../../src/db/client.ts';
import type { DatabaseTarget } from '../../../src/db/url.ts';
import type { EventBus } from '../../../src/events/bus.ts';

export interface Checksum {
  /** Row count per table. */
  counts: Record<string, number>;
  /** Hash per table, over its rows in a fixed order. */
  hashes: Record<string, string>;
}

interface Table {
  name: string;
  /** SELECT list reading every column as text: the raw-query decoder then never guesses types. */
  select: string;
}

async function tablesOf(db: Db, target: DatabaseTarget): Promise<Table[]> {
  const rows: { name: string; col: string }[] =
    target.provider === 'sqlite'
      ? await db.$queryRawUnsafe(
          `SELECT m.name AS name, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY m.name, p.cid`,
        )
      : await db.$queryRawUnsafe(
          `SELECT table_name AS name, column_name AS col FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_%' ORDER BY table_name, ordinal_position`,
        );
  const columns = new Map<string, string[]>();
  for (const r of rows) columns.set(r.name, [...(columns.get(r.name) ?? []), r.col]);
  return [...columns].map(([name, cols]) => ({ name, select: cols.map((c) => `CAST("${c}" AS TEXT) AS "${c}"`).join(', ') }));
}

const stable = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value);

const tableCache = new WeakMap<Db, Table[]>();

/**
 * A mark that moves whenever the data may have changed, cheap to read.
 * SQLite: rows changed on this connection (total_changes(): every INSERT,
 * UPDATE and DELETE, triggers' too, counted even when rolled back), commits of
 * other connections (data_version) and schema changes (schema_version).
 * PostgreSQL: the cluster's snapshot (xmin:xmax:in-progress ids); every write
 * takes a transaction id, and the snapshot moves when one starts or ends, in
 * any database of the cluster. The same mark twice means the same data; another
 * mark may still mean the same data (a rollback, another database's write).
 */
async function changeMark(db: Db, target: DatabaseTarget): Promise<string> {
  const sql =
    target.provider === 'sqlite'
      ? "SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version) || ':' || (SELECT schema_version FROM pragma_schema_version) AS mark"
      : 'SELECT pg_current_snapshot()::text AS mark';
  const [{ mark }] = await db.$queryRawUnsafe<{ mark: string }[]>(sql);
  return String(mark);
}

/** Reuses of an unchanged mark between two full reads that check the mark was right. */
const VERIFY_EVERY = 20;
const lastRead = new WeakMap<Db, { mark: string; sum: Checksum; reused: number }>();

/**
 * Every table of the database, read whole; when the change mark has not moved
 * since the last read, that read's checksum (most fuzz requests are rejected
 * and write nothing, and reading every table after each one was half of the
 * fuzz's time). Every VERIFY_EVERY-th reuse reads in full anyway and fails if
 * the data changed under an unmoved mark.
 */
export async function checksum(db: Db, target: DatabaseTarget): Promise<Checksum> {
  // The mark is read before the tables: a write between the two moves it for the next call.
  const mark = await changeMark(db, target);
  const last = lastRead.get(db);
  const unmoved = last?.mark === mark;
  if (last && unmoved && ++last.reused % VERIFY_EVERY !== 0) return last.sum;
  const sum = await readAll(db, target);
  if (last && unmoved && changedTables(last.sum, sum).length > 0) {
    throw new Error(`fuzz checksum: ${changedTables(last.sum, sum).join(', ')} changed while the change mark stayed ${mark}`);
  }
  lastRead.set(db, { mark, sum, reused: last && unmoved ? last.reused : 0 });
  return sum;
}

async function readAll(db: Db, target: DatabaseTarget): Promise<Checksum> {
  const counts: Record<string, number> = {};
  const hashes: Record<string, string> = {};
  let tables = tableCache.get(db);
  if (!tables) tableCache.set(db, (tables = await tablesOf(db, target)));
  if (target.provider === 'postgresql') {
    // One statement, hashed by the server: no rows cross the wire (each row as its record text, in a fixed order).
    const sql = tables
      .map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM "${name}" t`)
      .join(' UNION ALL ');
    for (const r of await db.$queryRawUnsafe<{ name: string; n: number; h: string }[]>(sql)) {
      counts[r.name] = Number(r.n);
      hashes[r.name] = r.h;
    }
    return { counts, hashes };
  }
  await Promise.all(
    tables.map(async ({ name: table, select }) => {
      const rows: Record<string, unknown>[] = await db.$queryRawUnsafe(`SELECT ${select} FROM "${table}"`);
      const lines = rows.map((row) => JSON.stringify(row, stable)).sort();
      counts[table] = rows.length;
      hashes[table] = createHash('sha1').update(lines.join('\n')).digest('hex');
    }),
  );
  return { counts, hashes };
}

/** The tables whose rows differ, with their counts before → after. */
export function changedTables(before: Checksum, after: Checksum): string[] {
  const tables = new Set([...Object.keys(before.hashes), ...Object.keys(after.hashes)]);
  return [...tables].filter((t) => before.hashes[t] !== after.hashes[t]).map((t) => `${t} (${before.counts[t] ?? 'absent'} → ${after.counts[t] ?? 'absent'} rows)`);
}

/**
 * Background services write after a request has answered (the event persister,
 * the task-run recorder): let the bus settle first, so that rows of an accepted
 * request never show up as a change made by a later rejected one. With
 * FUZZ_SERVICE_ENV the bus handlers write inline, so drain() covers them.
 */
export async function settledChecksum(server: { db: Db; target: DatabaseTarget; events: EventBus }): Promise<Checksum> {
  await server.events.drain();
  return checksum(server.db, server.target);
}

/** Services configured for the fuzz: consumers write per event; no timed loop changes rows mid-batch. */
export const FUZZ_SERVICE_ENV: Record<string, string> = {
  PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1',
  PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE: '1',
  PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED: 'false',
  PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS: '86400',
};
