// A page filtered on a short list of state types in the UI's default order
// reads one ordered index range per type and merges them on SQLite
// (src/filters/sql/split-in.ts): the same rows, in the same order, as one
// plain query, with NULL start times, ties, offsets and other conjuncts.
// PostgreSQL reads the list in one statement; the answers must match too.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { SEED_ENV, seedGraph } from '../relations/seed.ts';
import { graphQueries } from '../relations/statements.ts';

const CASES = [
  { types: ['COMPLETED', 'FAILED'], limit: 30, offset: 0 },
  { types: ['COMPLETED', 'FAILED', 'RUNNING'], limit: 7, offset: 11 },
  { types: ['SCHEDULED', 'PENDING'], limit: 200, offset: 0, tags: ['db'] },
  { types: ['FAILED', 'FAILED', 'RUNNING'], limit: 5, offset: 3, name: 'run-00' },
];

describeEachDatabase(
  'State lists read per type, merged',
  (server, provider) => {
    beforeAll(async () => {
      await seedGraph(server().db, server().target.provider, { flows: 4, runsPerFlow: 60, tasksPerRun: 0, prefix: 'split' });
      // NULL start times (first, descending) and ties on the sort key, broken by id.
      await server().db.flowRun.updateMany({ where: { name: { contains: 'run-02' } }, data: { expected_start_time: null } });
      await server().db.flowRun.updateMany({ where: { name: { contains: 'run-01' } }, data: { expected_start_time: new Date('2024-01-01T05:00:00Z') } });
    }, 120_000);

    for (const c of CASES) {
      it(`${c.types.join('|')} limit ${c.limit} offset ${c.offset}${c.tags ? ' with tags' : ''}${c.name ? ' with a name' : ''}`, async () => {
        const body = {
          flow_runs: { state: { type: { any_: c.types } }, ...(c.tags ? { tags: { all_: c.tags } } : {}), ...(c.name ? { name: { like_: c.name } } : {}) },
          flows: { name: { like_: 'split' } },
          sort: 'EXPECTED_START_TIME_DESC',
          limit: c.limit,
          offset: c.offset,
        };
        server().resetQueries();
        const res = await server().rest('POST', '/flow_runs/filter', body);
        expect(res.status).toBe(200);
        expect(graphQueries(server).some((q) => /UNION ALL/.test(q))).toBe(provider === 'sqlite');
        const expected = await server().db.flowRun.findMany({
          where: {
            state_type: { in: c.types },
            flow: { name: { contains: 'split' } },
            ...(c.tags ? { tag_rows: { some: { tag: { in: c.tags } } } } : {}),
            ...(c.name ? { name: { contains: c.name } } : {}),
          },
          orderBy: [{ expected_start_time: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
          skip: c.offset,
          take: c.limit,
          select: { id: true },
        });
        expect(expected.length).toBeGreaterThan(0);
        expect(res.body.map((r: { id: string }) => r.id)).toEqual(expected.map((r) => r.id));
      });
    }
  },
  SEED_ENV,
);
