// The scheduler as a service: settings with Prefect's names and aliases, and
// a server that schedules a new deployment's runs on its own.
import { expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { deployment, runsOf, schedule } from './helpers.ts';

it('reads the scheduler and late-runs settings, current names before the PREFECT_API_SERVICES_ aliases', () => {
  const defaults = loadSettings({});
  expect(defaults.scheduler).toEqual({
    enabled: true,
    loopSeconds: 60,
    deploymentBatchSize: 100,
    maxRuns: 100,
    minRuns: 3,
    maxScheduledTime: 8_640_000,
    minScheduledTime: 3600,
    insertBatchSize: 500,
    recentDeploymentsLoopSeconds: 5,
  });
  expect(defaults.lateRuns).toEqual({ enabled: true, loopSeconds: 5, afterSeconds: 15 });
  const aliased = loadSettings({
    PREFECT_API_SERVICES_SCHEDULER_MIN_RUNS: '7',
    PREFECT_API_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME: 'P2D',
    PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS: '9',
    PREFECT_API_SERVICES_SCHEDULER_MAX_RUNS: '11',
    PREFECT_API_SERVICES_LATE_RUNS_AFTER_SECONDS: '30',
    PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'false',
  });
  expect(aliased.scheduler).toMatchObject({ minRuns: 7, maxScheduledTime: 172_800, maxRuns: 9, enabled: false });
  expect(aliased.lateRuns.afterSeconds).toBe(30);
  expect(() => loadSettings({ PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS: '0' })).toThrow('PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS must be greater than 0, got 0');
  expect((defaults.publicJson.server as any).services.scheduler.max_scheduled_time).toBe('P100D');
});

describeEachDatabase(
  'the scheduler loops',
  (server) => {
    it('give a new deployment its runs within moments', async () => {
      const d = await deployment(server(), { schedules: [schedule({ interval: 3600 })] });
      let runs: unknown[] = [];
      for (let i = 0; i < 100 && runs.length < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await runsOf(server(), d.id);
      }
      expect(runs).toHaveLength(3);
    });
  },
  // The main loop, quickly: the recent-deployments loop's window (loop + 1 s after `updated`) can close
  // before a slow create on a busy machine commits (its pass is tested in pass.test.ts).
  { PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: 'true', PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS: '0.3' },
);
