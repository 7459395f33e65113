// Flow runs through Prefect's REST routes (flows-and-runs §2, orchestration §1–2).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const SLUG = /^[a-z]+-[a-z]+$/;
const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('flow runs over REST', (server) => {
  let flowId: string;
  beforeAll(async () => {
    flowId = (await server().rest('POST', '/flows/', { name: 'runs-flow', labels: { team: 'data' } })).body.id;
  });
  const createRun = async (body: Record<string, unknown> = {}) => {
    const res = await server().rest('POST', '/flow_runs/', { flow_id: flowId, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  describe('create, read, update, delete', () => {
    it('creates a PENDING run with Prefect’s defaults and JSON', async () => {
      const run = await createRun({ labels: { env: 'dev' } });
      expect(run).toMatchObject({
        flow_id: flowId,
        state_type: 'PENDING',
        state_name: 'Pending',
        run_count: 0,
        parameters: {},
        context: {},
        tags: [],
        labels: { team: 'data', 'prefect.flow.id': flowId, env: 'dev' },
        auto_scheduled: false,
        work_pool_id: null,
        work_pool_name: null,
        job_variables: {},
        idempotency_key: null,
        empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: null, retry_delay: null, pause_keys: [], resuming: false, retry_type: null },
      });
      expect(run.name).toMatch(SLUG);
      expect(run.state).toMatchObject({ type: 'PENDING', name: 'Pending', message: null, data: null });
      expect(run.state.id).toBe(run.state_id);
      expect(Object.keys(run.state.state_details)).toHaveLength(18);
      expect(run.state.state_details.flow_run_id).toBe(run.id);
      const raw = await server().rest('GET', `/flow_runs/${run.id}`);
      expect(raw.text).toContain('"total_run_time":0.0');
      // Lateness keeps growing while the run waits.
      expect(raw.body).toEqual({ ...run, estimated_start_time_delta: expect.any(Number) });
    });

    it('creates a run in the state it is given', async () => {
      const run = await createRun({ name: 'scheduled-run', state: { type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } });
      expect(run).toMatchObject({
        name: 'scheduled-run',
        state_type: 'SCHEDULED',
        state_name: 'Scheduled',
        next_scheduled_start_time: '2030-01-01T00:00:00Z',
        expected_start_time: '2030-01-01T00:00:00Z',
      });
    });

    it('returns the existing run for a repeated idempotency key (200), per flow', async () => {
      const first = await createRun({ idempotency_key: 'once', name: 'first' });
      const again = await server().rest('POST', '/flow_runs/', { flow_id: flowId, idempotency_key: 'once', name: 'second', tags: ['x'] });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first, estimated_start_time_delta: expect.any(Number) });
      const otherFlow = (await server().rest('POST', '/flows/', { name: 'other-flow' })).body.id;
      const elsewhere = await server().rest('POST', '/flow_runs/', { flow_id: otherFlow, idempotency_key: 'once' });
      expect(elsewhere.status).toBe(201);
    });

    it('answers 409 for an unknown flow and 422 for extra keys and bad states', async () => {
      expect(await server().rest('POST', '/flow_runs/', { flow_id: MISSING })).toMatchObject({ status: 409 });
      const extra = await server().rest('POST', '/flow_runs/', { flow_id: flowId, run_count: 3 });
      expect(extra.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'run_count'], msg: 'Extra inputs are not permitted', input: 3 }]);
      const badState = await server().rest('POST', '/flow_runs/', { flow_id: flowId, state: { type: 'running' } });
      expect(badState.status).toBe(422);
      expect(badState.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'state', 'type'] });
    });

    it('reads, patches and deletes with Prefect’s answers', async () => {
      const run = await createRun({ name: 'patch-me', tags: ['a'] });
      expect(await server().rest('GET', `/flow_runs/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
      expect((await server().rest('PATCH', `/flow_runs/${run.id}`, { tags: ['b'], name: null, parameters: { x: 1 } })).status).toBe(204);
      const patched = (await server().rest('GET', `/flow_runs/${run.id}`)).body;
      expect(patched).toMatchObject({ tags: ['b'], parameters: { x: 1 } });
      expect(patched.name).toMatch(SLUG);
      expect(await server().rest('PATCH', `/flow_runs/${run.id}`, { labels: {} })).toMatchObject({ status: 422 });
      expect(await server().rest('PATCH', `/flow_runs/${MISSING}`, {})).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
      expect(await server().rest('PATCH', `/flow_runs/${run.id}`, { job_variables: { a: 1 } })).toMatchObject({
        status: 400,
        body: { detail: 'Job variables for a flow run in state PENDING cannot be updated' },
      });
      expect((await server().rest('PATCH', `/flow_runs/${run.id}/labels`, { env: 'prod' })).status).toBe(204);
      expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.labels).toMatchObject({ env: 'prod', team: 'data' });
      expect(await server().rest('PATCH', `/flow_runs/${MISSING}/labels`, { a: 1 })).toMatchObject({
        status: 404,
        body: { exception_message: `Flow run with id ${MISSING} not found` },
      });
      expect((await server().rest('DELETE', `/flow_runs/${run.id}`)).status).toBe(204);
      expect(await server().rest('DELETE', `/flow_runs/${run.id}`)).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
      expect((await server().rest('GET', `/flow_run_states/?flow_run_id=${run.id}`)).body).toEqual([]);
    });

    it('records an automation as created_by from its two headers, and filters by it', async () => {
      const automation = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
      const headers = { 'prefect-automation-id': automation, 'prefect-automation-name': Buffer.from('nightly ✨').toString('base64') };
      const res = await server().rest('POST', '/flow_runs/', { flow_id: flowId }, headers);
      expect(res.body.created_by).toEqual({ id: automation, type: 'AUTOMATION', display_value: 'nightly ✨' });
      const found = await server().rest('POST', '/flow_runs/filter', { flow_runs: { created_by: { id_: [automation], type_: ['AUTOMATION'] } } });
      expect(found.body.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
      expect((await server().rest('POST', '/flow_runs/', { flow_id: flowId }, { ...headers, 'prefect-automation-name': '%%%' })).body.created_by).toBeNull();
      expect((await server().rest('POST', '/flow_runs/', { flow_id: flowId }, { 'prefect-automation-id': automation })).body.created_by).toBeNull();
      const bad = await server().rest('POST', '/flow_runs/', { flow_id: flowId }, { ...headers, 'prefect-automation-id': 'abc' });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['header', 'prefect-automation-id'] });
    });

    it('rejects parameters above PREFECT_SERVER_API_MAX_PARAMETER_SIZE', async () => {
      const res = await server().rest('POST', '/flow_runs/', { flow_id: flowId, parameters: { big: 'x'.repeat(524_300) } });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({
        type: 'value_error',
        loc: ['body', 'parameters'],
        msg: 'Value error, Flow run parameters must be less than 524,288 bytes when serialized (got 524,310 bytes).',
      });
    });
  });

  describe('set_state and the state history', () => {
    it('accepts a transition with 201 and answers 200 when nothing is written', async () => {
      const run = await createRun();
      const running = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } });
      expect(running.status).toBe(201);
      expect(running.body).toMatchObject({ status: 'ACCEPT', details: { type: 'accept_details' }, state: { type: 'RUNNING', name: 'Running' } });
      expect(Object.keys(running.body)).toEqual(['state', 'status', 'details']);
      // A persisted result (an object whose type is not "unpersisted") makes COMPLETED final.
      const done = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'COMPLETED', data: { type: 'reference', storage_key: 'k' } } });
      expect(done.status).toBe(201);
      const after = (await server().rest('GET', `/flow_runs/${run.id}`)).body;
      expect(after).toMatchObject({ state_type: 'COMPLETED', run_count: 1 });
      expect(after.start_time).not.toBeNull();
      expect(after.end_time).not.toBeNull();

      const again = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'REJECT', details: { type: 'reject_details', reason: 'Run is already COMPLETED.' }, state: { type: 'COMPLETED' } });

      const history = await server().rest('GET', `/flow_run_states/?flow_run_id=${run.id}`);
      expect(history.body.map((s: { type: string }) => s.type)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
      const one = await server().rest('GET', `/flow_run_states/${history.body[1].id}`);
      expect(one.body).toEqual(history.body[1]);
      expect(await server().rest('GET', `/flow_run_states/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Flow run state not found' } });
    });

    it('answers Prefect’s errors for missing runs and bad bodies', async () => {
      expect(await server().rest('POST', `/flow_runs/${MISSING}/set_state`, { state: { type: 'RUNNING' } })).toMatchObject({
        status: 404,
        body: { exception_message: `Flow run with id ${MISSING} not found` },
      });
      const noState = await server().rest('POST', `/flow_runs/${MISSING}/set_state`, {});
      expect(noState.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'state'], msg: 'Field required', input: null }]);
      const extra = await server().rest('POST', `/flow_runs/${MISSING}/set_state`, { state: { type: 'RUNNING', id: MISSING } });
      expect(extra.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'state', 'id'] });
      const noQuery = await server().rest('GET', '/flow_run_states/');
      expect(noQuery.body.exception_detail).toEqual([{ type: 'missing', loc: ['query', 'flow_run_id'], msg: 'Field required', input: null }]);
      const badQuery = await server().rest('GET', '/flow_run_states/?flow_run_id=abc');
      expect(badQuery.body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['query', 'flow_run_id'] });
      expect(await server().rest('POST', `/flow_runs/${MISSING}/resume`, {})).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
    });

    it('pauses a running run and resumes it (201), keeping the pause key used', async () => {
      const run = await createRun();
      await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } });
      const paused = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'PAUSED', state_details: { pause_key: 'approval' } } });
      expect(paused).toMatchObject({ status: 201, body: { status: 'ACCEPT', state: { type: 'PAUSED' } } });
      const resumed = await server().rest('POST', `/flow_runs/${run.id}/resume`, {});
      expect(resumed).toMatchObject({ status: 201, body: { status: 'ACCEPT', state: { type: 'RUNNING', name: 'Running' } } });
      expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.empirical_policy).toMatchObject({ resuming: true, pause_keys: ['approval'] });
      const again = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'PAUSED', state_details: { pause_key: 'approval' } } });
      expect(again).toMatchObject({ status: 200, body: { status: 'REJECT', details: { reason: 'This pause has already fired.' } } });
    });

    it('does not resume a run that is not paused', async () => {
      const run = await createRun();
      const res = await server().rest('POST', `/flow_runs/${run.id}/resume`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ state: null, status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' } });
    });
  });
});

