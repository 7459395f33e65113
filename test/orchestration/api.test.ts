// The module's surface: not-found errors, how a StateCreate becomes a stored
// state (§3.1, §3.5), results, and use inside a caller's transaction.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.ts';
import { fullStateDetails, setFlowRunState, setFlowRunStateIn, setTaskRunState, setTaskRunStateIn, STATE_TYPES } from '../../src/orchestration/index.ts';
import { testTargets, useDatabase } from './support.ts';

describe('fullStateDetails', () => {
  it('fills all 18 fields in Prefect order, drops unknown keys, normalises datetimes', () => {
    const details = fullStateDetails({ cache_key: 'k', bogus: 1, scheduled_time: new Date('2024-01-02T03:04:05.678Z'), pause_timeout: '2024-01-02 03:04:05' });
    expect(Object.keys(details)).toEqual([
      'flow_run_id',
      'task_run_id',
      'child_flow_run_id',
      'scheduled_time',
      'cache_key',
      'cache_expiration',
      'deferred',
      'untrackable_result',
      'pause_timeout',
      'pause_reschedule',
      'pause_key',
      'run_input_keyset',
      'refresh_cache',
      'retriable',
      'transition_id',
      'task_parameters_id',
      'traceparent',
      'deployment_concurrency_lease_id',
    ]);
    expect(details).toMatchObject({
      cache_key: 'k',
      deferred: false,
      untrackable_result: false,
      pause_reschedule: false,
      scheduled_time: '2024-01-02T03:04:05.678Z',
      pause_timeout: '2024-01-02T03:04:05.000Z',
    });
    expect(fullStateDetails(null)).toEqual(fullStateDetails({}));
    expect(STATE_TYPES).toHaveLength(9);
  });
});

const targets = await testTargets();

describe.each(targets)('orchestration API on $name', (databases) => {
  const h = useDatabase(databases);

  it('answers 404 with exception_message for missing runs', async () => {
    const id = randomUUID();
    await expect(setFlowRunState(h.db, id, { type: 'RUNNING' })).rejects.toMatchObject({ status: 404, body: { exception_message: `Flow run with id ${id} not found` } });
    await expect(setTaskRunState(h.db, id, { type: 'RUNNING' })).rejects.toMatchObject({ status: 404, body: { exception_message: `Task run with id ${id} not found` } });
    const error = await setFlowRunState(h.db, 'not-a-uuid', { type: 'RUNNING' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
  });

  it('defaults the name, keeps "", mints id and timestamp, fills scheduled_time for SCHEDULED', async () => {
    const id = await h.newFlowRun();
    const before = Date.now();
    const scheduled = await setFlowRunState(h.db, id, { type: 'SCHEDULED', message: 'hi' });
    expect(scheduled.status).toBe('ACCEPT');
    expect(scheduled.details).toEqual({ type: 'accept_details' });
    expect(scheduled.state).toMatchObject({ type: 'SCHEDULED', name: 'Scheduled', message: 'hi', flow_run_id: id });
    expect(scheduled.state!.id[14]).toBe('7'); // UUIDv7
    expect(scheduled.state!.timestamp.getTime()).toBeGreaterThanOrEqual(before);
    const details = fullStateDetails(scheduled.state!.state_details);
    expect(new Date(details.scheduled_time as string).getTime()).toBeGreaterThanOrEqual(before);
    const unnamed = await setFlowRunState(h.db, id, { type: 'PENDING', name: '' });
    expect(unnamed.state?.name).toBe('');
    expect((await h.flowRun(id)).state_name).toBe('');
  });

  it('stores all 18 state_details fields, unknown keys dropped', async () => {
    const id = await h.newTaskRun();
    await setTaskRunState(h.db, id, { type: 'PENDING', state_details: { traceparent: 't', nonsense: true } });
    const stored = (await h.taskRun(id)).state!.state_details as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(18);
    expect(stored).toMatchObject({ traceparent: 't', task_run_id: id, flow_run_id: null });
    expect(stored).not.toHaveProperty('nonsense');
  });

  it('stores data without artifact keys, drops {"type": "unpersisted"} but echoes it', async () => {
    const id = await h.flowRunIn('RUNNING');
    const kept = await setFlowRunState(h.db, id, { type: 'RUNNING', data: { value: 1, artifact_key: 'a', artifact_type: 'result', artifact_description: 'd' } });
    expect(kept.state?.data).toEqual({ value: 1 });
    expect((await h.flowRun(id)).state?.data).toEqual({ value: 1 });
    const unpersisted = await setFlowRunState(h.db, id, { type: 'COMPLETED', data: { type: 'unpersisted' } });
    expect(unpersisted.state?.data).toEqual({ type: 'unpersisted' });
    expect((await h.flowRun(id)).state?.data).toBeNull();
    const scalar = await setFlowRunState(h.db, await h.flowRunIn('RUNNING'), { type: 'COMPLETED', data: 'text' });
    expect(scalar.state?.data).toBe('text');
  });

  it('applies an initial state inside the transaction that created the run', async () => {
    const flow = await h.db.flow.create({ data: { name: `flow-${randomUUID()}` } });
    const result = await h.db.$transaction(async (tx) => {
      const run = await tx.flowRun.create({ data: { name: 'created', flow_id: flow.id } });
      const flowResult = await setFlowRunStateIn(tx, run.id, { type: 'SCHEDULED' }, { force: true });
      const task = await tx.taskRun.create({ data: { name: 't', task_key: 'k', dynamic_key: '0', flow_run_id: run.id } });
      const taskResult = await setTaskRunStateIn(tx, task.id, { type: 'PENDING' }, { force: true });
      return { runId: run.id, flowResult, taskResult };
    });
    expect([result.flowResult.status, result.taskResult.status]).toEqual(['ACCEPT', 'ACCEPT']);
    const run = await h.flowRun(result.runId);
    expect([run.state_type, run.state_id]).toEqual(['SCHEDULED', result.flowResult.state?.id]);
  });

  it('rolls the transaction back when the caller fails after orchestrating', async () => {
    const id = await h.flowRunIn('PENDING');
    await expect(
      h.db.$transaction(async (tx) => {
        await setFlowRunStateIn(tx, id, { type: 'RUNNING' });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    const run = await h.flowRun(id);
    expect([run.state_type, run.run_count]).toEqual(['PENDING', 0]);
  });
});
