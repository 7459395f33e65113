// HandleTaskTerminalStateTransitions (§4.3).
import { describe, expect, it } from 'vitest';
import { setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('final task states on $name', (databases) => {
  const h = useDatabase(databases);

  it('aborts CANCELLING, PAUSED and CRASHED with the short wording', async () => {
    const id = await h.taskRunIn('CANCELLED');
    for (const type of ['CANCELLING', 'PAUSED', 'CRASHED'] as const) {
      const result = await setTaskRunState(h.db, id, { type });
      expect([result.status, reasonOf(result)]).toEqual(['ABORT', 'Run is already CANCELLED.']);
    }
  });

  it('keeps a COMPLETED task with a result against every proposal, final ones included', async () => {
    const id = await h.taskRunIn({ type: 'COMPLETED', data: { type: 'reference' } });
    for (const type of ['FAILED', 'COMPLETED', 'RUNNING'] as const) {
      expect(reasonOf(await setTaskRunState(h.db, id, { type }))).toBe('This run is already completed.');
    }
    // An empty object or a non-object is not a result here.
    expect((await setTaskRunState(h.db, await h.taskRunIn({ type: 'COMPLETED', data: {} }), { type: 'RUNNING' })).status).toBe('ACCEPT');
    expect((await setTaskRunState(h.db, await h.taskRunIn({ type: 'COMPLETED', data: 3 }), { type: 'RUNNING' })).status).toBe('ACCEPT');
  });

  it('restarts retries when leaving a final state for a non-final one', async () => {
    const id = await h.taskRunIn('FAILED', { run_count: 3 });
    expect((await setTaskRunState(h.db, id, { type: 'SCHEDULED' })).status).toBe('ACCEPT');
    expect((await h.taskRun(id)).run_count).toBe(0);
    const final = await h.taskRunIn('FAILED', { run_count: 3 });
    await setTaskRunState(h.db, final, { type: 'COMPLETED' });
    expect((await h.taskRun(final)).run_count).toBe(3);
  });

  it('names the rerun Retrying when its flow run is on a later attempt', async () => {
    const flow = await h.flowRunIn('RUNNING');
    const task = await h.taskRunIn('RUNNING', { flow_run_id: flow });
    await setTaskRunState(h.db, task, { type: 'RUNNING' }); // flow_run_run_count = 1
    await setTaskRunState(h.db, task, { type: 'FAILED' });
    await setFlowRunState(h.db, flow, { type: 'RUNNING' }); // the flow's second attempt
    const rerun = await setTaskRunState(h.db, task, { type: 'RUNNING' });
    expect([rerun.status, rerun.state?.name]).toEqual(['ACCEPT', 'Retrying']);
    const run = await h.taskRun(task);
    expect([run.run_count, run.flow_run_run_count]).toEqual([1, 2]);
  });

  it('restores run_count when a later rule refuses the rerun', async () => {
    const flow = await h.flowRunIn('COMPLETED');
    const task = await h.taskRunIn('FAILED', { flow_run_id: flow, run_count: 2 });
    const result = await setTaskRunState(h.db, task, { type: 'RUNNING' });
    expect([result.status, reasonOf(result)]).toEqual(['ABORT', 'The enclosing flow must be running to begin task execution.']);
    expect((await h.taskRun(task)).run_count).toBe(2);
  });
});
