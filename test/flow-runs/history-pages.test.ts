// History and lateness read the matching runs page by page (runs/history.ts
// HISTORY_PAGE), so a history over a million runs stays within the heap: the
// answer over several pages is the one the runs give read at once.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { SEED_ENV, seedGraph } from '../relations/seed.ts';
import { graphQueries } from '../relations/statements.ts';
import { HISTORY_PAGE } from '../../src/resources/runs/history.ts';

describeEachDatabase(
  'History over several pages of runs',
  (server) => {
    beforeAll(async () => {
      await seedGraph(server().db, server().target.provider, { flows: 4, runsPerFlow: 3_000, tasksPerRun: 0, prefix: 'pages' });
    }, 180_000);

    it('buckets every matching run', async () => {
      const body = { history_start: '2024-01-01T00:00:00Z', history_end: '2024-01-02T00:00:00Z', history_interval_seconds: 3600, flows: { name: { like_: 'pages' } } };
      server().resetQueries();
      const res = await server().rest('POST', '/flow_runs/history', body);
      expect(res.status).toBe(200);
      const runs = await server().db.flowRun.findMany({
        where: { flow: { name: { contains: 'pages' } }, expected_start_time: { gte: new Date('2024-01-01T00:00:00Z'), lt: new Date('2024-01-02T00:00:00Z') } },
        select: { expected_start_time: true, state_type: true, state_name: true },
      });
      expect(runs.length).toBeGreaterThan(2 * HISTORY_PAGE);
      // Read in pages of HISTORY_PAGE runs, not in one statement.
      const pages = graphQueries(server).filter((q) => /flow_run/.test(q) && /LIMIT/i.test(q));
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(runs.length / HISTORY_PAGE));
      const counted = new Map<string, number>();
      for (const r of runs) {
        const hour = new Date(r.expected_start_time!).toISOString().slice(0, 13);
        const key = `${hour}|${r.state_type}|${r.state_name}`;
        counted.set(key, (counted.get(key) ?? 0) + 1);
      }
      const answered = new Map<string, number>();
      for (const bucket of res.body) {
        for (const s of bucket.states) answered.set(`${bucket.interval_start.slice(0, 13)}|${s.state_type}|${s.state_name}`, s.count_runs);
      }
      expect(answered).toEqual(counted);
    });

    it('averages lateness over every matching run', async () => {
      const res = await server().rest('POST', '/flow_runs/lateness', { flows: { name: { like_: 'pages' } } });
      expect(res.status).toBe(200);
      const runs = await server().db.flowRun.findMany({
        where: { flow: { name: { contains: 'pages' } } },
        select: { start_time: true, expected_start_time: true, state_type: true },
      });
      expect(runs.length).toBeGreaterThan(2 * HISTORY_PAGE);
      const delta = (r: (typeof runs)[number]) => (r.start_time && r.expected_start_time ? Math.max(0, (r.start_time.getTime() - r.expected_start_time.getTime()) / 1000) : null);
      // Every seeded run that started has both times; the others are late by now or final, as the server counts them.
      const started = runs.filter((r) => delta(r) !== null);
      expect(started.length).toBeGreaterThan(0);
      expect(typeof res.body).toBe('number');
      expect(res.body).toBeGreaterThan(0);
    });
  },
  SEED_ENV,
);
