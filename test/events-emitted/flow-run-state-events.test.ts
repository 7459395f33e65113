// prefect.flow-run.<state name> (events §4.2): one event per state written
// (creation, set_state with the core or the minimal policy, resume, a rule's
// replacement), published only after the transaction commits; nothing for
// ABORT, WAIT, a reject keeping the state, a rolled-back request or task runs.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { flowRelated, RESOURCE_KEYS, runResource, tagRelated, useCollector, type RunJson, type StateJson } from './support.ts';

describeEachDatabase('flow-run state events', (server) => {
  const { emitted } = useCollector(server);
  let flow: { id: string; name: string };
  beforeAll(async () => {
    flow = (await server().rest('POST', '/flows/', { name: 'emitting-flow', tags: ['b-flow', 'common'] })).body;
  });

  const createRun = async (body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<RunJson> => {
    const res = await server().rest('POST', '/flow_runs/', { flow_id: flow.id, ...body }, headers);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const setState = async (id: string, state: Record<string, unknown>, force = false) => {
    const res = await server().rest('POST', `/flow_runs/${id}/set_state`, { state, force });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res;
  };
  const readRun = async (id: string): Promise<RunJson> => (await server().rest('GET', `/flow_runs/${id}`)).body;

  describe('what each event says', () => {
    it('creating a run with a state emits that state, every field as Prefect builds it', async () => {
      let run!: RunJson;
      const before = Date.now();
      const events = await emitted(async () => {
        run = await createRun({
          name: 'run-a',
          tags: ['common', 'a-run', 'common'],
          state: { type: 'SCHEDULED', message: 'planned', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } },
        });
      });
      expect(events).toEqual([
        {
          occurred: new Date(run.state.timestamp),
          event: 'prefect.flow-run.Scheduled',
          resource: runResource(run, 0, run.state),
          related: [flowRelated(flow), tagRelated('a-run'), tagRelated('b-flow'), tagRelated('common')],
          payload: { intended: { from: null, to: 'SCHEDULED' }, initial_state: null, validated_state: { type: 'SCHEDULED', name: 'Scheduled', message: 'planned' } },
          id: run.state.id,
          follows: null,
          received: expect.any(Date),
        },
      ]);
      const [event] = events;
      expect(Object.keys(event)).toEqual(['occurred', 'event', 'resource', 'related', 'payload', 'id', 'follows', 'received']);
      expect(Object.keys(event.resource)).toEqual(RESOURCE_KEYS);
      expect(Object.keys(event.related[0])).toEqual(['prefect.resource.id', 'prefect.resource.role', 'prefect.resource.name']);
      expect(Object.keys(event.payload)).toEqual(['intended', 'initial_state', 'validated_state']);
      expect(event.received.getTime()).toBeGreaterThanOrEqual(before);
      expect(event.received.getTime()).toBeGreaterThanOrEqual(event.occurred.getTime());
    });

    it('PENDING → RUNNING → COMPLETED: one event each, linked by follows, run count as text', async () => {
      let run!: RunJson;
      const [pending] = await emitted(async () => (run = await createRun({ name: 'run-b' })));
      expect(pending).toMatchObject({ event: 'prefect.flow-run.Pending', id: run.state.id, follows: null });
      expect(pending.payload).toEqual({ intended: { from: null, to: 'PENDING' }, initial_state: null, validated_state: { type: 'PENDING', name: 'Pending' } });

      let running!: StateJson;
      const runningEvents = await emitted(async () => {
        const res = await setState(run.id, { type: 'RUNNING' });
        expect(res.status).toBe(201);
        running = res.body.state;
      });
      expect(runningEvents).toEqual([
        {
          occurred: new Date(running.timestamp),
          event: 'prefect.flow-run.Running',
          resource: runResource(run, 1, running),
          related: [flowRelated(flow), tagRelated('b-flow'), tagRelated('common')],
          payload: { intended: { from: 'PENDING', to: 'RUNNING' }, initial_state: { type: 'PENDING', name: 'Pending' }, validated_state: { type: 'RUNNING', name: 'Running' } },
          id: running.id,
          follows: run.state.id,
          received: expect.any(Date),
        },
      ]);

      let completed!: StateJson;
      const completedEvents = await emitted(async () => {
        completed = (await setState(run.id, { type: 'COMPLETED', message: 'all done' })).body.state;
      });
      expect(completedEvents).toHaveLength(1);
      expect(completedEvents[0]).toMatchObject({
        occurred: new Date(completed.timestamp),
        event: 'prefect.flow-run.Completed',
        resource: runResource(run, 1, completed, 'all done'),
        payload: {
          intended: { from: 'RUNNING', to: 'COMPLETED' },
          initial_state: { type: 'RUNNING', name: 'Running' },
          validated_state: { type: 'COMPLETED', name: 'Completed', message: 'all done' },
        },
        id: completed.id,
        follows: running.id,
      });
      const states = (await server().rest('GET', `/flow_run_states/?flow_run_id=${run.id}`)).body as StateJson[];
      expect(states.map((s) => s.id)).toEqual([run.state.id, running.id, completed.id]);
    });

    it('a forced state is emitted (minimal policy), custom names verbatim with spaces', async () => {
      const run = await createRun();
      await setState(run.id, { type: 'RUNNING' });
      let forced!: StateJson;
      const events = await emitted(async () => {
        const res = await setState(run.id, { type: 'PENDING', name: 'Back To The Queue' }, true);
        expect(res.body.status).toBe('ACCEPT');
        forced = res.body.state;
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        event: 'prefect.flow-run.Back To The Queue',
        id: forced.id,
        resource: { 'prefect.state-name': 'Back To The Queue', 'prefect.state-type': 'PENDING', 'prefect.run-count': '1' },
        payload: { intended: { from: 'RUNNING', to: 'PENDING' }, validated_state: { type: 'PENDING', name: 'Back To The Queue' } },
      });
    });

    it('an empty state name: "prefect.flow-run." and no name in the payload', async () => {
      const run = await createRun();
      const [event] = await emitted(() => setState(run.id, { type: 'RUNNING', name: '' }));
      expect(event.event).toBe('prefect.flow-run.');
      expect(event.resource['prefect.state-name']).toBe('');
      expect(event.payload.validated_state).toEqual({ type: 'RUNNING' });
    });

    it('PAUSED states carry pause_reschedule as text', async () => {
      const run = await createRun();
      await setState(run.id, { type: 'RUNNING' });
      const [paused] = await emitted(() => setState(run.id, { type: 'PAUSED', state_details: { pause_key: 'p1' } }));
      expect(paused.payload.validated_state).toEqual({ type: 'PAUSED', name: 'Paused', pause_reschedule: 'false' });
      const [suspended] = await emitted(() => setState(run.id, { type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }, true));
      expect(suspended.payload).toEqual({
        intended: { from: 'PAUSED', to: 'PAUSED' },
        initial_state: { type: 'PAUSED', name: 'Paused', pause_reschedule: 'false' },
        validated_state: { type: 'PAUSED', name: 'Suspended', pause_reschedule: 'true' },
      });
    });
  });

  describe('rules that replace the proposal', () => {
    it('cancelling a scheduled run without infrastructure emits the Cancelled replacement', async () => {
      const run = await createRun({ state: { type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } });
      let answer!: { status: string; state: StateJson };
      const events = await emitted(async () => (answer = (await setState(run.id, { type: 'CANCELLING' })).body));
      expect(answer.status).toBe('REJECT');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        event: 'prefect.flow-run.Cancelled',
        id: answer.state.id,
        follows: run.state.id,
        resource: runResource(run, 0, answer.state),
        payload: {
          intended: { from: 'SCHEDULED', to: 'CANCELLED' },
          initial_state: { type: 'SCHEDULED', name: 'Scheduled' },
          validated_state: { type: 'CANCELLED', name: 'Cancelled' },
        },
      });
    });

    it('a failure with retries left emits AwaitingRetry, with the failure’s message', async () => {
      const run = await createRun({ empirical_policy: { retries: 1, retry_delay: 0 } });
      await setState(run.id, { type: 'RUNNING' });
      let answer!: { status: string; state: StateJson };
      const events = await emitted(async () => (answer = (await setState(run.id, { type: 'FAILED', message: 'boom' })).body));
      expect(answer).toMatchObject({ status: 'REJECT', state: { type: 'SCHEDULED', name: 'AwaitingRetry' } });
      expect(events.map((e) => [e.event, e.id, e.resource['prefect.state-type'], e.resource['prefect.state-message']])).toEqual([
        ['prefect.flow-run.AwaitingRetry', answer.state.id, 'SCHEDULED', 'boom'],
      ]);
      expect(events[0].payload).toEqual({
        intended: { from: 'RUNNING', to: 'SCHEDULED' },
        initial_state: { type: 'RUNNING', name: 'Running' },
        validated_state: { type: 'SCHEDULED', name: 'AwaitingRetry', message: 'boom' },
      });
    });
  });

  describe('nothing is emitted', () => {
    it('for WAIT, ABORT and a reject that keeps the state', async () => {
      const scheduled = await createRun({ state: { type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } });
      expect(await emitted(async () => expect((await setState(scheduled.id, { type: 'RUNNING' })).body.status).toBe('WAIT'))).toEqual([]);

      const pending = await createRun();
      expect(await emitted(async () => expect((await setState(pending.id, { type: 'PENDING' })).body.status).toBe('ABORT'))).toEqual([]);
      expect(await emitted(async () => expect((await server().rest('POST', `/flow_runs/${pending.id}/resume`, {})).body.status).toBe('ABORT'))).toEqual([]);

      await setState(pending.id, { type: 'RUNNING' });
      const [cancelling] = await emitted(() => setState(pending.id, { type: 'CANCELLING' }));
      expect(cancelling.event).toBe('prefect.flow-run.Cancelling');
      const kept = await emitted(async () => {
        const res = await setState(pending.id, { type: 'RUNNING' });
        expect([res.status, res.body.status, res.body.state.id]).toEqual([200, 'REJECT', cancelling.id]);
      });
      expect(kept).toEqual([]);
      const [cancelled] = await emitted(() => setState(pending.id, { type: 'CANCELLED' }));
      expect([cancelled.event, cancelled.follows]).toEqual(['prefect.flow-run.Cancelled', cancelling.id]);
    });

    it('for a request that rolls back after orchestration wrote its state', async () => {
      const run = await createRun();
      const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
      await server().rest('POST', `/flow_runs/${run.id}/input`, { key: 'paused-1-schema', value: JSON.stringify(schema) });
      // The response key is already taken: the resume fails at its last write.
      await server().rest('POST', `/flow_runs/${run.id}/input`, { key: 'paused-1-response', value: '{}' });
      await setState(run.id, { type: 'RUNNING' });
      await setState(run.id, { type: 'PAUSED', state_details: { pause_key: '1', run_input_keyset: { schema: 'paused-1-schema', response: 'paused-1-response' } } });
      const events = await emitted(async () => {
        const res = await server().rest('POST', `/flow_runs/${run.id}/resume`, { run_input: { ok: true } });
        expect(res.status).toBe(409);
      });
      expect(events).toEqual([]);
      expect((await readRun(run.id)).state.type).toBe('PAUSED');
    });

    it('for task-run state changes', async () => {
      const run = await createRun();
      await setState(run.id, { type: 'RUNNING' });
      const task = (await server().rest('POST', '/task_runs/', { flow_run_id: run.id, task_key: 't', dynamic_key: '0', state: { type: 'PENDING' } })).body;
      const events = await emitted(async () => {
        expect((await server().rest('POST', `/task_runs/${task.id}/set_state`, { state: { type: 'RUNNING' } })).status).toBe(201);
        expect((await server().rest('POST', `/task_runs/${task.id}/set_state`, { state: { type: 'COMPLETED' } })).status).toBe(201);
      });
      expect(events).toEqual([]);
    });
  });

  describe('related resources', () => {
    it('subflows relate their parent task run; automation-made runs their creator, last', async () => {
      const parent = await createRun({ tags: ['parent-only'] });
      const task = (await server().rest('POST', '/task_runs/', { flow_run_id: parent.id, task_key: 'sub', dynamic_key: '0', name: 'the-task', tags: ['task-tag', 'common'] })).body;
      const automation = randomUUID();
      const headers = { 'prefect-automation-id': automation, 'prefect-automation-name': Buffer.from('nightly ✨').toString('base64') };
      let child!: RunJson;
      const [event] = await emitted(async () => (child = await createRun({ parent_task_run_id: task.id, tags: ['z-run', 'Ä', 'A'] }, headers)));
      expect(event.related).toEqual([
        flowRelated(flow),
        { 'prefect.resource.id': `prefect.task-run.${task.id}`, 'prefect.resource.role': 'task-run', 'prefect.resource.name': 'the-task' },
        tagRelated('A'),
        tagRelated('b-flow'),
        tagRelated('common'),
        tagRelated('task-tag'),
        tagRelated('z-run'),
        tagRelated('Ä'),
        { 'prefect.resource.id': `prefect.automation.${automation}`, 'prefect.resource.role': 'creator', 'prefect.resource.name': 'nightly ✨' },
      ]);
      // The creator is read from the run each time; the rest comes from the cache.
      const [next] = await emitted(() => setState(child.id, { type: 'RUNNING' }));
      expect(next.related).toEqual(event.related);
    });

    it('caps the related list at the maximum, keeping the creator (Prefect would fail the transition)', async () => {
      const tags = Array.from({ length: 120 }, (_, i) => `t${String(i).padStart(3, '0')}`);
      const automation = randomUUID();
      const headers = { 'prefect-automation-id': automation, 'prefect-automation-name': Buffer.from('many').toString('base64') };
      const [event] = await emitted(() => createRun({ tags }, headers));
      expect(event.related).toHaveLength(100);
      // flow, then the first 98 of the sorted tags (b-flow, common, t000 … t095), then the creator.
      expect(event.related.slice(0, 4)).toEqual([flowRelated(flow), tagRelated('b-flow'), tagRelated('common'), tagRelated('t000')]);
      expect(event.related.slice(-2)).toEqual([
        tagRelated('t095'),
        { 'prefect.resource.id': `prefect.automation.${automation}`, 'prefect.resource.role': 'creator', 'prefect.resource.name': 'many' },
      ]);
    });

    it('names and tags are cached per run for the TTL; the run’s own name is always current', async () => {
      const cachedFlow = (await server().rest('POST', '/flows/', { name: 'cached-flow', tags: ['old-flow-tag'] })).body;
      const run = (await server().rest('POST', '/flow_runs/', { flow_id: cachedFlow.id, name: 'old-name', tags: ['old-run-tag'] })).body as RunJson;
      expect((await server().rest('PATCH', `/flow_runs/${run.id}`, { name: 'new-name', tags: ['new-run-tag'] })).status).toBe(204);
      expect((await server().rest('PATCH', `/flows/${cachedFlow.id}`, { tags: ['new-flow-tag'] })).status).toBe(204);
      const [event] = await emitted(() => setState(run.id, { type: 'RUNNING' }));
      expect(event.resource['prefect.resource.name']).toBe('new-name');
      expect(event.related).toEqual([flowRelated(cachedFlow), tagRelated('old-flow-tag'), tagRelated('old-run-tag')]);
    });
  });

  describe('timing and text', () => {
    const backdate = async (runId: string, ms: number) => {
      const run = await server().db.flowRun.findUniqueOrThrow({ where: { id: runId }, select: { state_id: true } });
      await server().db.flowRunState.update({ where: { id: run.state_id! }, data: { timestamp: new Date(Date.now() - ms) } });
      return run.state_id!;
    };

    it('follows the previous state only within five minutes', async () => {
      const run = await createRun();
      const near = await backdate(run.id, 4 * 60_000 + 50_000);
      const [running] = await emitted(() => setState(run.id, { type: 'RUNNING' }));
      expect(running.follows).toBe(near);
      await backdate(run.id, 5 * 60_000 + 1_000);
      const [completed] = await emitted(() => setState(run.id, { type: 'COMPLETED' }));
      expect(completed.follows).toBeNull();
      // A previous state in the future by more than five minutes is not followed either.
      await backdate(run.id, -(6 * 60_000));
      const [again] = await emitted(() => setState(run.id, { type: 'RUNNING' }, true));
      expect(again.follows).toBeNull();
    });

    it('truncates long messages as Prefect does, twice (label and payload alike), counting characters', async () => {
      const run = await createRun();
      const long = `${'x'.repeat(50_000)}${'y'.repeat(100_000)}${'z'.repeat(50_000)}`;
      const twice = `${'x'.repeat(50_000)}...34 additional characters...${'z'.repeat(50_000)}`;
      const [running] = await emitted(() => setState(run.id, { type: 'RUNNING', message: long }));
      expect(running.resource['prefect.state-message']).toBe(twice);
      expect((running.payload.validated_state as { message: string }).message).toBe(twice);

      const emoji = '😀'.repeat(100_040);
      const once = `${'😀'.repeat(50_000)}...40 additional characters...${'😀'.repeat(50_000)}`;
      const [completed] = await emitted(() => setState(run.id, { type: 'COMPLETED', message: emoji }));
      expect(completed.resource['prefect.state-message']).toBe(once);
      expect(completed.payload).toMatchObject({ initial_state: { message: twice }, validated_state: { message: once } });

      const fits = 'm'.repeat(100_000);
      const [exact] = await emitted(() => setState(run.id, { type: 'RUNNING', message: fits }, true));
      expect(exact.resource['prefect.state-message']).toBe(fits);
    });

    it('prints the state timestamp with +00:00, six fraction digits or none', async () => {
      const run = await createRun();
      const [event] = await emitted(() => setState(run.id, { type: 'RUNNING' }));
      const label = event.resource['prefect.state-timestamp'];
      expect(label).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}000)?\+00:00$/);
      expect(new Date(label).getTime()).toBe(event.occurred.getTime());
    });
  });
});

