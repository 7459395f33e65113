// Classes the fuzzer found and that were fixed in files of no other area, kept
// as short repros on both doors and both databases.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

describeEachDatabase('fuzz regressions', (server) => {
  it('a DateTime given as a number beyond years 1600–9999 is a 422, not an invalid date reaching the database (500)', async () => {
    for (const after_ of [9007199254740994, 1e300, -9007199254740994, '99999999999999999']) {
      const res = await server().rest('POST', '/flow_runs/count', { flow_runs: { start_time: { after_ } } });
      expect(res.status, JSON.stringify(after_)).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'datetime_parsing', loc: ['body', 'flow_runs', 'start_time', 'after_'], input: after_ });
    }
    const big = await server().rest('POST', '/flow_runs/count', { flow_runs: { start_time: { after_: 1e300 } } });
    expect(big.body.exception_detail[0].msg).toBe('Input should be a valid datetime, dates after 9999 are not supported as unix timestamps');
    // Timestamps inside the range still work: seconds, and milliseconds above 2e10.
    expect((await server().rest('POST', '/flow_runs/count', { flow_runs: { start_time: { after_: 1_700_000_000 } } })).status).toBe(200);
    expect((await server().rest('POST', '/flow_runs/count', { flow_runs: { start_time: { after_: 1_700_000_000_000 } } })).status).toBe(200);

    const literal = await server().gql('{ count_flow_runs(flow_runs: {start_time: {after_: 1e300}}) }');
    expect(literal.errors?.[0].message).toMatch(/dates after 9999 are not supported/);
    const variable = await server().gql('query($f: FlowRunFilter) { count_flow_runs(flow_runs: $f) }', { f: { start_time: { before_: -9007199254740994 } } });
    expect(variable.errors?.[0].message).toMatch(/dates before 1600 are not supported/);
    expect(JSON.stringify([literal, variable])).not.toMatch(/INTERNAL_SERVER_ERROR/);
  });

  it('a history interval whose first bucket would end past the last date is a 422, not an invalid date (500)', async () => {
    const body = { history_start: '2020-01-01T00:00:00Z', history_end: '2020-01-02T00:00:00Z', history_interval_seconds: 9007199254740994 };
    for (const route of ['/flow_runs/history', '/task_runs/history']) {
      const res = await server().rest('POST', route, body);
      expect(res.status, route).toBe(422);
      expect(res.body.detail).toMatch(/History interval is too large/);
    }
    const gql = await server().gql(
      '{ task_run_history(history_start: "2020-01-01T00:00:00Z", history_end: "2020-01-02T00:00:00Z", history_interval_seconds: 9007199254740994) { interval_end } }',
    );
    expect(gql.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server().rest('POST', '/task_runs/history', { ...body, history_interval_seconds: 3600 })).status).toBe(200);
  });

  it('a state whose data is a bare JSON number reads back through the lean list paths (SQLite stored it as a number)', async () => {
    const flow = await server().rest('POST', '/flows/', { name: 'json-number-data' });
    const run = await server().rest('POST', '/flow_runs/', { flow_id: flow.body.id, state: { type: 'COMPLETED', data: 5 } });
    const task = await server().rest('POST', '/task_runs/', { flow_run_id: run.body.id, task_key: 'k', dynamic_key: '0', state: { type: 'COMPLETED', data: 1.5 } });
    expect(task.status).toBe(201);
    const tasks = await server().rest('POST', '/task_runs/filter', { task_runs: { id: { any_: [task.body.id] } } });
    expect(tasks.status).toBe(200);
    expect(tasks.body[0].state.data).toBe(1.5);
    const runs = await server().rest('POST', '/flow_runs/filter', { flow_runs: { id: { any_: [run.body.id] } } });
    expect(runs.body[0].state.data).toBe(5);
    const nested = await server().gql(
      `{ read_flows(flows: { name: { any_: ["json-number-data"] } }, limit: 1) { flow_runs(limit: 1) { state { data } task_runs(limit: 1) { state { data } } } } }`,
    );
    expect(nested).toEqual({ data: { read_flows: [{ flow_runs: [{ state: { data: 5 }, task_runs: [{ state: { data: 1.5 } }] }] }] } });
  });
});
