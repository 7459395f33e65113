// HandleResumingPausedFlows (§4.1) and resumeFlowRun (§1.3).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.ts';
import { fullStateDetails, resumeFlowRun, setFlowRunState } from '../../src/orchestration/index.ts';
import { inSeconds, reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('resuming paused flow runs on $name', (databases) => {
  const h = useDatabase(databases);

  async function pausedRun(details: Record<string, unknown> = {}, fields = {}) {
    const id = await h.flowRunIn('RUNNING', fields);
    const result = await setFlowRunState(h.db, id, { type: 'PAUSED', name: details.pause_reschedule ? 'Suspended' : null, state_details: details });
    expect(result.status).toBe('ACCEPT');
    return id;
  }

  it('resumes a paused run to RUNNING: run_count counts the resume, resuming stays set', async () => {
    const id = await pausedRun();
    const result = await resumeFlowRun(h.db, id, null);
    expect(result.status).toBe('ACCEPT');
    expect(result.state).toMatchObject({ type: 'RUNNING', name: 'Running' });
    const run = await h.flowRun(id);
    expect(run.run_count).toBe(2);
    expect(run.empirical_policy).toMatchObject({ resuming: true });
    // The next RUNNING does not count, and clears the marker.
    await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const after = await h.flowRun(id);
    expect(after.run_count).toBe(2);
    expect(after.empirical_policy).toMatchObject({ resuming: false });
  });

  it('resumes a suspended run through SCHEDULED "Resuming"; its RUNNING does not count again', async () => {
    // A real deployment: PENDING checks it (SecureFlowConcurrencySlots aborts with "Deployment not found." otherwise).
    const flow = await h.db.flow.create({ data: { name: `resume-${randomUUID()}` } });
    const deployment = await h.db.deployment.create({ data: { name: 'resume', flow_id: flow.id } });
    const id = await pausedRun({ pause_reschedule: true }, { deployment_id: deployment.id });
    const before = Date.now();
    const result = await resumeFlowRun(h.db, id, { approved: true });
    expect(result.status).toBe('ACCEPT');
    expect(result.state).toMatchObject({ type: 'SCHEDULED', name: 'Resuming' });
    const scheduled = new Date(fullStateDetails(result.state?.state_details).scheduled_time as string).getTime();
    expect(scheduled).toBeGreaterThanOrEqual(before - 1);
    expect((await setFlowRunState(h.db, id, { type: 'PENDING' })).status).toBe('ACCEPT');
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING' })).status).toBe('ACCEPT');
    const run = await h.flowRun(id);
    expect(run.run_count).toBe(1);
    expect(run.empirical_policy).toMatchObject({ resuming: false });
  });

  it('fails a run whose pause timed out', async () => {
    const id = await pausedRun({ pause_timeout: inSeconds(-1) });
    const result = await resumeFlowRun(h.db, id, null);
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'The flow run pause has timed out and can no longer resume.']);
    expect(result.state).toMatchObject({ type: 'FAILED', name: 'Failed', message: 'The flow was running and never resumed.' });
    expect((await h.flowRun(id)).end_time).not.toBeNull();
  });

  it('uses the suspend wording and the proposal name for a suspended run', async () => {
    const id = await pausedRun({ pause_reschedule: true, pause_timeout: inSeconds(-1) }, { deployment_id: randomUUID() });
    const result = await setFlowRunState(h.db, id, { type: 'SCHEDULED', name: 'Suspended' });
    expect(reasonOf(result)).toBe('The flow run suspend has timed out and can no longer resume.');
    expect(result.state?.message).toBe('The flow was suspended and never resumed.');
  });

  it('refuses PENDING, PAUSED and CANCELLING from PAUSED, still marking the run resuming', async () => {
    const id = await pausedRun();
    const pending = await setFlowRunState(h.db, id, { type: 'PENDING' });
    expect([pending.status, reasonOf(pending)]).toEqual(['REJECT', 'This run cannot transition to the StateType.PENDING state from the StateType.PAUSED state.']);
    expect((await h.flowRun(id)).empirical_policy).toMatchObject({ resuming: true });
    const cancelling = await setFlowRunState(h.db, id, { type: 'CANCELLING' });
    expect(reasonOf(cancelling)).toBe('This run cannot transition to the StateType.CANCELLING state from the StateType.PAUSED state.');
  });

  it('refuses to reschedule a suspended run that has no deployment', async () => {
    const id = await h.flowRunIn({ type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } });
    const result = await resumeFlowRun(h.db, id, null);
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Cannot reschedule a resuming flow run without a deployment.']);
  });

  it('answers ABORT for runs that are not paused, 404 for missing runs', async () => {
    for (const id of [await h.newFlowRun(), await h.flowRunIn('RUNNING')]) {
      expect(await resumeFlowRun(h.db, id, null)).toEqual({
        status: 'ABORT',
        details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' },
        state: null,
        written: false,
      });
    }
    const missing = await resumeFlowRun(h.db, randomUUID(), null).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
  });

  it('refuses runs waiting for input (no flow_run_input table): REJECT with abort details', async () => {
    const id = await pausedRun({ run_input_keyset: { schema: 'paused-1-schema', response: 'paused-1-response' } });
    const current = (await h.flowRun(id)).state!;
    const result = await resumeFlowRun(h.db, id, { approved: true });
    expect(result.status).toBe('REJECT');
    expect(result.details).toEqual({ type: 'abort_details', reason: 'Run input schema not found.' });
    expect(result.state?.id).toBe(current.id);
    expect((await h.flowRun(id)).state_type).toBe('PAUSED');
  });
});
