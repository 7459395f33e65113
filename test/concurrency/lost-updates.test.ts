// Read-modify-write of a run under concurrency (issue 13, point 5): label
// merges run under the run's row lock, so parallel merges of different keys
// all survive on both databases.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

async function newFlowRun(server: TestServer, labels: object = {}): Promise<{ id: string; flowId: string }> {
  const { body: flow } = await server.rest('POST', '/flows/', { name: `labels-${randomUUID()}` });
  const { body: run } = await server.rest('POST', '/flow_runs/', { flow_id: flow.id, labels });
  return { id: run.id, flowId: flow.id };
}

describeEachDatabase('no lost updates', (server) => {
  it('50 parallel PATCH /flow_runs/{id}/labels with distinct keys: all 204, all 50 keys kept', async () => {
    const { id, flowId } = await newFlowRun(server(), { keep: 'me' });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => server().rest('PATCH', `/flow_runs/${id}/labels`, { [`key-${i}`]: i })));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(204));
    const expected = { keep: 'me', 'prefect.flow.id': flowId, ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key-${i}`, i])) };
    expect((await server().rest('GET', `/flow_runs/${id}`)).body.labels).toEqual(expected);
    const { data } = await server().gql<any, any>('query ($id: UUID!) { read_flow_run(id: $id) { labels } }', { id });
    expect(data.read_flow_run.labels).toEqual(expected);
  });

  it('label merges racing with state changes of the same run lose neither', async () => {
    const { id } = await newFlowRun(server());
    const merges = Array.from({ length: 20 }, (_, i) => server().rest('PATCH', `/flow_runs/${id}/labels`, { [`k${i}`]: 'v' }));
    // RUNNING then COMPLETED, one after the other, while the merges race them.
    const states = (async () => {
      for (const type of ['RUNNING', 'COMPLETED']) expect((await server().rest('POST', `/flow_runs/${id}/set_state`, { state: { type } })).status).toBe(201);
    })();
    await Promise.all([...merges, states]);
    const { body: run } = await server().rest('GET', `/flow_runs/${id}`);
    for (let i = 0; i < 20; i++) expect(run.labels[`k${i}`]).toBe('v');
    expect(run.state_type).toBe('COMPLETED');
  });

  it('a merge on a missing or deleted run answers 404, as before', async () => {
    const missing = await server().rest('PATCH', `/flow_runs/${randomUUID()}/labels`, { a: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ exception_message: expect.stringMatching(/^Flow run with id .+ not found$/) });
  });

  it('parallel tag replacements leave the tag filter agreeing with the tags shown', async () => {
    const { body: flow } = await server().rest('POST', '/flows/', { name: `tags-${randomUUID()}`, tags: ['start'] });
    const sets = Array.from({ length: 20 }, (_, i) => [`t${i}`, `u${i % 3}`]);
    const answers = await Promise.all(sets.map((tags) => server().rest('PATCH', `/flows/${flow.id}`, { tags })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    const { body: after } = await server().rest('GET', `/flows/${flow.id}`);
    // Every tag ever sent: the filter finds the flow by exactly the tags it shows.
    const everyTag = [...new Set(['start', ...sets.flat()])];
    for (const tag of everyTag) {
      const found = await server().rest('POST', '/flows/count', { flows: { id: { any_: [flow.id] }, tags: { all_: [tag] } } });
      expect([tag, found.body]).toEqual([tag, after.tags.includes(tag) ? 1 : 0]);
    }
  });
});