describeEachDatabase('flow-run state events over GraphQL', (server) => {
  const { emitted } = useCollector(server);

  it('create_flow_run, set_flow_run_state, resume_flow_run and bulk_set_flow_run_state emit what they write', async () => {
    const flow = (await server().gql<any, any>('mutation { create_flow(flow: {name: "gql-flow", tags: ["g"]}) { id name } }')).data.create_flow;
    let runId!: string;
    let stateId!: string;
    const created = await emitted(async () => {
      const res = await server().gql<any, any>(
        'mutation($flow: UUID!) { create_flow_run(flow_run: {flow_id: $flow, name: "gql-run", state: {type: RUNNING, message: "go"}}) { id state { id } } }',
        { flow: flow.id },
      );
      runId = res.data.create_flow_run.id;
      stateId = res.data.create_flow_run.state.id;
    });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      event: 'prefect.flow-run.Running',
      id: stateId,
      resource: { 'prefect.resource.name': 'gql-run', 'prefect.run-count': '1', 'prefect.state-message': 'go' },
      related: [flowRelated(flow), tagRelated('g')],
    });

    const paused = await emitted(async () => {
      const res = await server().gql<any, any>(
        'mutation($id: UUID!) { set_flow_run_state(id: $id, state: {type: PAUSED, state_details: {pause_key: "k"}}) { status state { id } } }',
        { id: runId },
      );
      expect(res.data.set_flow_run_state.status).toBe('ACCEPT');
      stateId = res.data.set_flow_run_state.state.id;
    });
    expect(paused.map((e) => [e.event, e.id, e.follows])).toEqual([['prefect.flow-run.Paused', stateId, created[0].id]]);

    const resumed = await emitted(async () => {
      const res = await server().gql<any, any>('mutation($id: UUID!) { resume_flow_run(id: $id) { status state { id } } }', { id: runId });
      expect(res.data.resume_flow_run.status).toBe('ACCEPT');
      stateId = res.data.resume_flow_run.state.id;
    });
    expect(resumed).toHaveLength(1);
    expect(resumed[0]).toMatchObject({
      event: 'prefect.flow-run.Running',
      id: stateId,
      follows: paused[0].id,
      payload: { intended: { from: 'PAUSED', to: 'RUNNING' }, initial_state: { type: 'PAUSED', name: 'Paused', pause_reschedule: 'false' } },
    });

    const bulk = await emitted(async () => {
      const res = await server().gql<any, any>(
        'mutation($id: UUID!) { bulk_set_flow_run_state(flow_runs: {id: {any_: [$id]}}, state: {type: COMPLETED}) { results { status state { id } } } }',
        { id: runId },
      );
      expect(res.data.bulk_set_flow_run_state.results).toHaveLength(1);
      stateId = res.data.bulk_set_flow_run_state.results[0].state.id;
    });
    expect(bulk.map((e) => [e.event, e.id, e.follows])).toEqual([['prefect.flow-run.Completed', stateId, resumed[0].id]]);

    // An ABORT over GraphQL emits nothing either.
    expect(await emitted(() => server().gql<any, any>('mutation($id: UUID!) { resume_flow_run(id: $id) { status } }', { id: runId }))).toEqual([]);
  });
});

describeEachDatabase(
  'flow-run state events without the cache (TTL 0)',
  (server) => {
    const { emitted } = useCollector(server);

    it('reads names and tags anew for every event', async () => {
      const flow = (await server().rest('POST', '/flows/', { name: 'uncached', tags: ['old-flow-tag'] })).body;
      const run = (await server().rest('POST', '/flow_runs/', { flow_id: flow.id, tags: ['old-run-tag'] })).body;
      await server().rest('PATCH', `/flow_runs/${run.id}`, { tags: ['new-run-tag'] });
      await server().rest('PATCH', `/flows/${flow.id}`, { tags: ['new-flow-tag'] });
      const [event] = await emitted(() => server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' } }));
      expect(event.related).toEqual([flowRelated(flow), tagRelated('new-flow-tag'), tagRelated('new-run-tag')]);
    });
  },
  { PREFECT_SERVER_EVENTS_RELATED_RESOURCE_CACHE_TTL: '0' },
);
