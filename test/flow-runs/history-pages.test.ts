// History and lateness over many runs: the database buckets and sums them
// (runs/history-sql.ts), so a request sends the same statements, and gets
// back one row per group, however many runs match. The answer is the one the
// runs give when read and counted here.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { SEED_ENV, seedGraph } from '../relations/seed.ts';
import { graphQueries, graphRows } from '../relations/statements.ts';

describeEachDatabase(
  'History over many runs',
  (server) => {
    beforeAll(async () => {
      await seedGraph(server().db, server().target.provider, { flows: 4, runsPerFlow: 3_000, tasksPerRun: 0, prefix: 'pages' });
    }, 180_000);

    const day = { history_start: '2024-01-01T00:00:00Z', history_end: '2024-01-02T00:00:00Z', history_interval_seconds: 3600, flows: { name: { like_: 'pages' } } };

    /** The statements (and the rows they returned) of one request. */
    async function measure(path: string, body: object) {
      server().resetQueries();
      const res = await server().rest('POST', path, body);
      expect(res.status).toBe(200);
      return { body: res.body, statements: graphQueries(server), rows: graphRows(server).reduce((a, b) => a + b, 0) };
    }

    it('buckets every matching run', async () => {
      const { body } = await measure('/flow_runs/history', day);
      const runs = await server().db.flowRun.findMany({
        where: { flow: { name: { contains: 'pages' } }, expected_start_time: { gte: new Date('2024-01-01T00:00:00Z'), lt: new Date('2024-01-02T00:00:00Z') } },
        select: { expected_start_time: true, state_type: true, state_name: true },
      });
      expect(runs.length).toBeGreaterThan(4_000);
      const counted = new Map<string, number>();
      for (const r of runs) {
        const hour = new Date(r.expected_start_time!).toISOString().slice(0, 13);
        const key = `${hour}|${r.state_type}|${r.state_name}`;
        counted.set(key, (counted.get(key) ?? 0) + 1);
      }
      const answered = new Map<string, number>();
      for (const bucket of body) {
        for (const s of bucket.states) answered.set(`${bucket.interval_start.slice(0, 13)}|${s.state_type}|${s.state_name}`, s.count_runs);
      }
      expect(answered).toEqual(counted);
    });

    it('sends one statement however many runs match, and gets back only the groups', async () => {
      // The same filter over a day (thousands of runs) and over one minute (a handful).
      const many = await measure('/flow_runs/history', day);
      const few = await measure('/flow_runs/history', { ...day, history_end: '2024-01-01T00:01:00Z', history_interval_seconds: 60 });
      const groups = (body: { states: unknown[] }[]) => body.reduce((n, bucket) => n + bucket.states.length, 0);
      expect(groups(many.body)).toBeGreaterThan(50);
      expect(many.statements).toHaveLength(1);
      expect(few.statements).toHaveLength(1);
      expect(many.rows).toBe(groups(many.body));
      expect(few.rows).toBe(groups(few.body));
      // Task runs' history is the same statement over task_run.
      expect((await measure('/task_runs/history', { ...day, flows: undefined })).statements).toHaveLength(1);
    });

    it('averages lateness over every matching run in one statement', async () => {
      const { body, statements, rows } = await measure('/flow_runs/lateness', { flows: { name: { like_: 'pages' } } });
      expect(statements).toHaveLength(1);
      expect(rows).toBe(1);
      expect(typeof body).toBe('number');
      expect(body).toBeGreaterThan(0);
      const none = await measure('/flow_runs/lateness', { flows: { name: { like_: 'no-such-flow' } } });
      expect(none.body).toBeNull();
      expect(none.statements).toHaveLength(1);
    });
  },
  SEED_ENV,
);
