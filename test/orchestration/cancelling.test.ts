// EnforceCancellingToCancelledTransition and BypassCancellingFlowRunsWithNoInfra (§4.1).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setFlowRunState } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('cancelling flow runs on $name', (databases) => {
  const h = useDatabase(databases);

  it('only lets a CANCELLING run become CANCELLED', async () => {
    const id = await h.flowRunIn('CANCELLING');
    for (const type of ['CANCELLING', 'COMPLETED', 'RUNNING'] as const) {
      const result = await setFlowRunState(h.db, id, { type });
      expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Cannot transition flows that are cancelling to a state other than Cancelled.']);
      expect(result.state?.type).toBe('CANCELLING');
    }
    expect((await setFlowRunState(h.db, id, { type: 'CANCELLED' })).status).toBe('ACCEPT');
    // Leaving CANCELLED is not this rule's business.
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING' })).status).toBe('ACCEPT');
  });

  it('cancels a SCHEDULED run without infrastructure directly', async () => {
    const id = await h.flowRunIn('SCHEDULED');
    const result = await setFlowRunState(h.db, id, { type: 'CANCELLING', message: 'please stop' });
    expect([result.status, reasonOf(result)]).toEqual(['REJECT', 'Scheduled flow run has no infrastructure to terminate.']);
    expect(result.state).toMatchObject({ type: 'CANCELLED', name: 'Cancelled', message: null });
    expect((await h.flowRun(id)).state_type).toBe('CANCELLED');
  });

  it('lets a SCHEDULED run with infrastructure (an AwaitingRetry run) go to CANCELLING', async () => {
    const id = await h.flowRunIn({ type: 'SCHEDULED', name: 'AwaitingRetry' }, { infrastructure_pid: '1234' });
    expect((await setFlowRunState(h.db, id, { type: 'CANCELLING' })).status).toBe('ACCEPT');
  });

  it('cancels Resuming and suspended runs directly, also when forced', async () => {
    const resuming = await h.flowRunIn({ type: 'SCHEDULED', name: 'Resuming' }, { infrastructure_pid: '1' });
    const a = await setFlowRunState(h.db, resuming, { type: 'CANCELLING' }, { force: true });
    expect([a.status, reasonOf(a), a.state?.type]).toEqual(['REJECT', 'Scheduled flow run has no infrastructure to terminate.', 'CANCELLED']);

    const suspended = await h.flowRunIn({ type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }, { deployment_id: randomUUID() });
    const b = await setFlowRunState(h.db, suspended, { type: 'CANCELLING' });
    expect([b.status, reasonOf(b), b.state?.type]).toEqual(['REJECT', 'Suspended flow run has no infrastructure to terminate.', 'CANCELLED']);
  });
});
