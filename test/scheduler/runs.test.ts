// Run generation and insertion (deployments-and-work-pools §3.4–3.5): field
// values, idempotency keys, and what a client reads back.
import { expect, it } from 'vitest';
import { insertScheduledRuns, scheduledRunsFor } from '../../src/services/scheduler/runs.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { deployment, runsOf } from './helpers.ts';

const NOW = new Date('2024-03-08T12:00:00Z');
const window = (over: Record<string, unknown> = {}) => ({ start: NOW, end: new Date(NOW.getTime() + 100 * 86400_000), minTime: 3600, minRuns: 3, maxRuns: 100, now: NOW, ...over });

const dep = {
  id: '11111111-1111-4111-8111-111111111111',
  flow_id: '22222222-2222-4222-8222-222222222222',
  version: 'v1',
  work_queue_name: 'default',
  work_queue_id: null,
  parameters: { a: 1, b: 2 },
  infrastructure_document_id: null,
  tags: ['etl', 'nightly'],
  labels: { team: 'data', 'prefect.flow.id': 'overridden' },
};

it('builds runs as Prefect does: key, created_by, tags, labels, parameters, state', () => {
  const runs = scheduledRunsFor(
    dep,
    [{ id: '33333333-3333-4333-8333-333333333333', schedule: { cron: '0 9 * * *', timezone: 'America/New_York', day_or: true }, parameters: { b: 3 }, slug: null }],
    window(),
  );
  expect(runs.map((r) => r.idempotency_key)).toEqual([
    `scheduled ${dep.id} 33333333-3333-4333-8333-333333333333 2024-03-08 09:00:00-05:00`,
    `scheduled ${dep.id} 33333333-3333-4333-8333-333333333333 2024-03-09 09:00:00-05:00`,
    `scheduled ${dep.id} 33333333-3333-4333-8333-333333333333 2024-03-10 09:00:00-04:00`,
  ]);
  const [run] = runs;
  expect(run).toMatchObject({
    flow_id: dep.flow_id,
    deployment_id: dep.id,
    deployment_version: 'v1',
    work_queue_name: 'default',
    parameters: { a: 1, b: 3 },
    tags: ['auto-scheduled', 'etl', 'nightly'],
    labels: { team: 'data', 'prefect.flow.id': dep.flow_id, 'prefect.deployment.id': dep.id },
    auto_scheduled: true,
    created_by: { id: '33333333-3333-4333-8333-333333333333', display_value: 'CronSchedule', type: 'SCHEDULE' },
    scheduled_time: new Date('2024-03-08T14:00:00Z'),
    state: { type: 'SCHEDULED', name: 'Scheduled', message: 'Flow run scheduled', timestamp: NOW },
  });
  expect(run.state.state_details.scheduled_time).toBe('2024-03-08T14:00:00.000Z');
  // across spring-forward the UTC hour moves, the local hour stays
  expect(runs[2].scheduled_time).toEqual(new Date('2024-03-10T13:00:00Z'));
  expect(run.name).toMatch(/^[a-z]+-[a-z]+$/);
  const slugged = scheduledRunsFor(
    dep,
    [{ id: '4', schedule: { interval: 86400, anchor_date: '2024-01-01T00:00:00Z', timezone: 'UTC' }, parameters: {}, slug: 'daily' }],
    window(),
  );
  expect(slugged[0].created_by.display_value).toBe('daily');
  expect(slugged[0].idempotency_key.endsWith(' 2024-03-09 00:00:00+00:00')).toBe(true);
  expect(
    scheduledRunsFor(dep, [{ id: '5', schedule: { interval: 60, anchor_date: '2024-01-01T00:00:00Z', timezone: 'UTC' }, active: false, parameters: {}, slug: null }], window()),
  ).toEqual([]);
});

it('takes the smallest prefix meeting min_runs and min_time, capped by max_runs and end', () => {
  const count = (interval: number, over: Record<string, unknown> = {}) =>
    scheduledRunsFor(dep, [{ id: 's', schedule: { interval, anchor_date: NOW.toISOString(), timezone: 'UTC' }, parameters: {}, slug: null }], window(over)).length;
  expect(count(60)).toBe(61);
  expect(count(300)).toBe(13);
  expect(count(3600)).toBe(3);
  expect(count(60 * 86400)).toBe(2);
  expect(count(30 * 86400)).toBe(3);
  expect(count(60, { maxRuns: 5 })).toBe(5);
  // end is included: now, +1 h, ..., +7 h
  expect(count(3600, { minRuns: 100, end: new Date(NOW.getTime() + 7 * 3600_000) })).toBe(8);
});

const live = () => {
  const now = new Date();
  return window({ start: now, end: new Date(now.getTime() + 100 * 86400_000), now });
};

describeEachDatabase('inserting scheduled runs', (server) => {
  it('inserts each run once with its Scheduled state, tag rows and current state; repeats insert nothing', async () => {
    const d = await deployment(server(), { tags: ['etl'], parameters: { x: 1 }, schedules: [{ schedule: { interval: 3600, anchor_date: '2024-01-01T00:00:00Z' } }] });
    const schedules = await server().db.deploymentSchedule.findMany({ where: { deployment_id: d.id } });
    const row = await server().db.deployment.findUniqueOrThrow({ where: { id: d.id } });
    const runs = scheduledRunsFor(row, schedules, live());
    expect(runs).toHaveLength(3);
    const inserted = await insertScheduledRuns(server().db, runs, 2);
    expect(inserted.sort()).toEqual(runs.map((r) => r.id).sort());
    // the same dates again (new ids, same keys): nothing new
    const again = scheduledRunsFor(row, schedules, live());
    expect(await insertScheduledRuns(server().db, again)).toEqual([]);
    const stored = await runsOf(server(), d.id);
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({
      deployment_id: d.id,
      auto_scheduled: true,
      tags: ['auto-scheduled', 'etl'],
      parameters: { x: 1 },
      state_type: 'SCHEDULED',
      state_name: 'Scheduled',
      created_by: { id: schedules[0].id, type: 'SCHEDULE', display_value: 'IntervalSchedule' },
      state: { type: 'SCHEDULED', name: 'Scheduled', message: 'Flow run scheduled' },
    });
    expect(stored[0].state.state_details.scheduled_time).toBe(stored[0].expected_start_time);
    expect(stored[0].next_scheduled_start_time).toBe(stored[0].expected_start_time);
    // tag rows: the tag filter finds them; state history has the one state
    const tagged = await server().rest('POST', '/flow_runs/count', { flow_runs: { deployment_id: { any_: [d.id] }, tags: { all_: ['auto-scheduled', 'etl'] } } });
    expect(tagged.body).toBe(3);
    const states = await server().rest('GET', `/flow_run_states/?flow_run_id=${stored[0].id}`);
    expect(states.body.map((s: any) => s.name)).toEqual(['Scheduled']);
    expect(stored[0].state.id).toBe(states.body[0].id);
  });
});
