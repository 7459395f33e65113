// The scheduler's passes (deployments-and-work-pools §3.2–3.3) with explicit
// clocks: which deployments get runs, how many, and that passes repeat and
// race without creating a run twice.
import { expect, it } from 'vitest';
import { clientOptions, makeClient } from '../../src/db/client.ts';
import { schedulerPass } from '../../src/services/scheduler/pass.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { deployment, runsOf, schedule } from './helpers.ts';

const hourly = (anchor: Date) => schedule({ interval: 3600, anchor_date: anchor.toISOString() });

describeEachDatabase('scheduler passes', (server) => {
  const settings = () => server().settings.scheduler;

  it('fills each active schedule of a deployment to min_runs and min_time; a repeated pass inserts nothing', async () => {
    const now = new Date(Date.now() + 3_600_000); // a clock of our own, ahead of the runs other tests made
    const d = await deployment(server(), { schedules: [hourly(now), schedule({ interval: 60, anchor_date: now.toISOString() })] });
    await schedulerPass(server().db, settings(), now);
    const runs = await runsOf(server(), d.id);
    expect(runs).toHaveLength(3 + 61);
    expect(await schedulerPass(server().db, settings(), now)).toBe(0);
    expect(await runsOf(server(), d.id)).toHaveLength(64);
  });

  it('tops a schedule up when it has fewer than min_runs runs to come', async () => {
    const now = new Date(Date.now() + 10 * 3_600_000);
    const d = await deployment(server(), { schedules: [hourly(now)] });
    await schedulerPass(server().db, settings(), now);
    expect((await runsOf(server(), d.id)).map((r) => r.expected_start_time)).toHaveLength(3);
    // 30 minutes on, two runs are still to come: the schedule gets its third again
    await schedulerPass(server().db, settings(), new Date(now.getTime() + 30 * 60_000));
    const times = (await runsOf(server(), d.id)).map((r) => Date.parse(r.expected_start_time) - now.getTime());
    expect(times).toEqual([0, 1, 2, 3].map((h) => h * 3_600_000));
  });

  it('keeps a daily 09:00 America/New_York cron at 09:00 local across spring-forward', async () => {
    const d = await deployment(server(), { schedules: [schedule({ cron: '0 9 * * *', timezone: 'America/New_York' })] });
    await schedulerPass(server().db, settings(), new Date('2024-03-08T12:00:00Z'));
    const runs = await runsOf(server(), d.id);
    expect(runs.map((r) => r.expected_start_time)).toEqual(['2024-03-08T14:00:00Z', '2024-03-09T14:00:00Z', '2024-03-10T13:00:00Z']);
    expect(runs[2].idempotency_key).toBe(`scheduled ${d.id} ${d.schedules[0].id} 2024-03-10 09:00:00-04:00`);
  });

  it('skips paused deployments and inactive schedules; honours max_runs and the horizon', async () => {
    const now = new Date(Date.now() + 20 * 3_600_000);
    const paused = await deployment(server(), { paused: true, schedules: [hourly(now)] });
    const inactive = await deployment(server(), { schedules: [schedule({ interval: 3600, anchor_date: now.toISOString() }, { active: false })] });
    const minutely = await deployment(server(), { schedules: [schedule({ interval: 60, anchor_date: now.toISOString() })] });
    const sparse = await deployment(server(), { schedules: [schedule({ interval: 600, anchor_date: now.toISOString() })] });
    await schedulerPass(server().db, { ...settings(), maxRuns: 5, maxScheduledTime: 1200 }, now);
    expect(await runsOf(server(), paused.id)).toHaveLength(0);
    expect(await runsOf(server(), inactive.id)).toHaveLength(0);
    expect(await runsOf(server(), minutely.id)).toHaveLength(5);
    // 20 minutes of horizon: now, +10 and +20 minutes (end included), below min_time
    expect(await runsOf(server(), sparse.id)).toHaveLength(3);
  });

  it('pages through deployments in id order', async () => {
    const now = new Date(Date.now() + 30 * 3_600_000);
    const ds = await Promise.all([1, 2, 3, 4, 5].map(() => deployment(server(), { schedules: [hourly(now)] })));
    await schedulerPass(server().db, { ...settings(), deploymentBatchSize: 2 }, now);
    for (const d of ds) expect(await runsOf(server(), d.id)).toHaveLength(3);
  });

  it('leaves deployments not updated lately to the main loop in the recent-deployments pass', async () => {
    const now = new Date(Date.now() + 40 * 3_600_000);
    const d = await deployment(server(), { schedules: [hourly(now)] });
    await server().db.deployment.update({ where: { id: d.id }, data: { updated: new Date(Date.now() - 60_000) } });
    await schedulerPass(server().db, settings(), new Date(), 'recent');
    expect(await runsOf(server(), d.id)).toHaveLength(0);
    await server().db.deployment.update({ where: { id: d.id }, data: { updated: new Date() } });
    await schedulerPass(server().db, settings(), new Date(), 'recent');
    expect((await runsOf(server(), d.id)).length).toBeGreaterThanOrEqual(3);
  });

  it('two schedulers racing on one database create each run exactly once', async () => {
    const now = new Date(Date.now() + 50 * 3_600_000);
    const ds = await Promise.all([1, 2, 3].map(() => deployment(server(), { schedules: [schedule({ interval: 60, anchor_date: now.toISOString() })] })));
    const other = makeClient(server().target, clientOptions(server().settings));
    try {
      const s = { ...settings(), insertBatchSize: 50 };
      const before = await server().db.flowRun.count();
      const [a, b] = await Promise.all([schedulerPass(server().db, s, now), schedulerPass(other, s, now)]);
      // (other tests' deployments get runs at this clock too)
      expect(a + b).toBe((await server().db.flowRun.count()) - before);
      expect(a + b).toBeGreaterThanOrEqual(3 * 61);
      for (const d of ds) {
        const runs = await runsOf(server(), d.id);
        expect(runs).toHaveLength(61);
        expect(new Set(runs.map((r) => r.idempotency_key)).size).toBe(61);
        expect(runs.every((r) => r.state?.name === 'Scheduled')).toBe(true);
      }
      const orphans = await server().db.flowRun.count({ where: { deployment_id: { in: ds.map((d) => d.id) }, state_id: null } });
      expect(orphans).toBe(0);
    } finally {
      await other.$disconnect();
    }
  });
});
