// /ui/flows/count-deployments, /ui/flows/next-runs, /ui/flow_runs/history and
// /ui/flow_runs/count-task-runs (blocks-and-ui-routes §7.1–7.4), both doors.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

async function flow(server: TestServer, name: string): Promise<string> {
  return (await server.rest('POST', '/flows/', { name })).body.id;
}

async function run(server: TestServer, flowId: string, data: Record<string, unknown> = {}) {
  return server.db.flowRun.create({ data: { flow_id: flowId, name: `run-${Math.random().toString(36).slice(2)}`, ...data } as never });
}

describeEachDatabase('UI flow helpers', (server) => {
  describe('count-deployments', () => {
    it('counts per requested id, in request order, 0 for none and unknown ids', async () => {
      const a = await flow(server(), 'cd-a');
      const b = await flow(server(), 'cd-b');
      const c = await flow(server(), 'cd-c');
      for (const [id, n] of [
        [a, 3],
        [b, 2],
      ] as const) {
        for (let i = 0; i < n; i++) await server().db.deployment.create({ data: { flow_id: id, name: `dep-${i}` } });
      }
      const res = await server().rest('POST', '/ui/flows/count-deployments', { flow_ids: [c, a, b, a, MISSING] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ [c]: 0, [a]: 3, [b]: 2, [MISSING]: 0 });
      expect(Object.keys(res.body)).toEqual([c, a, b, MISSING]);
      expect((await server().rest('POST', '/ui/flows/count-deployments', { flow_ids: [] })).body).toEqual({});
      const gql = await server().gql(`query($ids: [UUID!]!) { count_deployments_by_flow(flow_ids: $ids) }`, { ids: [a, MISSING] });
      expect(gql.data).toEqual({ count_deployments_by_flow: { [a]: 3, [MISSING]: 0 } });
    });

    it('accepts ids in any UUID spelling and more than 200 of them', async () => {
      const a = await flow(server(), 'cd-spelling');
      await server().db.deployment.create({ data: { flow_id: a, name: 'only' } });
      const res = await server().rest('POST', '/ui/flows/count-deployments', { flow_ids: [a.toUpperCase().replaceAll('-', '')] });
      expect(res.body).toEqual({ [a]: 1 });
      const many = Array.from({ length: 250 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      expect(Object.keys((await server().rest('POST', '/ui/flows/count-deployments', { flow_ids: many })).body).length).toBe(250);
    });

    it('refuses a missing list and bad ids with Pydantic’s items', async () => {
      const missing = await server().rest('POST', '/ui/flows/count-deployments', {});
      expect(missing.status).toBe(422);
      expect(missing.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'flow_ids'], msg: 'Field required', input: null }]);
      const bad = await server().rest('POST', '/ui/flows/count-deployments', { flow_ids: ['nope'] });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 'flow_ids', 0] });
    });
  });

  describe('next-runs', () => {
    it('answers each flow’s SCHEDULED-type run with the earliest time, or null', async () => {
      const a = await flow(server(), 'nr-a');
      const b = await flow(server(), 'nr-b');
      const t = (m: number) => new Date(Date.UTC(2030, 0, 1, 0, m));
      await run(server(), a, { state_type: 'SCHEDULED', state_name: 'Scheduled', next_scheduled_start_time: t(30) });
      const late = await run(server(), a, { state_type: 'SCHEDULED', state_name: 'Late', next_scheduled_start_time: t(10) });
      // Sooner, but not SCHEDULED-type; and a SCHEDULED run with no time.
      await run(server(), a, { state_type: 'PENDING', state_name: 'Pending', next_scheduled_start_time: t(1) });
      await run(server(), a, { state_type: 'SCHEDULED', state_name: 'Scheduled', next_scheduled_start_time: null });
      await run(server(), b, { state_type: 'RUNNING', state_name: 'Running', next_scheduled_start_time: t(5) });
      const res = await server().rest('POST', '/ui/flows/next-runs', { flow_ids: [b, a, MISSING] });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual([b, a, MISSING]);
      expect(res.body[b]).toBeNull();
      expect(res.body[MISSING]).toBeNull();
      expect(res.body[a]).toEqual({ id: late.id, flow_id: a, name: late.name, state_name: 'Late', state_type: 'SCHEDULED', next_scheduled_start_time: '2030-01-01T00:10:00Z' });
      const gql = await server().gql(`query($ids: [UUID!]!) { next_runs_by_flow(flow_ids: $ids) }`, { ids: [b, a, MISSING] });
      expect((gql.data as any).next_runs_by_flow).toEqual(res.body);
    });

    it('breaks a tie on the lowest id', async () => {
      const f = await flow(server(), 'nr-tie');
      const when = new Date(Date.UTC(2031, 0, 1));
      const ids = ['00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000a'];
      for (const id of ids) await run(server(), f, { id, state_type: 'SCHEDULED', state_name: 'Scheduled', next_scheduled_start_time: when });
      expect((await server().rest('POST', '/ui/flows/next-runs', { flow_ids: [f] })).body[f].id).toBe(ids[1]);
    });
  });

  describe('flow run history', () => {
    it('answers SimpleFlowRuns, newest expected start first by default, timestamp falling back to expected start', async () => {
      const f = await flow(server(), 'hist');
      const at = (h: number) => new Date(Date.UTC(2024, 0, 1, h));
      const done = await run(server(), f, {
        tags: ['hist'],
        state_type: 'COMPLETED',
        state_name: 'Completed',
        expected_start_time: at(1),
        start_time: at(2),
        end_time: at(3),
        total_run_time: 3600,
      });
      const waiting = await run(server(), f, { tags: ['hist'], state_type: 'SCHEDULED', state_name: 'Scheduled', expected_start_time: at(5) });
      // No state type: not a point of the chart.
      await run(server(), f, { tags: ['hist'], expected_start_time: at(4) });
      const res = await server().rest('POST', '/ui/flow_runs/history', { flows: { id: { any_: [f] } } });
      expect(res.status).toBe(200);
      expect(res.body.map((r: { id: string }) => r.id)).toEqual([waiting.id, done.id]);
      expect(res.body[1]).toEqual({ id: done.id, state_type: 'COMPLETED', timestamp: '2024-01-01T02:00:00Z', duration: 3600.0, lateness: 3600.0 });
      expect(res.text).toContain('"duration":3600.0,"lateness":3600.0');
      expect(res.body[0]).toMatchObject({ state_type: 'SCHEDULED', timestamp: '2024-01-01T05:00:00Z', duration: 0 });
      expect(res.body[0].lateness).toBeGreaterThan(0);
      expect(Object.keys(res.body[0])).toEqual(['id', 'state_type', 'timestamp', 'duration', 'lateness']);

      const asc = await server().rest('POST', '/ui/flow_runs/history', { flows: { id: { any_: [f] } }, sort: 'EXPECTED_START_TIME_ASC', limit: 1 });
      expect(asc.body.map((r: { id: string }) => r.id)).toEqual([done.id]);
      const offset = await server().rest('POST', '/ui/flow_runs/history', { flows: { id: { any_: [f] } }, offset: 2 });
      expect(offset.body.map((r: { id: string }) => r.id)).toEqual([done.id]);

      const gql = await server().gql(
        `query($f: UUID!) { read_flow_run_history(flows: { id: { any_: [$f] } }, sort: EXPECTED_START_TIME_ASC) { id state_type timestamp duration } }`,
        { f },
      );
      expect((gql.data as any).read_flow_run_history).toEqual([
        { id: done.id, state_type: 'COMPLETED', timestamp: '2024-01-01T02:00:00Z', duration: 3600 },
        { id: waiting.id, state_type: 'SCHEDULED', timestamp: '2024-01-01T05:00:00Z', duration: 0 },
      ]);
    });

    it('takes limits up to 1000, not the shared 200, and refuses 1001 and negatives', async () => {
      expect((await server().rest('POST', '/ui/flow_runs/history', { limit: 1000 })).status).toBe(200);
      const over = await server().rest('POST', '/ui/flow_runs/history', { limit: 1001 });
      expect(over.status).toBe(422);
      expect(over.body.exception_detail).toEqual([
        { type: 'less_than_equal', loc: ['body', 'limit'], msg: 'Input should be less than or equal to 1000', input: 1001, ctx: { le: 1000 } },
      ]);
      const negative = await server().rest('POST', '/ui/flow_runs/history', { limit: -1 });
      expect(negative.body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'limit'] });
      expect((await server().rest('POST', '/ui/flow_runs/history', { offset: -1 })).status).toBe(422);
    });
  });

  describe('count-task-runs', () => {
    it('counts task runs per flow run, subflow task runs excluded, 0 for unknown', async () => {
      const f = await flow(server(), 'ctr');
      const parent = await run(server(), f);
      const empty = await run(server(), f);
      const tasks = [];
      for (let i = 0; i < 3; i++) tasks.push(await server().db.taskRun.create({ data: { flow_run_id: parent.id, name: `t${i}`, task_key: 'k', dynamic_key: String(i) } }));
      // tasks[2] stands for a subflow: a flow run names it as its parent task run.
      await run(server(), f, { parent_task_run_id: tasks[2].id });
      const res = await server().rest('POST', '/ui/flow_runs/count-task-runs', { flow_run_ids: [empty.id, parent.id, MISSING] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ [empty.id]: 0, [parent.id]: 2, [MISSING]: 0 });
      expect(Object.keys(res.body)).toEqual([empty.id, parent.id, MISSING]);
      const gql = await server().gql(`query($ids: [UUID!]!) { count_task_runs_by_flow_run(flow_run_ids: $ids) }`, { ids: [parent.id] });
      expect(gql.data).toEqual({ count_task_runs_by_flow_run: { [parent.id]: 2 } });
      expect((await server().rest('POST', '/ui/flow_runs/count-task-runs', {})).status).toBe(422);
    });

    it('answers in one statement whatever the number of ids', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      server().resetQueries();
      await server().rest('POST', '/ui/flow_runs/count-task-runs', { flow_run_ids: ids });
      expect(server().queries.filter((q) => /task_run/.test(q)).length).toBe(1);
    });
  });
});
