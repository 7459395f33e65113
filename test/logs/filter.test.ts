// POST /logs/filter and read_logs: LogFilter, LogSort, text search (logs §1.5; surprises 5, 6).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { log, newId, postLogs, readLogs } from './support.ts';

describeEachDatabase('POST /logs/filter', (server) => {
  const run = newId();
  const otherRun = newId();
  const task = newId();
  // Timestamps one minute apart, in this order.
  const at = (minute: number) => `2024-03-01T10:${String(minute).padStart(2, '0')}:00Z`;
  const LOGS = [
    log({ flow_run_id: run, level: 20, name: 'prefect.flow_run', message: 'Ahoy, captain', timestamp: at(0) }),
    log({ flow_run_id: run, task_run_id: task, level: 50, name: 'prefect.task_run', message: 'Black flag ahead, captain!', timestamp: at(1) }),
    log({ flow_run_id: run, level: 10, name: 'worker', message: 'connection timeout while DEBUG', timestamp: at(2) }),
    log({ flow_run_id: run, level: 30, name: 'x', message: '100% done_ok', timestamp: at(3) }),
    log({ flow_run_id: run, level: 20, name: 'ünïcode', message: 'Übergröße', timestamp: at(4) }),
    log({ flow_run_id: run, level: 40, name: 'q', message: 'say "hi" \\o/', timestamp: at(5) }),
    log({ flow_run_id: run, level: 20, name: 'y', message: 'doneXok', timestamp: at(6) }),
  ];
  const messages = (logs: any[]) => logs.map((l) => l.message);
  const only = (query: Record<string, unknown>) => readLogs(server(), { logs: { flow_run_id: { any_: [run] }, ...query } }).then(messages);
  const search = (query: string) => only({ text: { query } });
  const M = LOGS.map((l) => l.message);

  beforeAll(async () => {
    await postLogs(server(), LOGS);
    await postLogs(server(), [log({ flow_run_id: otherRun, message: 'Ahoy from elsewhere', timestamp: at(0) })]);
  });

  it('filters by level ge_/le_ and timestamp before_/after_ (inclusive)', async () => {
    expect(await only({ level: { ge_: 30 } })).toEqual([M[1], M[3], M[5]]);
    expect(await only({ level: { le_: 20 } })).toEqual([M[0], M[2], M[4], M[6]]);
    expect(await only({ level: { ge_: 20, le_: 30 } })).toEqual([M[0], M[3], M[4], M[6]]);
    expect(await only({ timestamp: { after_: at(2), before_: at(4) } })).toEqual([M[2], M[3], M[4]]);
    expect(await only({ timestamp: { before_: '2024-03-01T10:00:00+00:00' } })).toEqual([M[0]]);
  });

  it('filters by flow_run_id any_ ([] matches nothing) and task_run_id any_ / is_null_', async () => {
    expect((await readLogs(server(), { logs: { flow_run_id: { any_: [run, otherRun] } } })).length).toBe(8);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [] } } })).toEqual([]);
    expect(messages(await readLogs(server(), { logs: { task_run_id: { any_: [task] } } }))).toEqual([M[1]]);
    expect(await only({ task_run_id: { is_null_: false } })).toEqual([M[1]]);
    expect((await only({ task_run_id: { is_null_: true } })).length).toBe(6);
  });

  it('combines criteria with operator; empty sub-filters match everything', async () => {
    const ids = (logs: any[]) => logs.map((l) => l.message).filter((m) => M.includes(m));
    const or = await readLogs(server(), { logs: { operator: 'or_', level: { ge_: 50 }, task_run_id: { is_null_: false } } });
    expect(ids(or)).toEqual([M[1]]);
    expect((await readLogs(server(), { logs: { operator: 'or_', level: { ge_: 50 }, timestamp: {} } })).length).toBe(8);
    expect((await readLogs(server(), { logs: {} })).length).toBe(8);
  });

  it('sorts by timestamp both ways (TIMESTAMP_ASC by default), with limit and offset', async () => {
    expect(await only({})).toEqual(M);
    const desc = await readLogs(server(), { logs: { flow_run_id: { any_: [run] } }, sort: 'TIMESTAMP_DESC', limit: 3, offset: 1 });
    expect(messages(desc)).toEqual([M[5], M[4], M[3]]);
    const asc = await readLogs(server(), { logs: { flow_run_id: { any_: [run] } }, sort: 'TIMESTAMP_ASC', limit: 2, offset: 5 });
    expect(messages(asc)).toEqual([M[5], M[6]]);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [run] } }, offset: 100 })).toEqual([]);
    expect(await readLogs(server(), { logs: { flow_run_id: { any_: [run] } }, limit: 0 })).toEqual([]);
  });

  it('breaks timestamp ties by arrival, reversed for TIMESTAMP_DESC', async () => {
    const tie = newId();
    await postLogs(
      server(),
      ['a', 'b', 'c'].map((message) => log({ flow_run_id: tie, message, timestamp: at(9) })),
    );
    await postLogs(server(), [log({ flow_run_id: tie, message: 'd', timestamp: at(9) })]);
    const read = async (sort: string) => messages(await readLogs(server(), { logs: { flow_run_id: { any_: [tie] } }, sort }));
    expect(await read('TIMESTAMP_ASC')).toEqual(['a', 'b', 'c', 'd']);
    expect(await read('TIMESTAMP_DESC')).toEqual(['d', 'c', 'b', 'a']);
  });

  describe('text search', () => {
    it('space-separated terms match any; case-insensitive, Unicode included', async () => {
      expect(await search('captain')).toEqual([M[0], M[1]]);
      expect(await search('CAPTAIN timeout')).toEqual([M[0], M[1], M[2]]);
      expect(await search('übergröSSe')).toEqual([]); // folding is per character: ß is not SS
      expect(await search('ÜBERGRÖẞE')).toEqual([M[4]]);
      expect(await search('ÜNÏ')).toEqual([M[4]]); // the logger name is searched too
      expect(await search('zzz')).toEqual([]);
    });

    it('-term and !term exclude, +term requires; a prefix alone is skipped', async () => {
      expect(await search('captain -black')).toEqual([M[0]]);
      expect(await search('captain !BLACK')).toEqual([M[0]]);
      expect(await search('+ahoy +captain')).toEqual([M[0]]);
      expect(await search('+ahoy +black')).toEqual([]);
      expect(await search('- captain')).toEqual([M[0], M[1]]);
      expect(await search('-captain -timeout -done')).toEqual([M[4], M[5]]);
      expect(await search('captain -"flag ahead"')).toEqual([M[0]]);
    });

    it('quotes make phrases; \\" and \\\\ inside them; an unclosed quote runs to the end', async () => {
      expect(await search('"connection timeout"')).toEqual([M[2]]);
      expect(await search('"timeout connection"')).toEqual([]);
      expect(await search('"say \\"hi\\""')).toEqual([M[5]]);
      expect(await search('"\\\\o/"')).toEqual([M[5]]);
      expect(await search('"\\o/"')).toEqual([M[5]]); // any other backslash stays
      expect(await search('"ahoy, cap')).toEqual([M[0]]);
      expect(await search('"   "')).toEqual(M); // an empty phrase is dropped
    });

    it('matches message + " " + name: a phrase may span both', async () => {
      expect(await search('"captain prefect.flow"')).toEqual([M[0]]);
      expect(await search('"captain! prefect.task_run"')).toEqual([M[1]]);
      expect(await search('"debug worker"')).toEqual([M[2]]);
      expect(await search('"debugworker"')).toEqual([]);
    });

    it('leaves % and _ as wildcards, across the joining space too', async () => {
      expect(await search('done_ok')).toEqual([M[3], M[6]]);
      expect(await search('ahoy%flow_run')).toEqual([M[0]]);
      expect(await search('captain_prefect')).toEqual([M[0]]); // "captain! prefect" has two characters between
      expect(await search('captain__prefect')).toEqual([M[1]]);
      expect(await search('ahead%task')).toEqual([M[1]]);
      expect(await search('100%')).toEqual([M[3]]);
    });

    it('an empty or blank query adds nothing', async () => {
      expect(await search('')).toEqual(M);
      expect(await search('   ')).toEqual(M);
      // Not even an always-true alternative: under or_ only level ≥ 99 is left.
      expect(await readLogs(server(), { logs: { operator: 'or_', level: { ge_: 99 }, text: { query: ' ' } } })).toEqual([]);
    });

    it('under or_, each of its conditions is a separate alternative', async () => {
      // level ≥ 40, OR contains "ahoy", OR does not contain "done".
      const logs = await readLogs(server(), { logs: { operator: 'or_', level: { ge_: 40 }, text: { query: 'ahoy -done' } } });
      expect(messages(logs).filter((m) => M.includes(m))).toEqual([M[0], M[1], M[2], M[4], M[5]]);
      expect(messages(logs)).toContain('Ahoy from elsewhere');
      // Under and_, the same filter means level ≥ 40 AND "ahoy" AND not "done".
      expect(messages(await readLogs(server(), { logs: { level: { ge_: 20 }, text: { query: 'ahoy -done' } } }))).toEqual([M[0], 'Ahoy from elsewhere']);
    });
  });

  it('answers 422 for what LogFilter does not have or allow', async () => {
    const items = async (body: unknown) => {
      const res = await server().rest('POST', '/logs/filter', body);
      expect(res.status).toBe(422);
      return res.body.exception_detail;
    };
    expect(await items({ logs: { name: { any_: ['x'] } } })).toEqual([
      { type: 'extra_forbidden', loc: ['body', 'logs', 'name'], msg: 'Extra inputs are not permitted', input: { any_: ['x'] } },
    ]);
    expect(await items({ logs: { text: {} } })).toEqual([{ type: 'missing', loc: ['body', 'logs', 'text', 'query'], msg: 'Field required', input: {} }]);
    expect(await items({ logs: { text: { query: 'x'.repeat(201) } } })).toEqual([
      { type: 'string_too_long', loc: ['body', 'logs', 'text', 'query'], msg: 'String should have at most 200 characters', input: 'x'.repeat(201), ctx: { max_length: 200 } },
    ]);
    expect((await server().rest('POST', '/logs/filter', { logs: { text: { query: '🚀'.repeat(200) } } })).status).toBe(200);
    expect((await items({ logs: { level: { operator: 'and_' } } }))[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'logs', 'level', 'operator'] });
    expect((await items({ logs: { flow_run_id: { is_null_: true } } }))[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'logs', 'flow_run_id', 'is_null_'] });
    expect((await items({ logs: { operator: 'xor' } }))[0]).toMatchObject({ type: 'enum', loc: ['body', 'logs', 'operator'] });
    expect((await items({ sort: 'LEVEL_ASC' }))[0]).toEqual({
      type: 'enum',
      loc: ['body', 'sort'],
      msg: "Input should be 'TIMESTAMP_ASC' or 'TIMESTAMP_DESC'",
      input: 'LEVEL_ASC',
      ctx: { expected: "'TIMESTAMP_ASC' or 'TIMESTAMP_DESC'" },
    });
    expect((await items({ logs: { level: { ge_: 'high' } } }))[0]).toMatchObject({ type: 'int_parsing', loc: ['body', 'logs', 'level', 'ge_'] });
    expect((await items({ offset: -1 }))[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'offset'] });
    expect(await server().rest('POST', '/logs/filter', { limit: 201 })).toMatchObject({ status: 422, body: { detail: 'Invalid limit: must be less than or equal to 200.' } });
  });

  it('bounds the work of a text query: at most 64 of `_`, `%` and spaces inside phrases (ours)', async () => {
    expect((await server().rest('POST', '/logs/filter', { logs: { text: { query: `${'_'.repeat(32)} "${' '.repeat(16)}" ${'%'.repeat(16)} a b c` } } })).status).toBe(200);
    const res = await server().rest('POST', '/logs/filter', { logs: { text: { query: `${'_'.repeat(60)} "a b c d e f"` } } });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail).toEqual([
      {
        type: 'value_error',
        loc: ['body', 'logs', 'text', 'query'],
        msg: 'Value error, a text query may hold at most 64 of the characters `_`, `%` and spaces inside phrases, not 65',
        input: `${'_'.repeat(60)} "a b c d e f"`,
        ctx: { error: {} },
      },
    ]);
  });

  it('compares levels beyond the SMALLINT column without a database error', async () => {
    expect(await only({ level: { ge_: 2147483647 } })).toEqual([]);
    expect(await only({ level: { le_: 40000 } })).toEqual(M);
    expect(await only({ level: { ge_: -2147483648 } })).toEqual(M);
    expect(await only({ level: { le_: -40000 } })).toEqual([]);
    expect(await only({ level: { ge_: 50, le_: 99999 } })).toEqual([M[1]]);
  });

  it('takes lax values and null keys as defaults', async () => {
    expect(await only({ level: { ge_: '50' } })).toEqual([M[1]]);
    expect(messages(await readLogs(server(), { logs: { flow_run_id: { any_: [run] } }, sort: null, limit: null, offset: null }))).toEqual(M);
  });

  it('read_logs over GraphQL, with Prefect’s argument names', async () => {
    const res = await server().gql(
      `query($run: UUID!) { read_logs(logs: {flow_run_id: {any_: [$run]}, text: {query: "captain"}}, sort: TIMESTAMP_DESC, limit: 1) { message level timestamp task_run_id } }`,
      { run } as any,
    );
    expect(res).toEqual({ data: { read_logs: [{ message: M[1], level: 50, timestamp: '2024-03-01T10:01:00Z', task_run_id: task }] } });
    const long = await server().gql(`{ read_logs(logs: {text: {query: "${'x'.repeat(201)}"}}) { id } }`);
    expect(long.errors?.[0].message).toBe('String should have at most 200 characters');
    expect((await server().gql('{ count_logs }')).errors?.[0].message).toMatch(/Cannot query field "count_logs"/);
  });
});