describeEachDatabase('flow run filters and sorts', (server) => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const db = (await server().rest('POST', '/flows/', { name: 'etl-database', tags: ['database'] })).body.id;
    const web = (await server().rest('POST', '/flows/', { name: 'web', tags: ['web'] })).body.id;
    const make = async (name: string, flow_id: string, body: Record<string, unknown>, states: string[]) => {
      const run = (await server().rest('POST', '/flow_runs/', { flow_id, name, ...body })).body;
      for (const type of states) await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type }, force: true });
      ids[name] = run.id;
    };
    await make('db-failed', db, { tags: ['nightly'], state: { type: 'SCHEDULED', state_details: { scheduled_time: '2024-01-01T00:00:00Z' } } }, ['RUNNING', 'FAILED']);
    await make('db-ok', db, { tags: ['nightly', 'fast'], idempotency_key: 'k1' }, ['RUNNING', 'COMPLETED']);
    await make('web-failed', web, { tags: [], state: { type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } }, []);
    await make('web-pending', web, { tags: ['fast'] }, []);
  });
  const names = async (body: unknown, path = '/flow_runs/filter') => {
    const res = await server().rest('POST', path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.map((r: { name: string }) => r.name).sort();
  };

  it('filters flows by their runs: tag "database" with FAILED runs (the seed example)', async () => {
    const res = await server().rest('POST', '/flows/filter', { flows: { tags: { all_: ['database'] } }, flow_runs: { state: { type: { any_: ['FAILED'] } } } });
    expect(res.body.map((f: { name: string }) => f.name)).toEqual(['etl-database']);
    expect((await server().rest('POST', '/flows/count', { flow_runs: { state: { type: { any_: ['SCHEDULED'] } } } })).body).toBe(1);
    expect((await server().rest('POST', '/flows/count', { flow_runs: {} })).body).toBe(2);
    expect((await server().rest('POST', '/flows/count', { task_runs: {} })).body).toBe(0);
  });

  it('filters runs by state type and name, with Prefect’s any_/not_any_ quirk', async () => {
    expect(await names({ flow_runs: { state: { type: { any_: ['FAILED', 'COMPLETED'] } } } })).toEqual(['db-failed', 'db-ok']);
    expect(await names({ flow_runs: { state: { type: { not_any_: ['PENDING', 'SCHEDULED'] } } } })).toEqual(['db-failed', 'db-ok']);
    expect(await names({ flow_runs: { state: { type: { any_: ['FAILED'], not_any_: ['FAILED'] } } } })).toHaveLength(4);
    expect(await names({ flow_runs: { state: { name: { any_: ['Scheduled'] } } } })).toEqual(['web-failed']);
    expect(await names({ flow_runs: { state: { operator: 'or_', type: { any_: ['FAILED'] }, name: { any_: ['Pending'] } } } })).toEqual(['db-failed', 'web-pending']);
  });

  it('filters by flow, tags, idempotency key and start time (falling back to the expected start)', async () => {
    expect(await names({ flows: { name: { any_: ['web'] } } })).toEqual(['web-failed', 'web-pending']);
    expect(await names({ flow_runs: { tags: { any_: ['fast'] } } })).toEqual(['db-ok', 'web-pending']);
    expect(await names({ flow_runs: { tags: { all_: ['nightly', 'fast'] } } })).toEqual(['db-ok']);
    expect(await names({ flow_runs: { tags: { is_null_: true } } })).toEqual(['web-failed']);
    expect(await names({ flow_runs: { idempotency_key: { not_any_: ['zzz'] } } })).toEqual(['db-ok']);
    expect(await names({ flow_runs: { start_time: { after_: '2029-01-01T00:00:00Z' } } })).toEqual(['web-failed']);
    expect(await names({ flow_runs: { start_time: { is_null_: true } } })).toEqual(['web-failed', 'web-pending']);
    expect(await names({ flow_runs: { end_time: { is_null_: false } } })).toEqual(['db-failed', 'db-ok']);
  });

  it('sorts with FlowRunSort, NULLs placed as PostgreSQL places them', async () => {
    const sorted = async (sort: string) => (await server().rest('POST', '/flow_runs/filter', { sort })).body.map((r: { name: string }) => r.name);
    expect(await sorted('NAME_ASC')).toEqual(['db-failed', 'db-ok', 'web-failed', 'web-pending']);
    expect((await sorted('START_TIME_DESC'))[0]).toBe('web-failed');
    expect((await sorted('NEXT_SCHEDULED_START_TIME_ASC'))[0]).toBe('web-failed');
    expect((await sorted('END_TIME_DESC')).slice(0, 2).sort()).toEqual(['web-failed', 'web-pending']);
    const ids = (await server().rest('POST', '/flow_runs/filter', {})).body.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('counts and paginates', async () => {
    expect((await server().rest('POST', '/flow_runs/count', { flows: { tags: { all_: ['database'] } } })).body).toBe(2);
    const page = await server().rest('POST', '/flow_runs/paginate', { limit: 3, page: 2, sort: 'NAME_ASC' });
    expect(page.body).toMatchObject({ count: 4, limit: 3, pages: 2, page: 2 });
    expect(page.body.results.map((r: { name: string }) => r.name)).toEqual(['web-pending']);
  });
});

describeEachDatabase('bulk routes', (server) => {
  it('deletes up to `limit` flows by name, and checks the limit', async () => {
    for (const name of ['bulk-c', 'bulk-a', 'bulk-b']) await server().rest('POST', '/flows/', { name });
    const res = await server().rest('POST', '/flows/bulk_delete', { flows: { name: { like_: 'bulk-' } }, limit: 2 });
    expect(res.status).toBe(200);
    expect(res.body.deleted).toHaveLength(2);
    expect((await server().rest('POST', '/flows/filter', { flows: { name: { like_: 'bulk-' } } })).body.map((f: { name: string }) => f.name)).toEqual(['bulk-c']);
    expect((await server().rest('POST', '/flows/bulk_delete', { flows: { name: { any_: [] } } })).body).toEqual({ deleted: [] });
    expect((await server().rest('POST', '/flows/bulk_delete', { limit: 51 })).body.exception_detail).toEqual([
      { type: 'less_than_equal', loc: ['body', 'limit'], msg: 'Input should be less than or equal to 50', input: 51, ctx: { le: 50 } },
    ]);
    expect((await server().rest('POST', '/flows/bulk_delete', { limit: 0 })).body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', ctx: { ge: 1 } });
  });

  it('deletes flow runs and sets one state on many, each orchestrated on its own', async () => {
    const flowId = (await server().rest('POST', '/flows/', { name: 'bulk-runs' })).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await server().rest('POST', '/flow_runs/', { flow_id: flowId, tags: ['bulk'] })).body.id);
    await server().rest('POST', `/flow_runs/${ids[0]}/set_state`, { state: { type: 'COMPLETED', data: { type: 'reference' } }, force: true });
    const res = await server().rest('POST', '/flow_runs/bulk_set_state', { flow_runs: { tags: { all_: ['bulk'] } }, state: { type: 'RUNNING' } });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(3);
    expect(res.body.results.map((r: { flow_run_id: string }) => r.flow_run_id)).toEqual([...ids].sort().reverse());
    const byId = Object.fromEntries(res.body.results.map((r: { flow_run_id: string; status: string }) => [r.flow_run_id, r.status]));
    expect(byId).toEqual({ [ids[0]]: 'REJECT', [ids[1]]: 'ACCEPT', [ids[2]]: 'ACCEPT' });
    expect(Object.keys(res.body.results[0])).toEqual(['flow_run_id', 'status', 'state', 'details']);
    const deleted = await server().rest('POST', '/flow_runs/bulk_delete', { flow_runs: { tags: { all_: ['bulk'] } }, limit: 2 });
    expect(deleted.body.deleted).toEqual([...ids].sort().reverse().slice(0, 2));
    expect((await server().rest('POST', '/flow_runs/count', { flow_runs: { tags: { all_: ['bulk'] } } })).body).toBe(1);
  });
});

