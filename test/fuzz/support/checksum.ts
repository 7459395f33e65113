// A fingerprint of every row of every table of the server's database, read with
// raw SQL through the test server's Prisma client: tables are discovered, not
// listed, so tables added later are covered too. Rows are hashed whole (not just
// ids and `updated`): a write that forgets to bump `updated` still shows.
import { createHash } from 'node:crypto';
import type { Db } from '../../../src/db/client.ts';
import type { DatabaseTarget } from '../../../src/db/url.ts';

export interface Checksum {
  /** Row count per table. */
  counts: Record<string, number>;
  /** Hash per table, over its rows in a fixed order. */
  hashes: Record<string, string>;
}

async function tablesOf(db: Db, target: DatabaseTarget): Promise<string[]> {
  const rows: { name: string }[] =
    target.provider === 'sqlite'
      ? await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'`)
      : await db.$queryRawUnsafe(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '\\_%'`);
  return rows.map((r) => r.name).sort();
}

const stable = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value;

/** `tables`: the tables to read (default: every table, discovered once per call). */
export async function checksum(db: Db, target: DatabaseTarget, tables?: string[]): Promise<Checksum> {
  const counts: Record<string, number> = {};
  const hashes: Record<string, string> = {};
  tables ??= await tablesOf(db, target);
  await Promise.all(
    tables.map(async (table) => {
      const rows: Record<string, unknown>[] = await db.$queryRawUnsafe(`SELECT * FROM "${table}"`);
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
  return [...tables]
    .filter((t) => before.hashes[t] !== after.hashes[t])
    .map((t) => `${t} (${before.counts[t] ?? 'absent'} → ${after.counts[t] ?? 'absent'} rows)`);
}
