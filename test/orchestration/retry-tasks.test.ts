// RetryFailedTasks (§4.3) and RenameReruns (§4.2).
import { describe, expect, it } from 'vitest';
import { fullStateDetails, setTaskRunState } from '../../src/orchestration/index.ts';
import { clampedPoissonInterval, retryDelaySeconds } from '../../src/orchestration/rules/retry-failed-tasks.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

describe('retry delays', () => {
  it('takes a list entry per attempt, repeating the last', () => {
    const policy = { retry_delay: [1, 5, 30] };
    expect([1, 2, 3, 4, 9].map((runCount) => retryDelaySeconds(policy, runCount))).toEqual([1, 5, 30, 30, 30]);
    expect(retryDelaySeconds({ retry_delay: 7 }, 1)).toBe(7);
    expect(retryDelaySeconds({}, 1)).toBe(0);
  });

  it('jitters within [0, base × (1 + factor)]', () => {
    expect(clampedPoissonInterval(10, 0.5, () => 0)).toBe(0);
    expect(clampedPoissonInterval(10, 0.5, () => 1)).toBeCloseTo(15, 6);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelaySeconds({ retry_delay: 10, retry_jitter_factor: 0.5 }, 1);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(15);
    }
  });
});

const targets = await testTargets();

describe.each(targets)('task run retries on $name', (databases) => {
  const h = useDatabase(databases);

  it('retries with the delay of the attempt, then renames the rerun Retrying', async () => {
    const id = await h.taskRunIn('PENDING', { empirical_policy: { retries: 2, retry_delay: [0, 60] } });
    expect((await setTaskRunState(h.db, id, { type: 'RUNNING' })).status).toBe('ACCEPT');
    const first = await setTaskRunState(h.db, id, { type: 'FAILED', message: 'x' });
    expect([first.status, reasonOf(first), first.state?.name, first.state?.message]).toEqual(['REJECT', 'Retrying', 'AwaitingRetry', 'x']);
    const running = await setTaskRunState(h.db, id, { type: 'RUNNING', name: 'MyName' });
    expect(running.state?.name).toBe('Retrying');
    const before = Date.now();
    const second = await setTaskRunState(h.db, id, { type: 'FAILED' });
    const scheduled = new Date(fullStateDetails(second.state?.state_details).scheduled_time as string).getTime();
    expect(scheduled - before).toBeGreaterThanOrEqual(59_990);
    await setTaskRunState(h.db, id, { type: 'RUNNING' }, { force: true });
    expect((await h.taskRun(id)).run_count).toBe(3);
    expect((await setTaskRunState(h.db, id, { type: 'FAILED' })).status).toBe('ACCEPT');
  });

  it('does not retry a FAILED proposal marked retriable: false', async () => {
    const id = await h.taskRunIn('RUNNING', { empirical_policy: { retries: 5 } });
    expect((await setTaskRunState(h.db, id, { type: 'FAILED', state_details: { retriable: false } })).status).toBe('ACCEPT');
  });

  it('renames RUNNING → RUNNING "Rerunning", and not the first run', async () => {
    const id = await h.taskRunIn('PENDING');
    expect((await setTaskRunState(h.db, id, { type: 'RUNNING', name: 'Custom' })).state?.name).toBe('Custom');
    expect((await setTaskRunState(h.db, id, { type: 'RUNNING' })).state?.name).toBe('Rerunning');
    expect((await h.taskRun(id)).run_count).toBe(2);
  });
});
