// Keeps the bench harness from rotting: the seeder runs at a tiny size on both
// databases (through the server's migrations) and writes exactly the rows the
// generator makes, consistent with each other, and a second run reuses them.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { emptyBatch, flows, runGenerator, TABLES, type Batch } from '../../bench/seed/data.ts';
import { seedDatabase } from '../../bench/seed/index.ts';
import type { DatabaseTarget } from '../../src/db/url.ts';
import { testTargets, type TestDatabases } from '../support/databases.ts';

const SIZE = 120;

function generated(seed: number): Batch {
  const made = flows(seed);
  const batch = emptyBatch();
  for (const t of TABLES) batch[t].push(...made.batch[t]);
  runGenerator(seed, made.flows, SIZE)(SIZE, batch);
  return batch;
}

async function query(target: DatabaseTarget, sql: string): Promise<Record<string, unknown>[]> {
  if (target.provider === 'sqlite') {
    const db = new Database(target.file, { readonly: true });
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const counts = async (target: DatabaseTarget) =>
  Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await query(target, `SELECT count(*) AS n FROM ${t}`))[0].n)])));

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`bench seeder [${provider}]`, () => {
    let databases: TestDatabases | undefined;
    afterAll(async () => databases?.dispose());

    it('writes the generated rows, each run pointing at its current state', async () => {
      databases = (await testTargets()).find((t) => t.name === provider)!;
      const target = await databases.create();
      const first = await seedDatabase(target, { size: SIZE, seed: 7, quiet: true });
      expect(first.reused).toBe(false);

      const batch = generated(7);
      expect(await counts(target)).toEqual(Object.fromEntries(TABLES.map((t) => [t, batch[t].length])));
      expect(batch.flow).toHaveLength(100);
      expect(batch.flow_run).toHaveLength(SIZE);
      // Every run has several states, its state_* columns match its current one.
      expect(batch.flow_run_state.length).toBeGreaterThan(SIZE);
      const consistent = await query(
        target,
        `SELECT count(*) AS n FROM flow_run r JOIN flow_run_state s ON s.id = r.state_id AND s.flow_run_id = r.id AND s.type = r.state_type AND s.name = r.state_name`,
      );
      expect(Number(consistent[0].n)).toBe(SIZE);
      const types = await query(target, 'SELECT DISTINCT state_type FROM flow_run');
      expect(types.length).toBeGreaterThanOrEqual(4);
      // The migrations' indexes are back after the bulk load.
      const indexes =
        provider === 'sqlite'
          ? await query(target, `SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_flow_run__expected_start_time_desc'`)
          : await query(target, `SELECT indexname FROM pg_indexes WHERE indexname = 'ix_flow_run__expected_start_time_desc'`);
      expect(indexes).toHaveLength(1);

      expect((await seedDatabase(target, { size: SIZE, seed: 7, quiet: true })).reused).toBe(true);
      // Another seed is another data set: not reused, same counts as generated for it.
      expect((await seedDatabase(target, { size: SIZE, seed: 8, quiet: true })).reused).toBe(false);
      const other = generated(8);
      expect((await counts(target)).flow_run_state).toBe(other.flow_run_state.length);
    }, 120_000); // three seeds with migrations, on a shared machine
  });
}
