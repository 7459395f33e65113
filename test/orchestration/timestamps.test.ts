// State timestamps (§5.2): unique per run; collisions move on by 1 ms.
import { describe, expect, it, vi } from 'vitest';
import { setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('state timestamps on $name', (databases) => {
  const h = useDatabase(databases);

  it('nudges flow and task run states written within one millisecond', async () => {
    const flow = await h.newFlowRun();
    const task = await h.newTaskRun();
    const frozen = new Date('2030-01-01T00:00:00.000Z');
    // Only Date is faked: timers and the database keep working.
    vi.useFakeTimers({ toFake: ['Date'], now: frozen });
    try {
      const flowStamps = [];
      const taskStamps = [];
      for (const type of ['PENDING', 'RUNNING', 'RUNNING', 'COMPLETED'] as const) {
        flowStamps.push((await setFlowRunState(h.db, flow, { type }, { force: true })).state!.timestamp.getTime());
        taskStamps.push((await setTaskRunState(h.db, task, { type }, { force: true })).state!.timestamp.getTime());
      }
      const expected = [0, 1, 2, 3].map((i) => frozen.getTime() + i);
      expect(flowStamps).toEqual(expected);
      expect(taskStamps).toEqual(expected);
    } finally {
      vi.useRealTimers();
    }
    const run = await h.flowRun(flow);
    expect(run.state_timestamp?.getTime()).toBe(frozen.getTime() + 3);
    // RUNNING → RUNNING → COMPLETED: 2 ms of run time.
    expect(run.total_run_time).toBeCloseTo(0.002, 9);
    const states = await h.db.flowRunState.findMany({ where: { flow_run_id: flow }, orderBy: { timestamp: 'asc' } });
    expect(states.map((s) => s.type)).toEqual(['PENDING', 'RUNNING', 'RUNNING', 'COMPLETED']);
  });
});
