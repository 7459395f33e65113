// FlowRun.logs and TaskRun.logs (GraphQL only), and logs deleted with their runs (logs §1.7; surprise 8).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createFlowRun, log, newId, postLogs, readLogs } from './support.ts';

const at = (second: number) => `2024-05-01T00:00:${String(second).padStart(2, '0')}Z`;

describeEachDatabase('log relations', (server, provider) => {
  const runs: string[] = [];
  let taskRun: string;

  beforeAll(async () => {
    for (let r = 0; r < 5; r++) runs.push(await createFlowRun(server(), `run-${r}`));
    taskRun = (await server().rest('POST', '/task_runs/', { flow_run_id: runs[0], task_key: 't', dynamic_key: '0' })).body.id;
    // Run r has 6 logs: levels 10..60, messages r:0..r:5, one second apart.
    await postLogs(
      server(),
      runs.flatMap((run, r) => Array.from({ length: 6 }, (_, i) => log({ flow_run_id: run, level: 10 * (i + 1), message: `${r}:${i}`, timestamp: at(i) }))),
    );
    await postLogs(server(), [
      log({ flow_run_id: runs[0], task_run_id: taskRun, message: 'task says hi', timestamp: at(30) }),
      log({ task_run_id: taskRun, message: 'task alone', timestamp: at(31) }),
    ]);
  });

  const RUN_LOGS = `query($ids: [UUID!]) {
    read_flow_runs(flow_runs: {id: {any_: $ids}}, sort: NAME_ASC) {
      name
      logs(filter: {level: {ge_: 30}}, sort: TIMESTAMP_DESC, limit: 2, offset: 1) { message level }
    }
  }`;

  it('pages each run’s logs with LogFilter, LogSort, limit and offset', async () => {
    const res = await server().gql(RUN_LOGS, { ids: runs } as any);
    expect(res.errors).toBeUndefined();
    expect((res.data as any).read_flow_runs).toEqual(
      runs.map((_, r) => ({
        name: `run-${r}`,
        logs: [
          { message: `${r}:4`, level: 50 },
          { message: `${r}:3`, level: 40 },
        ],
      })),
    );
    const text = await server().gql(`query($ids: [UUID!]) { read_flow_runs(flow_runs: {id: {any_: $ids}}) { logs(filter: {text: {query: "task -alone"}}) { message } } }`, {
      ids: [runs[0]],
    } as any);
    expect(text).toEqual({ data: { read_flow_runs: [{ logs: [{ message: 'task says hi' }] }] } });
  });

  it('reads the logs of every run of a level in the same few statements, however many runs', async () => {
    const statements = async (ids: string[]) => {
      server().resetQueries();
      const res = await server().gql(RUN_LOGS, { ids } as any);
      expect(res.errors).toBeUndefined();
      const returned = (res.data as any).read_flow_runs.flatMap((r: any) => r.logs).length;
      return { queries: [...server().queries], rows: [...server().rows], returned };
    };
    const two = await statements(runs.slice(0, 2));
    const five = await statements(runs);
    expect(five.queries.length).toBe(two.queries.length);
    expect(five.queries.length).toBeLessThanOrEqual(3); // the runs; the logs' page (and their rows)
    expect(five.queries.filter((q) => (provider === 'postgresql' ? /CROSS JOIN LATERAL/ : /json_each/).test(q))).toHaveLength(1);
    // No log beyond each run's page is fetched: the 5 runs, then exactly the 10 returned logs per statement.
    expect(five.returned).toBe(10);
    expect(five.rows[0]).toBe(5);
    expect(five.rows.slice(1).every((n) => n === 10)).toBe(true);
  });

  it('TaskRun.logs lists the task run’s logs (task_run_id), with or without a flow run', async () => {
    const res = await server().gql(`query($id: UUID!) { read_task_runs(task_runs: {id: {any_: [$id]}}) { logs { message flow_run_id } } }`, { id: taskRun } as any);
    expect(res).toEqual({
      data: {
        read_task_runs: [
          {
            logs: [
              { message: 'task says hi', flow_run_id: runs[0] },
              { message: 'task alone', flow_run_id: null },
            ],
          },
        ],
      },
    });
  });

  it('is GraphQL only: the REST JSON of a run has no logs', async () => {
    const run = (await server().rest('GET', `/flow_runs/${runs[0]}`)).body;
    expect(run).not.toHaveProperty('logs');
  });

  it('deleting a flow run deletes its logs; other runs keep theirs', async () => {
    const doomed = await createFlowRun(server());
    const kept = await createFlowRun(server());
    await postLogs(server(), [log({ flow_run_id: doomed }), log({ flow_run_id: doomed, task_run_id: newId() }), log({ flow_run_id: kept })]);
    expect((await server().rest('DELETE', `/flow_runs/${doomed}`)).status).toBe(204);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [doomed] } } })).toEqual([]);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [kept] } } })).toHaveLength(1);
    // A run that does not exist: 404, and logs naming it stay.
    const ghost = newId();
    await postLogs(server(), [log({ flow_run_id: ghost })]);
    expect((await server().rest('DELETE', `/flow_runs/${ghost}`)).status).toBe(404);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [ghost] } } })).toHaveLength(1);
  });

  it('bulk deletes and task-run deletes take their logs along', async () => {
    const a = await createFlowRun(server());
    const b = await createFlowRun(server());
    await postLogs(server(), [log({ flow_run_id: a }), log({ flow_run_id: b })]);
    const bulk = await server().rest('POST', '/flow_runs/bulk_delete', { flow_runs: { id: { any_: [a, b] } } });
    expect(bulk.status).toBe(200);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [a, b] } } })).toEqual([]);

    const run = await createFlowRun(server());
    const task = (await server().rest('POST', '/task_runs/', { flow_run_id: run, task_key: 'gone', dynamic_key: '0' })).body.id;
    await postLogs(server(), [log({ flow_run_id: run, task_run_id: task }), log({ flow_run_id: run })]);
    expect((await server().rest('DELETE', `/task_runs/${task}`)).status).toBe(204);
    expect(await readLogs(server(), { logs: { task_run_id: { any_: [task] } } })).toEqual([]);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [run] } } })).toHaveLength(1);

    const gql = await createFlowRun(server());
    await postLogs(server(), [log({ flow_run_id: gql })]);
    expect(await server().gql(`mutation($id: UUID!) { delete_flow_run(id: $id) }`, { id: gql } as any)).toEqual({ data: { delete_flow_run: true } });
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [gql] } } })).toEqual([]);
  });
});
