// PreventPendingTransitions (§4.1) and CopyScheduledTime (§4.2).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setFlowRunState } from '../../src/orchestration/index.ts';
import { inSeconds, reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();

describe.each(targets)('PENDING proposals on $name', (databases) => {
  const h = useDatabase(databases);

  it('aborts the second worker submitting the same run', async () => {
    const id = await h.flowRunIn('SCHEDULED');
    expect((await setFlowRunState(h.db, id, { type: 'PENDING' })).status).toBe('ACCEPT');
    const second = await setFlowRunState(h.db, id, { type: 'PENDING' });
    expect([second.status, reasonOf(second)]).toEqual(['ABORT', 'This run is in a PENDING state and cannot transition to a PENDING state.']);
    expect(second.state?.type).toBe('PENDING');
  });

  // (CANCELLING → PENDING is answered earlier by EnforceCancellingToCancelledTransition; see background-tasks.)
  it('names the current type for RUNNING and CANCELLED runs', async () => {
    for (const from of ['RUNNING', 'CANCELLED'] as const) {
      const result = await setFlowRunState(h.db, await h.flowRunIn(from), { type: 'PENDING', name: 'Submitting' });
      expect([result.status, reasonOf(result)]).toEqual(['ABORT', `This run is in a ${from} state and cannot transition to a PENDING state.`]);
    }
  });

  it("allows named PENDING sub-states, carrying the first PENDING state's details forward", async () => {
    const scheduled = inSeconds(-60);
    const lease = randomUUID();
    const id = await h.flowRunIn({ type: 'PENDING', state_details: { scheduled_time: scheduled, deployment_concurrency_lease_id: lease } });
    const result = await setFlowRunState(h.db, id, { type: 'PENDING', name: 'Submitting', state_details: { scheduled_time: inSeconds(100) } });
    expect(result.status).toBe('ACCEPT');
    const details = fullStateDetails(result.state?.state_details);
    expect(details.scheduled_time).toBe(scheduled);
    expect(details.deployment_concurrency_lease_id).toBe(lease);
    // Same name again, or back to "Pending": a duplicate submission.
    expect((await setFlowRunState(h.db, id, { type: 'PENDING', name: 'Submitting' })).status).toBe('ABORT');
    expect((await setFlowRunState(h.db, id, { type: 'PENDING' })).status).toBe('ABORT');
  });

  it('copies the scheduled time onto PENDING unless the proposal brings one', async () => {
    const scheduled = inSeconds(-30);
    const a = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: scheduled } });
    expect(fullStateDetails((await setFlowRunState(h.db, a, { type: 'PENDING' })).state?.state_details).scheduled_time).toBe(scheduled);
    const own = inSeconds(-10);
    const b = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: scheduled } });
    const result = await setFlowRunState(h.db, b, { type: 'PENDING', state_details: { scheduled_time: own } });
    expect(fullStateDetails(result.state?.state_details).scheduled_time).toBe(own);
  });
});
