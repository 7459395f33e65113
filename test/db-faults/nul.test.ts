// A NUL character in any text gives the same 422 on both databases
// (PostgreSQL cannot store it; SQLite could), through both doors, and a
// transaction it interrupts leaves nothing behind.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { RestAnswer } from '../support/server.ts';

const NUL_MSG = 'Value error, text may not contain the NUL character (\\u0000)';

function expectNulRejected(answer: RestAnswer) {
  expect(answer.status).toBe(422);
  expect(answer.body.exception_message).toBe('Invalid request received.');
  expect(answer.body.exception_detail).toEqual([expect.objectContaining({ type: 'value_error', msg: NUL_MSG })]);
}

const SURROGATE_MSG = 'Value error, text must be valid Unicode: it contains an unpaired UTF-16 surrogate';

describeEachDatabase('NUL characters in text', (server) => {
  it('rejects a NUL in a flow name, a tag, a like_ pattern and a path segment with a 422', async () => {
    expectNulRejected(await server().rest('POST', '/flows/', { name: 'a\u0000b' }));
    expectNulRejected(await server().rest('POST', '/flows/', { name: 'tagged', tags: ['ok', 'x\u0000'] }));
    expectNulRejected(await server().rest('POST', '/flows/filter', { flows: { name: { like_: '\u0000' } } }));
    expectNulRejected(await server().rest('POST', '/flows/filter', { flows: { tags: { all_: ['\u0000'] } } }));
    expectNulRejected(await server().rest('GET', '/flows/name/%00'));
    const count = await server().rest('POST', '/flows/count', {});
    expect(count.body).toBe(0);
  });

  it('answers GraphQL with BAD_USER_INPUT and status 422', async () => {
    const result = await server().gql('mutation($flow: FlowCreate!) { create_flow(flow: $flow) { id } }', { flow: { name: 'g\u0000' } } as never);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
    expect(result.errors?.[0].message).toContain('NUL character');
  });

  it('rejects a NUL inside JSON (flow-run parameters, labels) and writes nothing of the run', async () => {
    const { body: flow } = await server().rest('POST', '/flows/', { name: 'json-host' });
    expectNulRejected(await server().rest('POST', '/flow_runs/', { flow_id: flow.id, parameters: { x: 'a\u0000' } }));
    expectNulRejected(await server().rest('POST', '/flow_runs/', { flow_id: flow.id, labels: { 'k\u0000': 'v' } }));
    // The run row is inserted first, its state second: the state's NUL rolls back the run too.
    expectNulRejected(await server().rest('POST', '/flow_runs/', { flow_id: flow.id, state: { type: 'PENDING', name: 'P\u0000' } }));
    expect((await server().rest('POST', '/flow_runs/count', {})).body).toBe(0);
  });

  it('accepts the six characters \\u0000 as plain text, and a backslash before them in JSON', async () => {
    const created = await server().rest('POST', '/flows/', { name: 'slash\\u0000', tags: ['\\u0000', '\\\\u0000'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'slash\\u0000', tags: ['\\u0000', '\\\\u0000'] });
    const found = await server().rest('GET', `/flows/name/${encodeURIComponent('slash\\u0000')}`);
    expect(found.status).toBe(200);
  });

  it('rejects an unpaired UTF-16 surrogate in text and in JSON with a 422, and keeps real pairs', async () => {
    for (const answer of [
      await server().rest('POST', '/flows/', { name: 'half \ud83d' }),
      await server().rest('POST', '/flows/', { name: 'low-half', tags: ['\ude00'] }),
      await server().rest('POST', '/flows/filter', { flows: { name: { like_: '\ud83d' } } }),
    ]) {
      expect(answer.status).toBe(422);
      expect(answer.body.exception_detail).toEqual([expect.objectContaining({ type: 'value_error', msg: SURROGATE_MSG })]);
    }
    const emoji = await server().rest('POST', '/flows/', { name: 'rocket \ud83d\ude80', tags: ['\ud83d\ude80'] });
    expect(emoji.status).toBe(201);
    expect(emoji.body).toMatchObject({ name: 'rocket 🚀', tags: ['🚀'] });
  });
});
