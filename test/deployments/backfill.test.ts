// POST /deployments/{id}/schedule (§1.11): runs for each active schedule in a
// window, idempotent, backfills included; pause deletes them again (§1.18).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const DAY = 86_400_000;

describeEachDatabase('scheduling runs of a deployment', (server) => {
  it('schedules the window’s runs once, backfills the past, and answers null for a missing deployment', async () => {
    const flow = (await server().rest('POST', '/flows/', { name: 'backfill-flow' })).body;
    const anchor = new Date(Date.now() - 30 * DAY - 1000).toISOString();
    const d = (
      await server().rest('POST', '/deployments/', {
        name: 'daily',
        flow_id: flow.id,
        tags: ['nightly'],
        schedules: [{ schedule: { interval: 86400, anchor_date: anchor } }, { schedule: { interval: 3600 }, active: false }],
      })
    ).body;
    const count = async () => (await server().rest('POST', '/flow_runs/count', { flow_runs: { deployment_id: { any_: [d.id] } } })).body;
    const now = Date.now();
    const week = await server().rest('POST', `/deployments/${d.id}/schedule`, { end_time: new Date(now + 7 * DAY).toISOString(), min_runs: 100 });
    expect(week).toMatchObject({ status: 200, body: null });
    expect(await count()).toBe(7);
    await server().rest('POST', `/deployments/${d.id}/schedule`, { end_time: new Date(now + 7 * DAY).toISOString(), min_runs: 100 });
    expect(await count()).toBe(7);
    const past = await server().rest('POST', `/deployments/${d.id}/schedule`, {
      start_time: new Date(now - 20 * DAY).toISOString(),
      end_time: new Date(now).toISOString(),
      min_runs: 100,
    });
    expect(past.status).toBe(200);
    expect(await count()).toBe(27);
    const runs = (await server().rest('POST', '/flow_runs/filter', { flow_runs: { deployment_id: { any_: [d.id] } }, limit: 1 })).body;
    expect(runs[0]).toMatchObject({ auto_scheduled: true, state_type: 'SCHEDULED', deployment_id: d.id });
    expect(runs[0].tags).toEqual(expect.arrayContaining(['auto-scheduled', 'nightly']));
    expect(await server().rest('POST', '/deployments/00000000-0000-4000-8000-000000000000/schedule', {})).toMatchObject({ status: 200, body: null });
    // GraphQL: min_runs alone from now.
    const gql = await server().gql(`mutation($id: UUID!) { schedule_deployment(id: $id, min_runs: 3, start_time: "${new Date(now + 40 * DAY).toISOString()}") }`, { id: d.id });
    expect(gql).toEqual({ data: { schedule_deployment: null } });
    expect(await count()).toBe(30);
    // Pausing deletes the auto-scheduled runs still Scheduled, past and future.
    await server().rest('POST', `/deployments/${d.id}/pause_deployment`);
    expect(await count()).toBe(0);
  });
});
