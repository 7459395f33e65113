// /ui/task_runs/dashboard/counts, /ui/task_runs/count and GET /ui/task_runs/{id}
// (blocks-and-ui-routes §7.5–7.7), both doors.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { dashboardWindow } from '../../src/resources/ui/window.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const EMPTY = { completed: 0, failed: 0 };

async function flowRun(server: TestServer, flowName: string, runName = `${flowName}-run`) {
  const flow = (await server.rest('POST', '/flows/', { name: flowName })).body;
  return server.db.flowRun.create({ data: { flow_id: flow.id, name: runName } });
}

async function taskRun(server: TestServer, flowRunId: string | null, key: string, data: Record<string, unknown> = {}) {
  return server.db.taskRun.create({ data: { flow_run_id: flowRunId, name: key, task_key: key, dynamic_key: key, ...data } as never });
}

describe('the dashboard window', () => {
  it('zeroes the start’s seconds, ends at the last microsecond of the end minute, cuts 20 buckets', () => {
    const w = dashboardWindow(new Date('2024-01-01T10:00:30.500Z'), new Date('2024-01-01T18:00:00Z'), new Date());
    expect(w.start.toISOString()).toBe('2024-01-01T10:00:00.000Z');
    expect(w.end.toISOString()).toBe('2024-01-01T18:00:59.999Z');
    // (8 h + 59.999999 s) / 20, rounded to the microsecond.
    expect(w.deltaUs).toBe(1_443_000_000);
    expect(w.boundaries).toHaveLength(21);
    expect(w.boundaries[1].toISOString()).toBe('2024-01-01T10:24:03.000Z');
    const now = new Date('2024-02-02T12:34:56Z');
    expect(dashboardWindow(new Date('2024-02-02T12:00:00Z'), null, now).end.toISOString()).toBe('2024-02-02T12:34:59.999Z');
  });
});

