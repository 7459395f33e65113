// Two recorders (as two server replicas sharing one database) write the same
// events at the same time: the writes serialise per task run, one task run
// comes out, and every state is stored once.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createMemoryBus } from '../../src/events/bus.ts';
import { createTaskRunRecorder } from '../../src/services/task-run-recorder.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { taskEvent } from './events.ts';

describeEachDatabase('task-run recorders racing on one database', (server) => {
  it('records each task run once with all its states, whichever replica writes first', async () => {
    const flowId = (await server().rest('POST', '/flows/', { name: 'raced' })).body.id;
    const flowRunId = (await server().rest('POST', '/flow_runs/', { flow_id: flowId })).body.id;
    const logged: string[] = [];
    const buses = [createMemoryBus({ warn: () => {} }), createMemoryBus({ warn: () => {} })];
    const recorders = buses.map((events) => createTaskRunRecorder({ db: server().db, events }, { batchSize: 4, flushInterval: 60, log: (line) => logged.push(line) }));
    try {
      const runs = Array.from({ length: 6 }, () => randomUUID());
      const events = runs.flatMap((id, n) => {
        const [p, r, c] = [randomUUID(), randomUUID(), randomUUID()];
        // Half of the task runs under two ids with one natural key: the natural key decides.
        const other = n % 2 ? randomUUID() : id;
        const taskRun = { task_key: 'raced', dynamic_key: String(n) };
        return [
          taskEvent({ taskRunId: id, flowRunId, type: 'PENDING', occurred: '2024-01-01T00:00:00.000100Z', id: p, taskRun }),
          taskEvent({ taskRunId: other, flowRunId, type: 'RUNNING', occurred: '2024-01-01T00:00:00.000200Z', id: r, follows: p, taskRun }),
          taskEvent({ taskRunId: id, flowRunId, type: 'COMPLETED', occurred: '2024-01-01T00:00:00.000300Z', id: c, follows: r, taskRun }),
        ];
      });
      // The same events on both replicas, in opposite orders.
      buses[0].publish(events);
      buses[1].publish([...events].reverse());
      await Promise.all(buses.map((bus) => bus.drain()));
      await Promise.all(recorders.map((r) => r.stop()));
      const found = (await server().rest('POST', '/task_runs/filter', { flow_runs: { id: { any_: [flowRunId] } } })).body;
      expect(found).toHaveLength(6);
      for (const run of found) {
        expect(run.state_type).toBe('COMPLETED');
        const states = (await server().rest('GET', `/task_run_states/?task_run_id=${run.id}`)).body;
        expect(states.map((s: { type: string }) => s.type)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
        expect(run.state.timestamp).toBe('2024-01-01T00:00:00.002000Z');
      }
      expect(logged.filter((line) => line.includes('dropping'))).toEqual([]);
    } finally {
      await Promise.all(recorders.map((r) => r.stop()));
    }
  });
});
