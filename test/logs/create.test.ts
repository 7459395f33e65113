// POST /logs/ and create_logs (logs §1.2–1.4; surprises 1–4).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { log, newId, postLogs, readLogs } from './support.ts';

const count = async (server: any, flowRunId: string) => (await readLogs(server, { logs: { flow_run_id: { any_: [flowRunId] } } })).length;

describeEachDatabase('POST /logs/', (server, provider) => {
  it('answers 201 with body null to a bare array, [] included', async () => {
    const run = newId();
    const res = await server().rest('POST', '/logs/', [log({ flow_run_id: run }), log({ flow_run_id: run, level: 40 })]);
    expect(res.status).toBe(201);
    expect(res.text).toBe('null');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await count(server(), run)).toBe(2);
    const empty = await server().rest('POST', '/logs/', []);
    expect([empty.status, empty.text]).toEqual([201, 'null']);
  });

  it('stores the log as sent, with a server-made UUID v7 id, in Prefect’s key order', async () => {
    const run = newId();
    const task = newId();
    const before = Date.now();
    await postLogs(server(), [
      log({ name: 'prefect.task_runs', level: 50, message: 'Black flag ahead, captain!', timestamp: '2024-01-02T03:04:05.120+02:00', flow_run_id: run, task_run_id: task }),
    ]);
    const [stored] = await readLogs(server(), { logs: { flow_run_id: { any_: [run] } } });
    expect(Object.keys(stored)).toEqual(['id', 'created', 'updated', 'name', 'level', 'message', 'timestamp', 'flow_run_id', 'task_run_id']);
    expect(stored).toMatchObject({
      name: 'prefect.task_runs',
      level: 50,
      message: 'Black flag ahead, captain!',
      timestamp: '2024-01-02T01:04:05.120000Z',
      flow_run_id: run,
      task_run_id: task,
    });
    expect(stored.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The v7 id carries the time it was made (48-bit Unix milliseconds).
    const ms = Number.parseInt(stored.id.replaceAll('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before - 5);
    expect(ms).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('refuses an id, and worker_id (Cloud only), as extra inputs; nothing is written', async () => {
    const run = newId();
    const res = await server().rest('POST', '/logs/', [log({ flow_run_id: run }), { ...log({ flow_run_id: run }), worker_id: newId(), id: newId() }]);
    expect(res.status).toBe(422);
    expect(res.body.exception_message).toBe('Invalid request received.');
    expect(res.body.exception_detail.map((i: any) => [i.type, i.loc])).toEqual([
      ['extra_forbidden', ['body', 1, 'worker_id']],
      ['extra_forbidden', ['body', 1, 'id']],
    ]);
    expect(res.body.exception_detail[0].msg).toBe('Extra inputs are not permitted');
    expect(await count(server(), run)).toBe(0);
  });

  it('never checks flow_run_id and task_run_id: unknown runs, a task run alone', async () => {
    const run = newId();
    const task = newId();
    await postLogs(server(), [log({ flow_run_id: run }), log({ task_run_id: task })]);
    expect(await count(server(), run)).toBe(1);
    expect(await readLogs(server(), { logs: { task_run_id: { any_: [task] } } })).toMatchObject([{ flow_run_id: null, task_run_id: task }]);
  });

  it('removes NUL characters from message and name only, and keeps long messages whole', async () => {
    const run = newId();
    const big = 'x'.repeat(1_000_000);
    await postLogs(server(), [
      log({ flow_run_id: run, name: 'a\u0000b', message: '\u0000one\u0000two\u0000', timestamp: '2024-01-01T00:00:00Z' }),
      log({ flow_run_id: run, message: big, timestamp: '2024-01-01T00:00:01Z' }),
    ]);
    const logs = await readLogs(server(), { logs: { flow_run_id: { any_: [run] } } });
    expect(logs.map((l) => [l.name, l.message.length > 100 ? l.message.length : l.message])).toEqual([
      ['ab', 'onetwo'],
      ['prefect.flow_runs', 1_000_000],
    ]);
  });

  it('refuses text no database stores (an unpaired surrogate) for the whole request', async () => {
    const run = newId();
    const many = Array.from({ length: 3700 }, () => log({ flow_run_id: run }));
    const body = JSON.stringify([...many, log({ flow_run_id: run, message: 'PLACEHOLDER' })]).replace('PLACEHOLDER', '\\ud800');
    const res = await server().rest('POST', '/logs/', body);
    expect(res.status).toBe(422);
    expect(res.body.exception_detail).toMatchObject([{ type: 'value_error', loc: ['body', 3700, 'message'] }]);
    // The 3,640 logs of the first batch were not written either.
    expect(await count(server(), run)).toBe(0);
  });

  it('reads level with lax integer rules and refuses what a SMALLINT cannot hold', async () => {
    const run = newId();
    await postLogs(server(), [
      log({ flow_run_id: run, level: '30' as never }),
      log({ flow_run_id: run, level: 40.0 }),
      log({ flow_run_id: run, level: true as never }),
      log({ flow_run_id: run, level: -32768 }),
      log({ flow_run_id: run, level: 32767 }),
    ]);
    expect((await readLogs(server(), { logs: { flow_run_id: { any_: [run] } } })).map((l) => l.level).sort((a, b) => a - b)).toEqual([-32768, 1, 30, 40, 32767]);
    const bad = await server().rest('POST', '/logs/', [log({ level: 32768 }), log({ level: -32769 }), log({ level: 5.5 }), log({ level: 'high' as never }), log({ level: 1e20 })]);
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail).toEqual([
      { type: 'less_than_equal', loc: ['body', 0, 'level'], msg: 'Input should be less than or equal to 32767', input: 32768, ctx: { le: 32767 } },
      { type: 'greater_than_equal', loc: ['body', 1, 'level'], msg: 'Input should be greater than or equal to -32768', input: -32769, ctx: { ge: -32768 } },
      { type: 'int_from_float', loc: ['body', 2, 'level'], msg: 'Input should be a valid integer, got a number with a fractional part', input: 5.5 },
      { type: 'int_parsing', loc: ['body', 3, 'level'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'high' },
      { type: 'less_than_equal', loc: ['body', 4, 'level'], msg: 'Input should be less than or equal to 32767', input: 1e20, ctx: { le: 32767 } },
    ]);
  });

  it('answers Pydantic’s items for bodies that are not a sequence of logs', async () => {
    const detail = async (body: unknown) => (await server().rest('POST', '/logs/', body)).body;
    expect((await detail({})).exception_detail).toEqual([
      { type: 'is_instance_of', loc: ['body'], msg: 'Input should be an instance of Sequence', input: {}, ctx: { class: 'Sequence' } },
    ]);
    expect((await detail('"text"')).exception_detail).toEqual([{ type: 'sequence_str', loc: ['body'], msg: "'str' instances are not allowed as a Sequence value", input: 'text' }]);
    expect((await detail(5)).exception_detail[0]).toMatchObject({ type: 'is_instance_of', loc: ['body'], input: 5 });
    expect((await server().rest('POST', '/logs/')).body.exception_detail).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    const element = { level: 20, message: 'm', timestamp: '2024-01-01T00:00:00Z', flow_run_id: 'nope' };
    const items = (await detail([element, null])).exception_detail;
    expect(items.map((i: any) => [i.type, i.loc])).toEqual([
      ['uuid_parsing', ['body', 0, 'flow_run_id']],
      ['missing', ['body', 0, 'name']],
      ['model_type', ['body', 1]],
    ]);
  });

  it('inserts 3,640 rows per batch, each batch its own transaction', async () => {
    const run = newId();
    const logs = Array.from({ length: 3641 }, (_, i) => log({ flow_run_id: run, message: `m${i}` }));
    server().resetQueries();
    await postLogs(server(), logs);
    // Group the statements into units of work: a BEGIN..COMMIT block, or one statement alone.
    const units: string[][] = [];
    let open: string[] | null = null;
    for (const q of server().queries) {
      if (/^\s*BEGIN/i.test(q)) units.push((open = []));
      else if (/^\s*COMMIT/i.test(q)) open = null;
      else if (open) open.push(q);
      else units.push([q]);
    }
    const inserts = units.filter((u) => u.some((q) => /^INSERT INTO\s+\S*log[`"]/i.test(q)));
    expect(inserts).toHaveLength(2);
    if (provider === 'postgresql') expect(inserts.map((u) => u.length)).toEqual([1, 1]);
    expect(await count(server(), run)).toBe(200); // the default limit
    const all = await server().db.log.count({ where: { flow_run_id: run } });
    expect(all).toBe(3641);
  });

  it('gives a batch ids in arrival order', async () => {
    const run = newId();
    await postLogs(
      server(),
      Array.from({ length: 50 }, (_, i) => log({ flow_run_id: run, message: String(i) })),
    );
    const logs = await readLogs(server(), { logs: { flow_run_id: { any_: [run] } } });
    expect(logs.map((l) => l.message)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });

  it('create_logs over GraphQL: null on success, BAD_USER_INPUT for a bad level', async () => {
    const run = newId();
    const ok = await server().gql(`mutation($logs: [LogCreate!]!) { create_logs(logs: $logs) }`, { logs: [log({ flow_run_id: run })] } as any);
    expect(ok).toEqual({ data: { create_logs: null } });
    expect(await count(server(), run)).toBe(1);
    const bad = await server().gql(`mutation($logs: [LogCreate!]!) { create_logs(logs: $logs) }`, { logs: [log({ flow_run_id: run, level: 99999 })] } as any);
    expect(bad.errors?.[0].message).toMatch(/less than or equal to 32767|LogLevel/);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count(server(), run)).toBe(1);
  });
});
