// Flow-run inputs (flows-and-runs §2.15) and resuming a pause that asked for
// input (orchestration §1.3), over REST.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('flow-run inputs', (server) => {
  let flowId: string;
  beforeAll(async () => {
    flowId = (await server().rest('POST', '/flows/', { name: 'interactive' })).body.id;
  });
  const newRun = async () => (await server().rest('POST', '/flow_runs/', { flow_id: flowId })).body.id as string;

  it('stores, lists, reads and deletes inputs with Prefect’s answers', async () => {
    const run = await newRun();
    const created = await server().rest('POST', `/flow_runs/${run}/input`, { key: 'answer-1', value: '"yes"', sender: 'ui' });
    expect(created.status).toBe(201);
    expect(created.text).toBe('null');
    await server().rest('POST', `/flow_runs/${run}/input`, { key: 'answer-2', value: '42' });
    await server().rest('POST', `/flow_runs/${run}/input`, { key: 'other', value: 'x' });
    expect(await server().rest('POST', `/flow_runs/${run}/input`, { key: 'answer-1', value: 'again' })).toMatchObject({
      status: 409,
      body: { detail: 'A flow run input with this key already exists.' },
    });
    expect(await server().rest('POST', `/flow_runs/${MISSING}/input`, { key: 'k', value: 'v' })).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
    const badKey = await server().rest('POST', `/flow_runs/${run}/input`, { key: 'Bad Key', value: 'v' });
    expect(badKey.status).toBe(422);
    expect(badKey.body.exception_detail[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'key'] });

    const one = await server().rest('POST', `/flow_runs/${run}/input/filter`, { prefix: 'answer' });
    expect(one.body).toHaveLength(1);
    expect(Object.keys(one.body[0])).toEqual(['id', 'created', 'updated', 'flow_run_id', 'key', 'value', 'sender']);
    expect(one.body[0]).toMatchObject({ key: 'answer-1', value: '"yes"', sender: 'ui', flow_run_id: run });
    const rest = await server().rest('POST', `/flow_runs/${run}/input/filter`, { prefix: 'answer', limit: 10, exclude_keys: ['answer-1'] });
    expect(rest.body.map((i: { key: string }) => i.key)).toEqual(['answer-2']);
    expect((await server().rest('POST', `/flow_runs/${MISSING}/input/filter`, { prefix: '' })).body).toEqual([]);

    const raw = await fetch(`${server().url}/api/flow_runs/${run}/input/answer-1`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toBe('"yes"');
    expect(await server().rest('GET', `/flow_runs/${run}/input/nothing`)).toMatchObject({ status: 404, body: { detail: 'Flow run input not found' } });
    expect((await server().rest('DELETE', `/flow_runs/${run}/input/answer-1`)).status).toBe(204);
    expect(await server().rest('DELETE', `/flow_runs/${run}/input/answer-1`)).toMatchObject({ status: 404, body: { detail: 'Flow run input not found' } });
  });

  it('resumes a pause that asked for input only with input valid for its schema, then keeps the input', async () => {
    const run = await newRun();
    const schema = { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] };
    await server().rest('POST', `/flow_runs/${run}/input`, { key: 'paused-1-schema', value: JSON.stringify(schema) });
    await server().rest('POST', `/flow_runs/${run}/set_state`, { state: { type: 'RUNNING' } });
    const keyset = { schema: 'paused-1-schema', response: 'paused-1-response' };
    const paused = await server().rest('POST', `/flow_runs/${run}/set_state`, { state: { type: 'PAUSED', state_details: { pause_key: '1', run_input_keyset: keyset } } });
    expect(paused.body.status).toBe('ACCEPT');

    const refuse = async (run_input: unknown, reason: string) => {
      const res = await server().rest('POST', `/flow_runs/${run}/resume`, { run_input });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'REJECT', details: { type: 'abort_details', reason }, state: { type: 'PAUSED' } });
    };
    await refuse({}, "Reason: Validation failed. Failure reason: 'approved' is a required property");
    await refuse({ approved: 'yes' }, "Reason: Validation failed for field 'approved'. Failure reason: 'yes' is not of type 'boolean'");
    await refuse({ approved: { __prefect_kind: 'json', value: '{bad' } }, expect.stringMatching(/^Error hydrating run input: Invalid JSON: /) as unknown as string);

    const ok = await server().rest('POST', `/flow_runs/${run}/resume`, { run_input: { approved: { __prefect_kind: 'json', value: 'true' } } });
    expect(ok).toMatchObject({ status: 201, body: { status: 'ACCEPT', state: { type: 'RUNNING' } } });
    const stored = await fetch(`${server().url}/api/flow_runs/${run}/input/paused-1-response`);
    expect(await stored.text()).toBe('{"approved":true}');
  });

  it('refuses to resume when the schema is missing or not JSON', async () => {
    const run = await newRun();
    await server().rest('POST', `/flow_runs/${run}/set_state`, { state: { type: 'RUNNING' } });
    await server().rest('POST', `/flow_runs/${run}/set_state`, { state: { type: 'PAUSED', state_details: { run_input_keyset: { schema: 's', response: 'r' } } } });
    expect((await server().rest('POST', `/flow_runs/${run}/resume`, {})).body.details.reason).toBe('Run input schema not found.');
    await server().rest('POST', `/flow_runs/${run}/input`, { key: 's', value: 'not json' });
    expect((await server().rest('POST', `/flow_runs/${run}/resume`, {})).body.details.reason).toBe('Run input schema is not valid JSON.');
  });
});
