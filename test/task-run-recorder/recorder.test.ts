// The task-run recorder (events-and-automations §4.5): client task-run events
// published on the bus become task runs and task-run states, read back through
// REST and GraphQL as Prefect returns them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { taskEvent } from './events.ts';

const FAST = { PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL: '0.05' };

const POLICY = { max_retries: 2, retries: 3, retry_delay: 4, retry_delay_seconds: 5.0 };
const INPUTS = { x: [{ input_type: 'parameter', name: 'x' }], y: [{ input_type: 'parameter', name: 'y' }] };

/** Prefect's fixtures (tests/server/services/test_task_run_recorder.py): Pending, Running, Completed one minute apart. */
function lifecycle(taskRunId: string, flowRunId: string | null) {
  // Each call is another task run: its own natural key.
  const dynamic_key = taskRunId;
  const ids = { pending: randomUUID(), running: randomUUID(), completed: randomUUID() };
  const pending = taskEvent({
    taskRunId,
    flowRunId,
    type: 'PENDING',
    occurred: '2024-01-01T00:00:00Z',
    id: ids.pending,
    message: 'Hi there!',
    taskRun: {
      task_key: 'my_task-abcdefg',
      dynamic_key,
      empirical_policy: POLICY,
      expected_start_time: '2024-01-01T00:00:00Z',
      estimated_start_time_delta: 0.1,
      name: 'my_task',
      tags: ['tag-1', 'tag-2'],
      task_inputs: INPUTS,
    },
  });
  const running = taskEvent({
    taskRunId,
    flowRunId,
    type: 'RUNNING',
    occurred: '2024-01-01T00:01:00Z',
    id: ids.running,
    follows: ids.pending,
    message: 'Weeeeeee look at me go!',
    taskRun: {
      task_key: 'my_task-abcdefg',
      dynamic_key,
      empirical_policy: POLICY,
      estimated_run_time: 6.0,
      expected_start_time: '2024-01-01T00:00:00Z',
      estimated_start_time_delta: 0.1,
      flow_run_run_count: 7,
      name: 'my_task',
      run_count: 8,
      start_time: '2024-01-01T00:01:00Z',
      tags: ['tag-1', 'tag-2'],
      task_inputs: INPUTS,
      total_run_time: 9.0,
    },
  });
  const completed = taskEvent({
    taskRunId,
    flowRunId,
    type: 'COMPLETED',
    occurred: '2024-01-01T00:02:00Z',
    id: ids.completed,
    follows: ids.running,
    message: "Stick a fork in me, I'm done",
    data: { type: 'unpersisted' },
    // Only the end time: the other fields keep what Running wrote.
    taskRun: { task_key: 'my_task-abcdefg', dynamic_key, end_time: '2024-01-01T00:02:00Z' },
  });
  return { ids, pending, running, completed };
}

async function publish(server: TestServer, ...events: Parameters<TestServer['events']['publish']>[0][number][]) {
  for (const event of events) server.events.publish([event]);
  await server.events.drain();
}

const states = async (server: TestServer, id: string) => (await server.rest('GET', `/task_run_states/?task_run_id=${id}`)).body as any[];

