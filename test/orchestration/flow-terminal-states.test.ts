// HandleFlowTerminalStateTransitions and PreventResultDataLoss (§4.1).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setFlowRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();
const persisted = { type: 'COMPLETED' as const, data: { type: 'reference', storage_key: 'abc' } };

describe.each(targets)('final flow states on $name', (databases) => {
  const h = useDatabase(databases);

  it('aborts CANCELLING, PAUSED and CRASHED with the current type in the reason', async () => {
    for (const to of ['CANCELLING', 'PAUSED', 'CRASHED'] as const) {
      const id = await h.flowRunIn('FAILED');
      const result = await setFlowRunState(h.db, id, { type: to });
      expect([result.status, reasonOf(result)]).toEqual(['ABORT', 'Run is already in terminal state FAILED.']);
      expect(result.state?.type).toBe('FAILED');
    }
  });

  it('keeps a COMPLETED state with a persisted result, returning it', async () => {
    const id = await h.flowRunIn(persisted);
    const current = (await h.flowRun(id)).state!;
    const result = await setFlowRunState(h.db, id, { type: 'SCHEDULED' });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Run is already COMPLETED.']);
    expect(result.state?.id).toBe(current.id);
    expect(result.state?.data).toEqual({ type: 'reference', storage_key: 'abc' });
  });

  it('lets a COMPLETED run without persisted result be retried, and FAILED be completed', async () => {
    const unpersisted = await h.flowRunIn({ type: 'COMPLETED', data: { type: 'unpersisted' } });
    expect((await setFlowRunState(h.db, unpersisted, { type: 'RUNNING' })).status).toBe('ACCEPT');
    const failed = await h.flowRunIn('FAILED');
    expect((await setFlowRunState(h.db, failed, { type: 'COMPLETED' })).status).toBe('ACCEPT');
  });

  it('resets the pause bookkeeping on a manual retry, keeping run_count', async () => {
    const policy = { retries: 1, resuming: true, pause_keys: ['a'], retry_type: 'in_process' };
    const toRunning = await h.flowRunIn('FAILED', { empirical_policy: policy, run_count: 3 });
    expect((await setFlowRunState(h.db, toRunning, { type: 'RUNNING' })).status).toBe('ACCEPT');
    const running = await h.flowRun(toRunning);
    expect(running.empirical_policy).toEqual({ retries: 1, resuming: false, pause_keys: [], retry_type: null });
    // Manual retries keep counting: 3 earlier attempts + this one.
    expect(running.run_count).toBe(4);

    const toScheduled = await h.flowRunIn('CRASHED', { empirical_policy: policy, deployment_id: randomUUID() });
    expect((await setFlowRunState(h.db, toScheduled, { type: 'SCHEDULED' })).status).toBe('ACCEPT');
    expect((await h.flowRun(toScheduled)).empirical_policy).toMatchObject({ resuming: false, pause_keys: [], retry_type: 'reschedule' });
  });

  it('leaves the policy alone for clients older than API 0.8.4', async () => {
    const policy = { resuming: true, pause_keys: ['a'], retry_type: 'in_process' };
    const id = await h.flowRunIn('FAILED');
    await h.db.flowRun.update({ where: { id }, data: { empirical_policy: policy } });
    await setFlowRunState(h.db, id, { type: 'SCHEDULED' }, { apiVersion: [0, 8, 3] });
    expect((await h.flowRun(id)).empirical_policy).toEqual(policy);
  });

  it('restores the policy when a later rule refuses the transition (CANCELLED → PENDING)', async () => {
    const policy = { resuming: true, pause_keys: ['a'], retry_type: 'in_process' };
    const id = await h.flowRunIn('CANCELLED');
    // Set after the forced CANCELLED, which itself clears "resuming" (RemoveResumingIndicator).
    await h.db.flowRun.update({ where: { id }, data: { empirical_policy: policy } });
    const result = await setFlowRunState(h.db, id, { type: 'PENDING' });
    expect([result.status, reasonOf(result)]).toEqual(['ABORT', 'This run is in a CANCELLED state and cannot transition to a PENDING state.']);
    expect((await h.flowRun(id)).empirical_policy).toEqual(policy);
  });

  describe('PreventResultDataLoss (force)', () => {
    it('keeps a persisted COMPLETED result against a forced COMPLETED without one', async () => {
      const id = await h.flowRunIn(persisted);
      for (const data of [null, { type: 'unpersisted' }, 5, ['x']]) {
        const result = await setFlowRunState(h.db, id, { type: 'COMPLETED', data }, { force: true });
        expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.']);
      }
    });

    it('allows everything else, and never errors on scalar or list data', async () => {
      const id = await h.flowRunIn(persisted);
      expect((await setFlowRunState(h.db, id, { type: 'COMPLETED', data: { value: 1 } }, { force: true })).status).toBe('ACCEPT');
      expect((await setFlowRunState(h.db, id, { type: 'RUNNING' }, { force: true })).status).toBe('ACCEPT');
      const scalar = await h.flowRunIn({ type: 'COMPLETED', data: 42 });
      expect((await setFlowRunState(h.db, scalar, { type: 'COMPLETED', data: [1] }, { force: true })).status).toBe('ACCEPT');
    });
  });
});
