// The events-in socket at the volume Prefect's SDK produces: a mapped task
// (`square.map(range(240))`) streams Pending, Running and Completed for each of its
// task runs over one connection, confirmed only by the client's checkpoint pings
// (PrefectEventsClient._checkpoint: a ping after every 700 unconfirmed events).
// Every task run must be recorded with its three states, and every event stored once.
// 240 runs are 720 events: one checkpoint in the stream and one at the end, as 300
// runs gave, for a fifth less of the recorder's time (one transaction per event).
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { EventsSocket, eventually, isoPy, isoZ, replayEnv } from './replay.ts';

const RUNS = 240;
const CHECKPOINT_EVERY = 700;

describeEachDatabase(
  'SDK replay: a mapped task over one events socket',
  (server) => {
    const tag = `map-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    let flowRunId: string;
    let flowId: string;
    let checkpointsInStream = 0;

    beforeAll(async () => {
      flowId = (await server().rest('POST', '/flows/', { name: 'mapper', tags: [], labels: {} })).body.id;
      const run = (await server().rest('POST', '/flow_runs/', { flow_id: flowId, state: { type: 'RUNNING', name: 'Running' } })).body;
      flowRunId = run.id;
      const related = [
        { 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' },
        { 'prefect.resource.id': `prefect.flow-run.${flowRunId}`, 'prefect.resource.role': 'flow-run', 'prefect.resource.name': run.name },
        { 'prefect.resource.id': `prefect.flow.${flowId}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'mapper' },
      ];
      const socket = await EventsSocket.open(server());
      const base = (Date.now() - 90_000) * 1000 + 77;
      let unconfirmed = 0;
      // task_engine: each mapped run emits Pending when submitted, then Running and Completed.
      for (let i = 0; i < RUNS; i += 1) {
        const taskRunId = randomUUID();
        ids.push(taskRunId);
        const at = [base + i * 1000, base + i * 1000 + 300, base + i * 1000 + 700];
        const stateIds = [randomUUID(), randomUUID(), randomUUID()];
        const names = ['Pending', 'Running', 'Completed'] as const;
        const types = ['PENDING', 'RUNNING', 'COMPLETED'] as const;
        for (let s = 0; s < 3; s += 1) {
          const runCount = s === 0 ? 0 : 1;
          await socket.send({
            occurred: isoZ(at[s]),
            event: `prefect.task-run.${names[s]}`,
            resource: {
              'prefect.resource.id': `prefect.task-run.${taskRunId}`,
              'prefect.resource.name': `square-${i}`,
              'prefect.run-count': String(runCount),
              'prefect.state-message': '',
              'prefect.state-name': names[s],
              'prefect.state-timestamp': isoPy(at[s]),
              'prefect.state-type': types[s],
              'prefect.orchestration': 'client',
            },
            related,
            payload: {
              intended: { from: s === 0 ? null : types[s - 1], to: types[s] },
              initial_state: s === 0 ? null : { type: types[s - 1], name: names[s - 1], message: '', state_details: {} },
              validated_state: { type: types[s], name: names[s], message: '', state_details: {}, data: null },
              task_run: {
                name: `square-${i}`,
                task_key: 'square-1f9a6b30',
                dynamic_key: String(i),
                empirical_policy: { max_retries: 0, retry_delay_seconds: 0.0, retries: 0, retry_delay: 0 },
                tags: [tag],
                labels: {},
                task_inputs: { x: [] },
                run_count: runCount,
                flow_run_run_count: s === 0 ? 0 : 1,
                expected_start_time: isoZ(at[0]),
                ...(s > 0 ? { start_time: isoZ(at[1]) } : {}),
                ...(s > 1 ? { end_time: isoZ(at[2]) } : {}),
                total_run_time: s > 1 ? (at[2] - at[1]) / 1e6 : 0.0,
              },
            },
            id: stateIds[s],
            follows: s === 0 ? null : stateIds[s - 1],
          });
          unconfirmed += 1;
          if (unconfirmed >= CHECKPOINT_EVERY) {
            await socket.ping();
            checkpointsInStream += 1;
            unconfirmed = 0;
          }
        }
      }
      await socket.ping();
      await socket.close();
    }, 120_000);

    it('records every mapped task run, Completed, with its three states', async () => {
      expect(checkpointsInStream).toBe(1);
      await eventually(
        server,
        async () => {
          const count = await server().rest('POST', '/task_runs/count', { task_runs: { tags: { all_: [tag] }, state: { type: { any_: ['COMPLETED'] } } } });
          expect(count.body).toBe(RUNS);
        },
        45_000,
      );
      for (const id of [ids[0], ids[RUNS >> 1], ids[RUNS - 1]]) {
        const states = (await server().rest('GET', `/task_run_states/?task_run_id=${id}`)).body;
        expect(states.map((s: { name: string }) => s.name)).toEqual(['Pending', 'Running', 'Completed']);
      }
      const page = (await server().rest('POST', '/task_runs/filter', { flow_runs: { id: { any_: [flowRunId] } }, sort: 'EXPECTED_START_TIME_ASC', limit: 5 })).body;
      expect(page.map((r: { name: string }) => r.name)).toEqual(['square-0', 'square-1', 'square-2', 'square-3', 'square-4']);
    }, 60_000);

    it('stores each of the events once (POST /events/filter total)', async () => {
      await eventually(
        server,
        async () => {
          const answer = await server().rest('POST', '/events/filter', { filter: { related: { id: [`prefect.tag.${tag}`] } }, limit: 1 });
          expect(answer.status).toBe(200);
          expect(answer.body.total).toBe(RUNS * 3);
        },
        20_000,
      );
    }, 60_000);
  },
  replayEnv,
);
