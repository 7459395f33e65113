// Exactly one of many racing creates answers 201 (issue 13, point 5): the
// database decides who created the row (the insert that won the unique index),
// never a comparison of clocks. Driven through REST; GraphQL must see one row.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { RestAnswer, TestServer } from '../support/server.ts';

/** Fires `count` identical requests at once and waits for every answer. */
function race(server: TestServer, count: number, method: string, path: string, body: unknown): Promise<RestAnswer[]> {
  return Promise.all(Array.from({ length: count }, () => server.rest(method, path, body)));
}

function statuses(answers: RestAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describeEachDatabase('racing creates answer one 201', (server) => {
  it('100 parallel POST /flows/ with one name: one 201, 99 × 200, one row', async () => {
    const name = `racing-flow-${randomUUID()}`;
    const answers = await race(server(), 100, 'POST', '/flows/', { name });
    expect(statuses(answers)).toEqual({ 201: 1, 200: 99 });
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const quoted = JSON.stringify(name);
    const { data } = await server().gql<any, any>(`{ count_flows(flows: { name: { any_: [${quoted}] } }) read_flow_by_name(name: ${quoted}) { id } }`);
    expect(data).toEqual({ count_flows: 1, read_flow_by_name: { id: [...ids][0] } });
  });

  it('50 parallel flow-run creates with one idempotency key: one 201, one run', async () => {
    const { body: flow } = await server().rest('POST', '/flows/', { name: `keyed-${randomUUID()}` });
    const answers = await race(server(), 50, 'POST', '/flow_runs/', { flow_id: flow.id, idempotency_key: 'once' });
    expect(statuses(answers)).toEqual({ 201: 1, 200: 49 });
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const { data } = await server().gql<any, any>('query ($flow: UUID!) { count_flow_runs(flows: { id: { any_: [$flow] } }) }', { flow: flow.id });
    expect(data).toEqual({ count_flow_runs: 1 });
    // The winner's run got exactly one (initial) state.
    const { data: states } = await server().gql<any, any>('query ($id: UUID!) { read_flow_run_states(flow_run_id: $id) { id } }', { id: [...ids][0] });
    expect(states.read_flow_run_states).toHaveLength(1);
  });

  it('50 parallel task-run creates with one (flow_run_id, task_key, dynamic_key): one 201, one row', async () => {
    const { body: flow } = await server().rest('POST', '/flows/', { name: `tasks-${randomUUID()}` });
    const { body: run } = await server().rest('POST', '/flow_runs/', { flow_id: flow.id });
    const answers = await race(server(), 50, 'POST', '/task_runs/', { flow_run_id: run.id, task_key: 'extract', dynamic_key: '0' });
    expect(statuses(answers)).toEqual({ 201: 1, 200: 49 });
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const { data } = await server().gql<any, any>('query ($run: UUID!) { count_task_runs(flow_runs: { id: { any_: [$run] } }) }', { run: run.id });
    expect(data).toEqual({ count_task_runs: 1 });
  });

  it('50 parallel creates of a task run without a flow run, one (task_key, dynamic_key): one 201, one row', async () => {
    // No unique index covers a NULL flow_run_id; the lookup and insert are serialised instead.
    const keys = { task_key: `background-${randomUUID()}`, dynamic_key: '0' };
    const answers = await race(server(), 50, 'POST', '/task_runs/', keys);
    expect(statuses(answers)).toEqual({ 201: 1, 200: 49 });
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const { data } = await server().gql<any, any>('{ read_task_runs(limit: 200) { task_key } }');
    expect(data.read_task_runs.filter((t: { task_key: string }) => t.task_key === keys.task_key)).toHaveLength(1);
  });

  it('sequential creates: new → 201, again → 200, whatever the clocks say', async () => {
    const name = `sequential-${randomUUID()}`;
    expect((await server().rest('POST', '/flows/', { name })).status).toBe(201);
    expect((await server().rest('POST', '/flows/', { name })).status).toBe(200);
    const { body: flow } = await server().rest('POST', '/flows/', { name });
    expect((await server().rest('POST', '/flow_runs/', { flow_id: flow.id, idempotency_key: 'k' })).status).toBe(201);
    expect((await server().rest('POST', '/flow_runs/', { flow_id: flow.id, idempotency_key: 'k' })).status).toBe(200);
    // Without a key every create is new.
    expect((await server().rest('POST', '/flow_runs/', { flow_id: flow.id })).status).toBe(201);
    expect((await server().rest('POST', '/flow_runs/', { flow_id: flow.id })).status).toBe(201);
    const task = { task_key: 't', dynamic_key: randomUUID() };
    expect((await server().rest('POST', '/task_runs/', task)).status).toBe(201);
    expect((await server().rest('POST', '/task_runs/', task)).status).toBe(200);
  });

  it('a failed create answers its error, not 201 or 200', async () => {
    const missingFlow = await server().rest('POST', '/flow_runs/', { flow_id: randomUUID(), idempotency_key: 'x' });
    expect(missingFlow.status).toBe(409);
    const id = randomUUID();
    expect((await server().rest('POST', '/task_runs/', { id, task_key: 'a', dynamic_key: '0' })).status).toBe(201);
    // The client's id is taken by another task run: a conflict, not "the existing one".
    expect((await server().rest('POST', '/task_runs/', { id, task_key: 'b', dynamic_key: '0' })).status).toBe(409);
  });

  it('the GraphQL door creates the same way (no status to decide)', async () => {
    const name = `gql-${randomUUID()}`;
    const docs = Array.from({ length: 20 }, () =>
      // The name inline: its scalar type is not this test's concern.
      server().gql<any, any>(`mutation { create_flow(flow: { name: ${JSON.stringify(name)} }) { id } }`),
    );
    const results = await Promise.all(docs);
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map((r) => r.data.create_flow.id)).size).toBe(1);
    // A later REST create of that name finds it: 200.
    expect((await server().rest('POST', '/flows/', { name })).status).toBe(200);
  });
});
