// WaitForScheduledTime (§4.2).
import { describe, expect, it } from 'vitest';
import { setFlowRunState, setTaskRunState } from '../../src/orchestration/index.ts';
import { secondsUntil } from '../../src/orchestration/rules/wait-for-scheduled-time.ts';
import { inSeconds, reasonOf, testTargets, useDatabase } from './support.ts';

describe('secondsUntil', () => {
  const now = new Date('2024-01-01T00:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  it('rounds to the nearest second, an exact half down', () => {
    expect(secondsUntil(at(400), now)).toBe(0);
    expect(secondsUntil(at(500), now)).toBe(0);
    expect(secondsUntil(at(501), now)).toBe(1);
    expect(secondsUntil(at(1500), now)).toBe(1);
    expect(secondsUntil(at(29_700), now)).toBe(30);
    expect(secondsUntil(at(-300), now)).toBe(0);
    expect(secondsUntil(at(-5000), now)).toBe(-5);
  });
});

const targets = await testTargets();

describe.each(targets)('WaitForScheduledTime on $name', (databases) => {
  const h = useDatabase(databases);

  it('tells an early flow run how long to wait, and writes nothing', async () => {
    const scheduled = inSeconds(20.2);
    const id = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: scheduled } });
    const before = await h.flowRun(id);
    const asked = new Date();
    const result = await setFlowRunState(h.db, id, { type: 'RUNNING' });
    const answered = new Date();
    expect(result.status).toBe('WAIT');
    expect(result.details).toMatchObject({ type: 'wait_details', reason: 'Scheduled time is in the future' });
    // 20 when answered at once; a busy machine may take longer.
    const delay = (result.details as { delay_seconds: number }).delay_seconds;
    expect(delay).toBeLessThanOrEqual(secondsUntil(new Date(scheduled), asked));
    expect(delay).toBeGreaterThanOrEqual(secondsUntil(new Date(scheduled), answered));
    expect(result.state?.id).toBe(before.state_id);
    expect((await h.flowRun(id)).state_id).toBe(before.state_id);
  });

  it('accepts a scheduled time less than half a second ahead', async () => {
    const id = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(0.3) } });
    expect((await setFlowRunState(h.db, id, { type: 'RUNNING' })).status).toBe('ACCEPT');
  });

  it('applies to task runs, and not to forced transitions', async () => {
    const task = await h.taskRunIn({ type: 'PENDING', state_details: { scheduled_time: inSeconds(10) } });
    const result = await setTaskRunState(h.db, task, { type: 'RUNNING' });
    expect([result.status, reasonOf(result)]).toEqual(['WAIT', 'Scheduled time is in the future']);
    expect((await setTaskRunState(h.db, task, { type: 'RUNNING' }, { force: true })).status).toBe('ACCEPT');
    const flow = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(10) } });
    expect((await setFlowRunState(h.db, flow, { type: 'RUNNING' }, { force: true })).status).toBe('ACCEPT');
  });
});