describeEachDatabase('UI task-run helpers', (server) => {
  describe('dashboard counts', () => {
    const body = (flowName: string, extra: Record<string, unknown> = {}) => ({
      task_runs: { start_time: { after_: '2024-01-01T10:00:00Z', before_: '2024-01-01T18:00:00Z' }, ...extra },
      flows: { name: { any_: [flowName] } },
    });

    it('buckets Prefect’s example: 100 alternating runs every 4.8 minutes from 10:00', async () => {
      const run = await flowRun(server(), 'dash');
      for (let i = 0; i < 100; i++) {
        const start = new Date(Date.UTC(2024, 0, 1, 10) + i * 4.8 * 60_000);
        await taskRun(server(), run.id, `t${i}`, { state_type: i % 2 === 0 ? 'COMPLETED' : 'FAILED', state_name: 'x', start_time: start });
      }
      const res = await server().rest('POST', '/ui/task_runs/dashboard/counts', body('dash'));
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(20);
      expect(res.body[0]).toEqual({ completed: 3, failed: 3 });
      expect(res.body[19]).toEqual({ completed: 2, failed: 2 });
      expect(res.body.reduce((n: number, b: { completed: number; failed: number }) => n + b.completed + b.failed, 0)).toBe(100);
      const gql = await server().gql(
        `{ read_dashboard_task_run_counts(task_runs: { start_time: { after_: "2024-01-01T10:00:00Z", before_: "2024-01-01T18:00:00Z" } }, flows: { name: { any_: ["dash"] } }) { completed failed } }`,
      );
      expect((gql.data as any).read_dashboard_task_run_counts).toEqual(res.body);
    });

    it('counts CANCELLED as completed and CRASHED as failed, ignores other states and a sent state filter', async () => {
      const run = await flowRun(server(), 'dash-states');
      const at = new Date('2024-01-01T10:01:00Z');
      for (const [i, type] of ['COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED', 'RUNNING', 'PENDING'].entries()) {
        await taskRun(server(), run.id, `s${i}`, { state_type: type, state_name: type, start_time: at });
      }
      const res = await server().rest('POST', '/ui/task_runs/dashboard/counts', body('dash-states', { state: { type: { any_: ['RUNNING'] } } }));
      expect(res.body[0]).toEqual({ completed: 2, failed: 2 });
      expect(res.body.slice(1)).toEqual(Array(19).fill(EMPTY));
    });

    it('is empty without matching runs; drops runs past the window end', async () => {
      const run = await flowRun(server(), 'dash-none');
      await taskRun(server(), run.id, 'far', { state_type: 'COMPLETED', state_name: 'Completed', start_time: new Date('2099-01-01T00:00:00Z') });
      const res = await server().rest('POST', '/ui/task_runs/dashboard/counts', {
        task_runs: { start_time: { after_: new Date(Date.now() - 3_600_000).toISOString() } },
        flows: { name: { any_: ['dash-none'] } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(Array(20).fill(EMPTY));
    });

    it('requires task_runs and its start_time.after_', async () => {
      const none = await server().rest('POST', '/ui/task_runs/dashboard/counts', {});
      expect(none.status).toBe(422);
      expect(none.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'task_runs'], msg: 'Field required', input: null }]);
      for (const task_runs of [{}, { start_time: { before_: '2024-01-01T00:00:00Z' } }]) {
        expect(await server().rest('POST', '/ui/task_runs/dashboard/counts', { task_runs })).toMatchObject({
          status: 422,
          body: { detail: 'task_runs.start_time.after_ is required' },
        });
      }
      const gql = await server().gql('{ read_dashboard_task_run_counts(task_runs: {}) { completed } }');
      expect(gql.errors?.[0]).toMatchObject({ message: 'task_runs.start_time.after_ is required', extensions: { status: 422 } });
    });

    it('is one statement', async () => {
      server().resetQueries();
      await server().rest('POST', '/ui/task_runs/dashboard/counts', body('dash'));
      expect(server().queries.filter((q) => /task_run/.test(q)).length).toBe(1);
    });
  });

  describe('counts by state', () => {
    it('answers all nine state types in Prefect’s order, runs without a state not counted', async () => {
      const run = await flowRun(server(), 'by-state');
      for (const [i, type] of ['COMPLETED', 'COMPLETED', 'FAILED', 'SCHEDULED', null].entries()) {
        await taskRun(server(), run.id, `b${i}`, { state_type: type, state_name: type });
      }
      const res = await server().rest('POST', '/ui/task_runs/count', { flows: { name: { any_: ['by-state'] } } });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"COMPLETED":2,"PENDING":0,"RUNNING":0,"FAILED":1,"CANCELLED":0,"CRASHED":0,"PAUSED":0,"CANCELLING":0,"SCHEDULED":1}');
      const filtered = await server().rest('POST', '/ui/task_runs/count', { flow_runs: { id: { any_: [run.id] } }, task_runs: { state: { type: { any_: ['FAILED'] } } } });
      expect(filtered.body).toMatchObject({ COMPLETED: 0, FAILED: 1 });
      const gql = await server().gql(`query($id: UUID!) { read_task_run_counts_by_state(flow_runs: { id: { any_: [$id] } }) { COMPLETED FAILED SCHEDULED PENDING } }`, {
        id: run.id,
      });
      expect((gql.data as any).read_task_run_counts_by_state).toEqual({ COMPLETED: 2, FAILED: 1, SCHEDULED: 1, PENDING: 0 });
    });
  });

  describe('a task run with its flow run’s name', () => {
    it('answers the TaskRun JSON plus flow_run_name last', async () => {
      const run = await flowRun(server(), 'named', 'the-flow-run');
      const created = (await server().rest('POST', '/task_runs/', { flow_run_id: run.id, task_key: 'named-task', dynamic_key: '0' })).body;
      const plain = (await server().rest('GET', `/task_runs/${created.id}`)).body;
      const res = await server().rest('GET', `/ui/task_runs/${created.id}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual([...Object.keys(plain), 'flow_run_name']);
      expect(res.body).toEqual({ ...plain, estimated_start_time_delta: res.body.estimated_start_time_delta, flow_run_name: 'the-flow-run' });
      const gql = await server().gql(`query($id: UUID!) { read_task_run_with_flow_run_name(id: $id) { id flow_run_name state { type } } }`, { id: created.id });
      expect((gql.data as any).read_task_run_with_flow_run_name).toEqual({ id: created.id, flow_run_name: 'the-flow-run', state: { type: 'PENDING' } });
    });

    it('answers null flow_run_id and flow_run_name without a flow run; 404 Task not found', async () => {
      const lone = await taskRun(server(), null, 'lonely');
      expect((await server().rest('GET', `/ui/task_runs/${lone.id}`)).body).toMatchObject({ flow_run_id: null, flow_run_name: null });
      expect(await server().rest('GET', `/ui/task_runs/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Task not found' } });
      expect(await server().rest('GET', '/ui/task_runs/nope')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });
  });
});