describeEachDatabase('flow run history and lateness', (server) => {
  let flowId: string;
  beforeAll(async () => {
    flowId = (await server().rest('POST', '/flows/', { name: 'history-flow' })).body.id;
    const scheduled = (at: string) => ({ flow_id: flowId, state: { type: 'SCHEDULED', state_details: { scheduled_time: at } } });
    await server().rest('POST', '/flow_runs/', scheduled('2024-01-01T00:10:00Z'));
    await server().rest('POST', '/flow_runs/', scheduled('2024-01-01T00:20:00Z'));
    await server().rest('POST', '/flow_runs/', scheduled('2024-01-01T02:30:00Z'));
  });

  it('buckets runs by expected start time and state', async () => {
    const res = await server().rest('POST', '/flow_runs/history', {
      history_start: '2024-01-01T00:00:00Z',
      history_end: '2024-01-01T03:00:00Z',
      history_interval_seconds: 3600,
      flows: { id: { any_: [flowId] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.map((b: { interval_start: string }) => b.interval_start)).toEqual(['2024-01-01T00:00:00Z', '2024-01-01T01:00:00Z', '2024-01-01T02:00:00Z']);
    expect(res.body[0].states).toEqual([
      { state_type: 'SCHEDULED', state_name: 'Scheduled', count_runs: 2, sum_estimated_run_time: 0, sum_estimated_lateness: expect.any(Number) },
    ]);
    expect(res.body[0].states[0].sum_estimated_lateness).toBeGreaterThan(0);
    expect(res.text).toContain('"sum_estimated_run_time":0.0');
    expect(res.body[1].states).toEqual([]);
    expect(res.body[2].states[0].count_runs).toBe(1);
  });

  it('caps buckets at 500, returns none when start ≥ end, and checks the interval', async () => {
    const many = await server().rest('POST', '/flow_runs/history', { history_start: '2024-01-01T00:00:00Z', history_end: '2025-01-01T00:00:00Z', history_interval_seconds: 60 });
    expect(many.body).toHaveLength(500);
    const none = await server().rest('POST', '/flow_runs/history', { history_start: '2024-01-02T00:00:00Z', history_end: '2024-01-01T00:00:00Z', history_interval_seconds: 60 });
    expect(none.body).toEqual([]);
    expect(
      await server().rest('POST', '/flow_runs/history', { history_start: '2024-01-01T00:00:00Z', history_end: '2024-01-02T00:00:00Z', history_interval_seconds: 0.5 }),
    ).toMatchObject({
      status: 422,
      body: { detail: 'History interval must not be less than 1 second.' },
    });
    const missing = await server().rest('POST', '/flow_runs/history', { history_start: '2024-01-01T00:00:00Z', history_end: '2024-01-02T00:00:00Z', history_interval: 60 });
    expect(missing.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'history_interval_seconds'], msg: 'Field required', input: null }]);
  });

  it('averages lateness, null when nothing matches', async () => {
    const late = await server().rest('POST', '/flow_runs/lateness', { flows: { id: { any_: [flowId] } } });
    expect(late.status).toBe(200);
    expect(late.body).toBeGreaterThan(0);
    expect((await server().rest('POST', '/flow_runs/lateness', { flow_runs: { id: { any_: [] } } })).body).toBeNull();
  });
});
