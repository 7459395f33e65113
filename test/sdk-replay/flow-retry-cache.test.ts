// Replays what Prefect's SDK sends for a flow with two tasks, run twice: one task
// fails once and is retried (AwaitingRetry → Retrying), the other hits its cache on
// the second run (Cached). Then reads back what a Prefect server stores: the task
// runs rebuilt from the events by the task-run recorder, their states in order,
// the flow runs and the flow-run events the server emits, over REST and GraphQL.
// Fixture: fixtures/sdk-flow-retry-cache.json (see its comment).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { Replay, eventually, loadFixture, msOf, replayEnv } from './replay.ts';

const fixture = loadFixture('sdk-flow-retry-cache.json');
const expected = fixture.expected!;

/** Datetimes are compared to the millisecond: this server keeps milliseconds (README), Prefect microseconds. */
function expectSameInstant(actual: string | null | undefined, wantedMs: number) {
  expect(actual, `a datetime near ${new Date(wantedMs).toISOString()}`).toBeTypeOf('string');
  expect(Math.abs(msOf(actual) - wantedMs)).toBeLessThanOrEqual(1);
}

describeEachDatabase(
  'SDK replay: flow with a retried task and a cache hit',
  (server) => {
    let replay: Replay;
    const taskRunId = (name: string) => replay.id(name);
    const stateId = (name: string) => replay.id(name);
    const atMs = (us: number) => replay.ms(us / 1e6);

    beforeAll(async () => {
      replay = new Replay(server, fixture);
      await replay.runAll();
    }, 60_000);

    it('answers every call of the recording as a Prefect server does', () => {
      expect(replay.failures).toEqual([]);
    });

    it('records the retried task run: run_count 2, times, total_run_time, final state (GET /task_runs/{id})', async () => {
      const want = expected['flaky-1'];
      const last = want.states[want.states.length - 1];
      const run = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${taskRunId('flaky-1')}`);
        expect(answer.status).toBe(200);
        expect(answer.body.state_name).toBe('Completed');
        return answer.body;
      });
      expect(run).toMatchObject({
        id: taskRunId('flaky-1'),
        name: `flaky-${replay.id('flaky-1-dynamic-key').slice(0, 3)}`,
        flow_run_id: replay.var('run1'),
        task_key: 'flaky-8c2e41d7',
        dynamic_key: replay.id('flaky-1-dynamic-key'),
        tags: [],
        task_inputs: {},
        run_count: 2,
        flow_run_run_count: 1,
        state_id: stateId(last.id),
        state_type: 'COMPLETED',
        state_name: 'Completed',
        state: { id: stateId(last.id), type: 'COMPLETED', name: 'Completed' },
        empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 1, retry_delay: 1 },
      });
      // The recorder writes the event's labels as sent ({}), without merging the flow run's (task_run_recorder.py).
      expect(run.labels).toEqual({});
      expectSameInstant(run.expected_start_time, atMs(want.taskRun.expected_start_time));
      expectSameInstant(run.start_time, atMs(want.taskRun.start_time));
      expectSameInstant(run.end_time, atMs(want.taskRun.end_time));
      expectSameInstant(run.state.timestamp, atMs(last.at));
      expect(run.total_run_time).toBeCloseTo(want.taskRun.total_run_time / 1e6, 2);
    });

    it('keeps every state of the retried task run, in order, with the events’ ids and times (GET /task_run_states/)', async () => {
      const want = expected['flaky-1'];
      const states = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_run_states/?task_run_id=${taskRunId('flaky-1')}`);
        expect(answer.status).toBe(200);
        expect(answer.body).toHaveLength(want.states.length);
        return answer.body as { id: string; type: string; name: string; timestamp: string; state_details: Record<string, unknown> }[];
      });
      expect(states.map((s) => [s.id, s.type, s.name])).toEqual(want.states.map((s) => [stateId(s.id), s.type, s.name]));
      states.forEach((s, i) => expectSameInstant(s.timestamp, atMs(want.states[i].at)));
      // The recorder forces the run ids into every state's details; AwaitingRetry keeps its scheduled_time.
      for (const s of states) expect(s.state_details).toMatchObject({ task_run_id: taskRunId('flaky-1'), flow_run_id: replay.var('run1') });
      expectSameInstant(states[2].state_details.scheduled_time as string, replay.ms(1.14105));
    });

    it('stores the cached task’s result record on Completed, and the second run as Cached (COMPLETED)', async () => {
      const first = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${taskRunId('square-1')}`);
        expect(answer.body.state_name).toBe('Completed');
        return answer.body;
      });
      expect(first).toMatchObject({ run_count: 1, task_inputs: { x: [] }, state_type: 'COMPLETED' });
      expect(first.total_run_time).toBeCloseTo(expected['square-1'].taskRun.total_run_time / 1e6, 2);
      expect(first.state.data).toMatchObject({ storage_key: expect.stringMatching(/3c1b0f5e2d7a9c4b6e8f1a2d3c4b5a69$/), serializer: { type: 'pickle' } });

      const cached = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${taskRunId('square-2')}`);
        expect(answer.body.state_name).toBe('Cached');
        return answer.body;
      });
      expect(cached).toMatchObject({ flow_run_id: replay.var('run2'), run_count: 1, state_type: 'COMPLETED', state_name: 'Cached', state: { type: 'COMPLETED', name: 'Cached' } });
      expectSameInstant(cached.end_time, atMs(expected['square-2'].taskRun.end_time));
      const states = (await server().rest('GET', `/task_run_states/?task_run_id=${taskRunId('square-2')}`)).body;
      expect(states.map((s: { name: string }) => s.name)).toEqual(['Pending', 'Running', 'Cached']);
      expect(states[2].data).toEqual(first.state.data);
    });

    it('lists each flow run’s task runs (POST /task_runs/filter, POST /task_runs/count)', async () => {
      const runs = await eventually(server, async () => {
        const answer = await server().rest('POST', '/task_runs/filter', { flow_runs: { id: { any_: [replay.var('run2')] } }, sort: 'EXPECTED_START_TIME_ASC' });
        expect(answer.status).toBe(200);
        expect(answer.body).toHaveLength(2);
        return answer.body as { id: string; state_name: string; run_count: number }[];
      });
      expect(runs.map((r) => [r.id, r.state_name, r.run_count])).toEqual([
        [taskRunId('flaky-2'), 'Completed', 1],
        [taskRunId('square-2'), 'Cached', 1],
      ]);
      const all = await server().rest('POST', '/task_runs/filter', { flows: { name: { any_: ['etl'] } }, sort: 'EXPECTED_START_TIME_ASC' });
      expect(all.body.map((r: { id: string }) => r.id)).toEqual(['flaky-1', 'square-1', 'flaky-2', 'square-2'].map(taskRunId));
      expect((await server().rest('POST', '/task_runs/count', { flows: { name: { any_: ['etl'] } } })).body).toBe(4);
    });

    it('orchestrates both flow runs: Pending → Running → Completed, run_count 1, times (GET /flow_runs/{id}, /flow_run_states/)', async () => {
      for (const run of ['run1', 'run2']) {
        const id = replay.var<string>(run);
        const flowRun = (await server().rest('GET', `/flow_runs/${id}`)).body;
        expect(flowRun).toMatchObject({ id, flow_id: replay.var('flow_id'), state_type: 'COMPLETED', state_name: 'Completed', run_count: 1 });
        expect(flowRun.start_time).toBeTypeOf('string');
        expect(flowRun.end_time).toBeTypeOf('string');
        expect(msOf(flowRun.end_time)).toBeGreaterThanOrEqual(msOf(flowRun.start_time));
        // One stay in RUNNING, from start_time to end_time.
        expect(flowRun.total_run_time).toBeCloseTo((msOf(flowRun.end_time) - msOf(flowRun.start_time)) / 1000, 2);
        const states = (await server().rest('GET', `/flow_run_states/?flow_run_id=${id}`)).body;
        expect(states.map((s: { type: string }) => s.type)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
      }
    });

    it('emits prefect.flow-run.<state> events for each flow-run state, ids = state ids, follows chained (POST /events/filter)', async () => {
      const id = replay.var<string>('run1');
      const states = (await server().rest('GET', `/flow_run_states/?flow_run_id=${id}`)).body as { id: string; name: string; timestamp: string }[];
      const page = await eventually(server, async () => {
        const answer = await server().rest('POST', '/events/filter', { filter: { resource: { id: [`prefect.flow-run.${id}`] }, order: 'ASC' } });
        expect(answer.status).toBe(200);
        expect(answer.body.total).toBe(3);
        return answer.body as { events: Record<string, any>[] };
      });
      expect(page.events.map((e) => e.event)).toEqual(['prefect.flow-run.Pending', 'prefect.flow-run.Running', 'prefect.flow-run.Completed']);
      expect(page.events.map((e) => e.id)).toEqual(states.map((s) => s.id));
      expect(page.events.map((e) => e.follows)).toEqual([null, states[0].id, states[1].id]);
      page.events.forEach((e, i) => expect(msOf(e.occurred)).toBe(msOf(states[i].timestamp)));
      expect(page.events[1].resource).toMatchObject({
        'prefect.resource.id': `prefect.flow-run.${id}`,
        'prefect.resource.name': replay.var('run1_name'),
        'prefect.state-name': 'Running',
        'prefect.state-type': 'RUNNING',
        'prefect.run-count': '1',
        'prefect.state-message': '',
      });
      expect(page.events[1].related[0]).toEqual({
        'prefect.resource.id': `prefect.flow.${replay.var('flow_id')}`,
        'prefect.resource.role': 'flow',
        'prefect.resource.name': 'etl',
      });
      expect(page.events[1].payload).toMatchObject({ intended: { from: 'PENDING', to: 'RUNNING' }, validated_state: { type: 'RUNNING', name: 'Running' } });
    });

    it('persists each task-run event once, as the SDK sent it (POST /events/filter related to the flow run)', async () => {
      const run1 = replay.var<string>('run1');
      const sent = replay.sentEvents.filter((e) => (e.related as Record<string, string>[]).some((r) => r['prefect.resource.id'] === `prefect.flow-run.${run1}`));
      expect(sent).toHaveLength(8);
      const page = await eventually(server, async () => {
        const answer = await server().rest('POST', '/events/filter', {
          filter: { event: { prefix: ['prefect.task-run.'] }, related: { id: [`prefect.flow-run.${run1}`] }, order: 'ASC' },
          limit: 50,
        });
        expect(answer.status).toBe(200);
        expect(answer.body.total).toBe(8);
        return answer.body as { events: Record<string, any>[] };
      });
      expect(page.events.map((e) => e.id).sort()).toEqual(sent.map((e) => e.id as string).sort());
      for (const stored of page.events) {
        const original = sent.find((e) => e.id === stored.id)!;
        expect(stored).toMatchObject({ event: original.event, resource: original.resource, related: original.related, payload: original.payload, follows: original.follows });
        expect(msOf(stored.occurred)).toBe(msOf(original.occurred as string));
        expect(stored.received).toBeTypeOf('string');
      }
    });

    it('reads the same task runs over GraphQL: read_task_runs, FlowRun.task_runs, TaskRun.states', async () => {
      const result = await eventually(server, async () => {
        const answer = await server().gql<any, any>(
          `query ($run: UUID!, $runs: [UUID!]) {
            read_task_runs(flow_runs: { id: { any_: $runs } }, sort: EXPECTED_START_TIME_ASC, limit: 10) { id name state_name state_type run_count total_run_time states(limit: 10) { id name type } }
            read_flow_run(id: $run) { id task_runs_count task_runs(sort: EXPECTED_START_TIME_ASC, limit: 10) { id state_name run_count flow_run { id } } }
          }`,
          { run: replay.var('run1'), runs: [replay.var('run1')] },
        );
        expect(answer.errors).toBeUndefined();
        expect(answer.data.read_task_runs).toHaveLength(2);
        return answer.data;
      });
      const flaky = expected['flaky-1'];
      expect(result.read_task_runs[0]).toMatchObject({ id: taskRunId('flaky-1'), state_name: 'Completed', state_type: 'COMPLETED', run_count: 2 });
      expect(result.read_task_runs[0].total_run_time).toBeCloseTo(flaky.taskRun.total_run_time / 1e6, 2);
      expect(result.read_task_runs[0].states.map((s: { id: string }) => s.id)).toEqual(flaky.states.map((s) => stateId(s.id)));
      expect(result.read_task_runs[1]).toMatchObject({ id: taskRunId('square-1'), state_name: 'Completed', run_count: 1 });
      expect(result.read_flow_run.task_runs_count).toBe(2);
      expect(result.read_flow_run.task_runs).toEqual([
        { id: taskRunId('flaky-1'), state_name: 'Completed', run_count: 2, flow_run: { id: replay.var('run1') } },
        { id: taskRunId('square-1'), state_name: 'Completed', run_count: 1, flow_run: { id: replay.var('run1') } },
      ]);
    });
  },
  replayEnv,
);