describeEachDatabase(
  'task-run recorder',
  (server) => {
    let flowRunId: string;
    beforeAll(async () => {
      const flowId = (await server().rest('POST', '/flows/', { name: 'recorded' })).body.id;
      flowRunId = (await server().rest('POST', '/flow_runs/', { flow_id: flowId })).body.id;
    });

    it('records Pending → Running → Completed: the row shows the latest state, fields absent from an event keep their values', async () => {
      const id = randomUUID();
      const { ids, pending, running, completed } = lifecycle(id, flowRunId);

      await publish(server(), pending);
      const first = await server().rest('GET', `/task_runs/${id}`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        id,
        name: 'my_task',
        flow_run_id: flowRunId,
        task_key: 'my_task-abcdefg',
        dynamic_key: id,
        tags: ['tag-1', 'tag-2'],
        // Columns the event does not carry take their defaults.
        run_count: 0,
        flow_run_run_count: 0,
        total_run_time: 0,
        start_time: null,
        end_time: null,
        expected_start_time: '2024-01-01T00:00:00Z',
        state_id: ids.pending,
        state_type: 'PENDING',
        state_name: 'Pending',
        task_inputs: INPUTS,
        empirical_policy: { max_retries: 2, retry_delay_seconds: 5, retries: 3, retry_delay: 4, retry_jitter_factor: null },
        labels: null,
        cache_key: null,
        task_version: null,
      });
      expect(first.body.state).toMatchObject({ id: ids.pending, type: 'PENDING', name: 'Pending', message: 'Hi there!', timestamp: '2024-01-01T00:00:00Z' });
      expect(first.body.state.state_details).toMatchObject({ flow_run_id: flowRunId, task_run_id: id, pause_reschedule: false, untrackable_result: false });

      await publish(server(), running);
      const second = (await server().rest('GET', `/task_runs/${id}`)).body;
      expect(second).toMatchObject({ run_count: 8, flow_run_run_count: 7, total_run_time: 9, start_time: '2024-01-01T00:01:00Z', state_type: 'RUNNING', state_id: ids.running });
      // Running: the stored total plus the time since the state began (computed at read time, never the event's 6.0).
      expect(second.estimated_run_time).toBeGreaterThan(9 + 365 * 86400);
      expect(second.estimated_start_time_delta).toBe(60);

      await publish(server(), completed);
      const done = (await server().rest('GET', `/task_runs/${id}`)).body;
      expect(done).toMatchObject({
        name: 'my_task',
        tags: ['tag-1', 'tag-2'],
        run_count: 8,
        flow_run_run_count: 7,
        total_run_time: 9,
        estimated_run_time: 9,
        estimated_start_time_delta: 60,
        expected_start_time: '2024-01-01T00:00:00Z',
        start_time: '2024-01-01T00:01:00Z',
        end_time: '2024-01-01T00:02:00Z',
        state_id: ids.completed,
        state_type: 'COMPLETED',
        state_name: 'Completed',
        task_inputs: INPUTS,
      });
      expect(done.state).toMatchObject({ id: ids.completed, message: "Stick a fork in me, I'm done", timestamp: '2024-01-01T00:02:00Z', data: { type: 'unpersisted' } });

      const history = await states(server(), id);
      expect(history.map((s) => [s.id, s.type, s.timestamp])).toEqual([
        [ids.pending, 'PENDING', '2024-01-01T00:00:00Z'],
        [ids.running, 'RUNNING', '2024-01-01T00:01:00Z'],
        [ids.completed, 'COMPLETED', '2024-01-01T00:02:00Z'],
      ]);
      for (const s of history) expect(s.state_details).toMatchObject({ flow_run_id: flowRunId, task_run_id: id });
      expect((await server().rest('GET', `/task_run_states/${ids.running}`)).body).toMatchObject({ id: ids.running, message: 'Weeeeeee look at me go!' });

      // The same task run through GraphQL: read_task_run, TaskRun.states and FlowRun.task_runs.
      const gql = await server().gql<any, any>(
        `query ($id: UUID!, $run: UUID!) {
          read_task_run(id: $id) { id name state_type state_name run_count total_run_time estimated_run_time start_time end_time state { id type timestamp } states { id } }
          read_flow_run(id: $run) { task_runs(filter: { id: { any_: [$id] } }) { id state_name end_time } }
        }`,
        { id, run: flowRunId },
      );
      expect(gql.errors).toBeUndefined();
      expect(gql.data.read_task_run).toEqual({
        id,
        name: 'my_task',
        state_type: 'COMPLETED',
        state_name: 'Completed',
        run_count: 8,
        total_run_time: 9,
        estimated_run_time: 9,
        start_time: '2024-01-01T00:01:00Z',
        end_time: '2024-01-01T00:02:00Z',
        state: { id: ids.completed, type: 'COMPLETED', timestamp: '2024-01-01T00:02:00Z' },
        states: [{ id: ids.pending }, { id: ids.running }, { id: ids.completed }],
      });
      expect(gql.data.read_flow_run.task_runs).toEqual([{ id, state_name: 'Completed', end_time: '2024-01-01T00:02:00Z' }]);
    });

    it('records the reference’s example Running event (§4.5) as the first event of a task run', async () => {
      const id = randomUUID();
      const eventId = randomUUID();
      const event = taskEvent({
        taskRunId: id,
        flowRunId,
        type: 'RUNNING',
        occurred: '2024-01-01T00:01:00Z',
        id: eventId,
        follows: randomUUID(),
        taskRun: {
          name: 'my_task-0',
          task_key: 'my_task-abcdefg',
          dynamic_key: id,
          empirical_policy: { max_retries: 0, retries: 0, retry_delay: 0, retry_delay_seconds: 0.0 },
          tags: [],
          labels: {},
          task_inputs: {},
          run_count: 1,
          flow_run_run_count: 1,
          expected_start_time: '2024-01-01T00:00:59Z',
          start_time: '2024-01-01T00:01:00Z',
          total_run_time: 0.0,
        },
      });
      event.payload.intended = { from: 'PENDING', to: 'RUNNING' };
      event.payload.initial_state = { type: 'PENDING', name: 'Pending', message: '', state_details: {} };
      await publish(server(), event);
      const answer = await server().rest('POST', '/task_runs/filter', { task_runs: { id: { any_: [id] } } });
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(1);
      expect(answer.body[0]).toMatchObject({
        id,
        name: 'my_task-0',
        flow_run_id: flowRunId,
        task_key: 'my_task-abcdefg',
        dynamic_key: id,
        empirical_policy: { max_retries: 0, retry_delay_seconds: 0, retries: 0, retry_delay: 0, retry_jitter_factor: null },
        tags: [],
        labels: {},
        task_inputs: {},
        run_count: 1,
        flow_run_run_count: 1,
        expected_start_time: '2024-01-01T00:00:59Z',
        start_time: '2024-01-01T00:01:00Z',
        end_time: null,
        total_run_time: 0,
        estimated_start_time_delta: 1,
        state_id: eventId,
        state_type: 'RUNNING',
        state_name: 'Running',
        state: { id: eventId, type: 'RUNNING', name: 'Running', message: '', timestamp: '2024-01-01T00:01:00Z', data: null },
      });
    });

    describe('out of order', () => {
      const orders = [
        ['pending', 'running', 'completed'],
        ['pending', 'completed', 'running'],
        ['running', 'pending', 'completed'],
        ['running', 'completed', 'pending'],
        ['completed', 'pending', 'running'],
        ['completed', 'running', 'pending'],
      ] as const;
      for (const order of orders) {
        it(`ends Completed with every state kept: ${order.join(' → ')}`, async () => {
          const id = randomUUID();
          const events = lifecycle(id, flowRunId);
          for (const name of order) await publish(server(), events[name]);
          const run = (await server().rest('GET', `/task_runs/${id}`)).body;
          expect(run).toMatchObject({ state_type: 'COMPLETED', state_id: events.ids.completed, end_time: '2024-01-01T00:02:00Z' });
          // An older event arriving later adds its state and changes no task-run column.
          if (order[0] === 'completed') expect(run).toMatchObject({ run_count: 0, start_time: null, tags: [] });
          if (order.join() === 'pending,running,completed') expect(run).toMatchObject({ run_count: 8, tags: ['tag-1', 'tag-2'] });
          expect((await states(server(), id)).map((s) => s.type)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
        });
      }
    });

    it('ignores a repeated state: the same event twice, and the same state id under a new event id', async () => {
      const id = randomUUID();
      const { ids, pending, running } = lifecycle(id, flowRunId);
      await publish(server(), pending, running);
      const before = (await server().rest('GET', `/task_runs/${id}`)).body;
      await publish(server(), running, pending);
      const again = structuredClone(pending);
      again.id = randomUUID();
      (again.payload.validated_state as Record<string, unknown>).id = ids.pending;
      (again.payload.task_run as Record<string, unknown>).name = 'renamed';
      await publish(server(), again);
      expect((await server().rest('GET', `/task_runs/${id}`)).body).toEqual({ ...before, estimated_run_time: expect.any(Number), estimated_start_time_delta: expect.any(Number) });
      expect((await states(server(), id)).map((s) => s.id)).toEqual([ids.pending, ids.running]);
    });

    it('updates the task run that has the same (flow_run_id, task_key, dynamic_key) under another id, and files the state there', async () => {
      const created = await server().rest('POST', '/task_runs/', { flow_run_id: flowRunId, task_key: 'natural', dynamic_key: '7', name: 'from-api' });
      expect(created.status).toBe(201);
      const storedId = created.body.id;
      const otherId = randomUUID();
      const stateId = randomUUID();
      const occurred = new Date(Date.now() + 60_000).toISOString();
      await publish(
        server(),
        taskEvent({
          taskRunId: otherId,
          flowRunId,
          type: 'RUNNING',
          occurred,
          id: stateId,
          taskRun: { task_key: 'natural', dynamic_key: '7', run_count: 1, start_time: occurred },
        }),
      );
      expect((await server().rest('GET', `/task_runs/${otherId}`)).status).toBe(404);
      const run = (await server().rest('GET', `/task_runs/${storedId}`)).body;
      expect(run).toMatchObject({ id: storedId, name: 'from-api', state_id: stateId, state_type: 'RUNNING', run_count: 1 });
      const history = await states(server(), storedId);
      expect(history.map((s) => s.type)).toEqual(['PENDING', 'RUNNING']);
      expect(history[1]).toMatchObject({ id: stateId, state_details: { task_run_id: storedId, flow_run_id: flowRunId } });
    });

    it('ignores events without prefect.orchestration = "client" and events with other names', async () => {
      const id = randomUUID();
      const base = { taskRunId: id, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00Z' };
      const serverSide = taskEvent(base);
      delete serverSide.resource['prefect.orchestration'];
      const otherLabel = taskEvent(base);
      otherLabel.resource['prefect.orchestration'] = 'server';
      const otherName = taskEvent({ ...base, event: 'prefect.flow-run.Running' });
      await publish(server(), serverSide, otherLabel, otherName);
      expect((await server().rest('GET', `/task_runs/${id}`)).status).toBe(404);
      expect((await server().rest('POST', '/task_runs/count', { task_runs: { id: { any_: [id] } } })).body).toBe(0);
    });

    it('records a task run outside any flow run (flow_run_id null), matched by id', async () => {
      const id = randomUUID();
      const { ids, pending, running } = lifecycle(id, null);
      await publish(server(), pending, running);
      const run = (await server().rest('GET', `/task_runs/${id}`)).body;
      expect(run).toMatchObject({ id, flow_run_id: null, state_type: 'RUNNING', run_count: 8 });
      expect((await states(server(), id)).map((s) => [s.id, s.state_details.flow_run_id, s.state_details.task_run_id])).toEqual([
        [ids.pending, null, id],
        [ids.running, null, id],
      ]);
      const filtered = await server().rest('POST', '/task_runs/filter', { task_runs: { id: { any_: [id] }, flow_run_id: { is_null_: true } } });
      expect(filtered.body.map((r: { id: string }) => r.id)).toEqual([id]);
    });

    it('drops an event Prefect could not read (no task_key) without touching anything', async () => {
      const id = randomUUID();
      await publish(server(), taskEvent({ taskRunId: id, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00Z', taskRun: { dynamic_key: '0' } }));
      expect((await server().rest('GET', `/task_runs/${id}`)).status).toBe(404);
    });

    describe('states within one millisecond', () => {
      it('keeps both, 1 ms apart, and the one that occurred last is current (in order)', async () => {
        const id = randomUUID();
        const [p, r, c] = [randomUUID(), randomUUID(), randomUUID()];
        await publish(
          server(),
          taskEvent({ taskRunId: id, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00.100000Z', id: p }),
          taskEvent({ taskRunId: id, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00.123456Z', id: r, follows: p }),
          taskEvent({ taskRunId: id, flowRunId, type: 'COMPLETED', occurred: '2024-01-01T00:00:00.123789Z', id: c, follows: r }),
        );
        expect((await states(server(), id)).map((s) => [s.id, s.timestamp])).toEqual([
          [p, '2024-01-01T00:00:00.100000Z'],
          [r, '2024-01-01T00:00:00.123000Z'],
          [c, '2024-01-01T00:00:00.124000Z'],
        ]);
        expect((await server().rest('GET', `/task_runs/${id}`)).body).toMatchObject({ state_id: c, state_type: 'COMPLETED' });
      });

      it('keeps the order they occurred in when the later one arrives first (follows chain)', async () => {
        const id = randomUUID();
        const [p, r, c] = [randomUUID(), randomUUID(), randomUUID()];
        await publish(
          server(),
          taskEvent({ taskRunId: id, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00.100000Z', id: p }),
          taskEvent({ taskRunId: id, flowRunId, type: 'COMPLETED', occurred: '2024-01-01T00:00:00.123789Z', id: c, follows: r }),
          taskEvent({ taskRunId: id, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00.123456Z', id: r, follows: p }),
        );
        expect((await states(server(), id)).map((s) => [s.id, s.timestamp])).toEqual([
          [p, '2024-01-01T00:00:00.100000Z'],
          [r, '2024-01-01T00:00:00.123000Z'],
          [c, '2024-01-01T00:00:00.124000Z'],
        ]);
        const run = (await server().rest('GET', `/task_runs/${id}`)).body;
        expect(run).toMatchObject({ state_id: c, state_type: 'COMPLETED' });
        expect(run.state.timestamp).toBe('2024-01-01T00:00:00.124000Z');
        const gql = await server().gql<any, any>('query ($id: UUID!) { read_task_run(id: $id) { state_name states { id timestamp } } }', { id });
        expect(gql.data.read_task_run).toEqual({
          state_name: 'Completed',
          states: [
            { id: p, timestamp: '2024-01-01T00:00:00.100000Z' },
            { id: r, timestamp: '2024-01-01T00:00:00.123000Z' },
            { id: c, timestamp: '2024-01-01T00:00:00.124000Z' },
          ],
        });
      });

      it('puts a late first state (no follows) before the stored states of its millisecond, moving them on', async () => {
        const id = randomUUID();
        const [p, r, c] = [randomUUID(), randomUUID(), randomUUID()];
        await publish(
          server(),
          taskEvent({ taskRunId: id, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00.700500Z', id: r, follows: p }),
          taskEvent({ taskRunId: id, flowRunId, type: 'COMPLETED', occurred: '2024-01-01T00:00:00.700900Z', id: c, follows: r }),
          taskEvent({ taskRunId: id, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00.700100Z', id: p }),
        );
        expect((await states(server(), id)).map((s) => [s.id, s.timestamp])).toEqual([
          [p, '2024-01-01T00:00:00.700000Z'],
          [r, '2024-01-01T00:00:00.701000Z'],
          [c, '2024-01-01T00:00:00.702000Z'],
        ]);
        const run = (await server().rest('GET', `/task_runs/${id}`)).body;
        expect(run).toMatchObject({ state_id: c, state_type: 'COMPLETED' });
        expect(run.state.timestamp).toBe('2024-01-01T00:00:00.702000Z');
      });
    });
  },
  FAST,
);

describeEachDatabase(
  'task-run recorder with batches of 3',
  (server) => {
    let flowRunId: string;
    beforeAll(async () => {
      const flowId = (await server().rest('POST', '/flows/', { name: 'batched' })).body.id;
      flowRunId = (await server().rest('POST', '/flow_runs/', { flow_id: flowId })).body.id;
    });

    it('merges the events of one task run in a flush: the latest sets the row, every state is kept', async () => {
      const id = randomUUID();
      const other = randomUUID();
      const { ids, pending, completed } = lifecycle(id, flowRunId);
      // Two events queue; the third fills the batch and flushes all three.
      server().events.publish([completed]);
      server().events.publish([pending]);
      await server().events.drain();
      expect((await server().rest('GET', `/task_runs/${id}`)).status).toBe(404);
      await publish(server(), taskEvent({ taskRunId: other, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }));
      const run = (await server().rest('GET', `/task_runs/${id}`)).body;
      // Only the Completed event's columns: Pending's name, tags and policy were merged away.
      expect(run).toMatchObject({ state_id: ids.completed, state_type: 'COMPLETED', end_time: '2024-01-01T00:02:00Z', tags: [], run_count: 0, expected_start_time: null });
      expect(run.name).not.toBe('my_task');
      expect((await states(server(), id)).map((s) => s.id)).toEqual([ids.pending, ids.completed]);
      expect((await server().rest('GET', `/task_runs/${other}`)).status).toBe(200);
    });

    it('coalesces events for one natural key under two ids into one task run, and orders same-millisecond states by their microseconds', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const [r, c] = [randomUUID(), randomUUID()];
      const taskRun = { task_key: 'coalesced', dynamic_key: '0' };
      await publish(
        server(),
        taskEvent({ taskRunId: b, flowRunId, type: 'COMPLETED', occurred: '2024-01-01T00:00:00.500900Z', id: c, taskRun }),
        taskEvent({ taskRunId: a, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00.500100Z', id: r, taskRun }),
        taskEvent({ taskRunId: randomUUID(), flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }),
      );
      const found = (await server().rest('POST', '/task_runs/filter', { task_runs: { name: { like_: '' } }, flow_runs: { id: { any_: [flowRunId] } } })).body.filter(
        (t: { task_key: string }) => t.task_key === 'coalesced',
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ id: b, state_id: c, state_type: 'COMPLETED' });
      expect((await states(server(), b)).map((s) => [s.id, s.timestamp])).toEqual([
        [r, '2024-01-01T00:00:00.500000Z'],
        [c, '2024-01-01T00:00:00.501000Z'],
      ]);
    });
  },
  { PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE: '3', PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL: '60' },
);

describeEachDatabase(
  'task-run recorder switched off',
  (server) => {
    it('records nothing when PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED is false, and shows its settings', async () => {
      const id = randomUUID();
      await publish(server(), taskEvent({ taskRunId: id, flowRunId: null, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }));
      expect((await server().rest('GET', `/task_runs/${id}`)).status).toBe(404);
      const settings = (await server().rest('GET', '/admin/settings')).body;
      expect(settings.server.services.task_run_recorder).toEqual({ enabled: false, read_batch_size: 1, batch_size: 1, flush_interval: 5 });
    });
  },
  { PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED: 'false' },
);

describeEachDatabase(
  'task-run recorder retries',
  (server) => {
    it('retries an event whose flow run does not exist, drops it after 6 attempts, and keeps recording the others', async () => {
      const flowId = (await server().rest('POST', '/flows/', { name: 'late-flow' })).body.id;
      const flowRunId = (await server().rest('POST', '/flow_runs/', { flow_id: flowId })).body.id;
      const lateFlowRun = randomUUID();
      const lostFlowRun = randomUUID();
      const [retried, lost, kept] = [randomUUID(), randomUUID(), randomUUID()];
      const lostEvent = taskEvent({ taskRunId: lost, flowRunId: lostFlowRun, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' });
      // The recorder logs a drop on stderr: waiting for that line instead of a fixed 4.5 s.
      const stderr = vi.spyOn(console, 'error');
      const dropLine = () => stderr.mock.calls.map((args) => String(args[0])).find((line) => line.includes(`dropping event ${lostEvent.id}`));
      try {
        await publish(
          server(),
          taskEvent({ taskRunId: retried, flowRunId: lateFlowRun, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }),
          lostEvent,
          taskEvent({ taskRunId: kept, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }),
        );
        // The first attempts failed (no flow run); the event behind them is recorded all the same.
        expect((await server().rest('GET', `/task_runs/${kept}`)).body).toMatchObject({ state_type: 'PENDING' });
        expect((await server().rest('GET', `/task_runs/${retried}`)).status).toBe(404);
        // Setup only (the API cannot choose a flow run id): the flow run appears; a retry records the event.
        await server().db.flowRun.create({ data: { id: lateFlowRun, flow_id: flowId, name: 'late' } });
        let answer = await server().rest('GET', `/task_runs/${retried}`);
        for (let i = 0; i < 40 && answer.status === 404; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          answer = await server().rest('GET', `/task_runs/${retried}`);
        }
        expect(answer.body).toMatchObject({ flow_run_id: lateFlowRun, state_type: 'PENDING' });
        // Six attempts (on arrival, then every 0.5 s): the other event is dropped, so its flow run comes too late.
        for (const end = Date.now() + 15_000; !dropLine() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(dropLine()).toContain('after 6 failed attempts');
      } finally {
        stderr.mockRestore();
      }
      await server().db.flowRun.create({ data: { id: lostFlowRun, flow_id: flowId, name: 'too-late' } });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect((await server().rest('GET', `/task_runs/${lost}`)).status).toBe(404);
      expect((await server().rest('POST', '/task_runs/filter', { task_runs: { id: { any_: [lost, kept] } } })).status).toBe(200);
      // The service still records.
      const later = randomUUID();
      await publish(server(), taskEvent({ taskRunId: later, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00Z' }));
      expect((await server().rest('GET', `/task_runs/${later}`)).status).toBe(200);
    });
  },
  { PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL: '0.5' },
);
