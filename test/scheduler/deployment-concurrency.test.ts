// Deployment concurrency (logs-variables-concurrency §4.7, orchestration.md
// §4.1): slots taken on PENDING, ENQUEUE and CANCEL_NEW, lease bookkeeping,
// release on leaving PENDING/RUNNING/CANCELLING, and Late runs of a full
// CANCEL_NEW deployment cancelled.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { markLateRuns } from '../../src/services/late-runs.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';
import { deployment } from './helpers.ts';

async function runOf(server: TestServer, deploymentId: string, flowId: string, scheduledTime = new Date()): Promise<string> {
  const res = await server.rest('POST', '/flow_runs/', {
    flow_id: flowId,
    deployment_id: deploymentId,
    state: { type: 'SCHEDULED', state_details: { scheduled_time: scheduledTime.toISOString() } },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const setState = (server: TestServer, id: string, state: Record<string, unknown>, force = false, headers: Record<string, string> = {}) =>
  server.rest('POST', `/flow_runs/${id}/set_state`, { state, force }, headers);
const NEW_CLIENT = { 'user-agent': 'prefect/3.4.11 (API 0.8.4)' };
const slots = async (server: TestServer, deploymentId: string) => (await server.rest('GET', `/v2/concurrency_limits/deployment:${deploymentId}`)).body.active_slots;
const leases = (server: TestServer) => server.db.concurrencyLease.count();

describeEachDatabase('deployment concurrency', (server) => {
  it('takes a slot on PENDING, enqueues the next run, and frees the slot when the run finishes', async () => {
    const d = await deployment(server(), { concurrency_limit: 1 });
    const [a, b] = [await runOf(server(), d.id, d.flow_id), await runOf(server(), d.id, d.flow_id)];
    const leasesBefore = await leases(server());
    const pending = await setState(server(), a, { type: 'PENDING' });
    expect(pending.body.status).toBe('ACCEPT');
    const leaseId = pending.body.state.state_details.deployment_concurrency_lease_id;
    expect(leaseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await slots(server(), d.id)).toBe(1);
    expect(await leases(server())).toBe(leasesBefore + 1);

    const before = Date.now();
    const queued = await setState(server(), b, { type: 'PENDING' });
    expect([queued.body.status, queued.body.details.reason]).toEqual(['REJECT', 'Deployment concurrency limit reached.']);
    expect(queued.body.state).toMatchObject({ type: 'SCHEDULED', name: 'AwaitingConcurrencySlot' });
    const retryAt = Date.parse(queued.body.state.state_details.scheduled_time);
    expect(retryAt).toBeGreaterThanOrEqual(before + 29_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 31_000);

    // RUNNING keeps the lease id (a worker sending null does not drop it); an old client's lease is dropped, the slot stays
    const running = await setState(server(), a, { type: 'RUNNING', state_details: { deployment_concurrency_lease_id: null } });
    expect(running.body.status).toBe('ACCEPT');
    expect(running.body.state.state_details.deployment_concurrency_lease_id).toBe(leaseId);
    expect(await leases(server())).toBe(leasesBefore);
    expect(await slots(server(), d.id)).toBe(1);

    expect((await setState(server(), a, { type: 'COMPLETED' })).body.status).toBe('ACCEPT');
    expect(await slots(server(), d.id)).toBe(0);
    expect((await setState(server(), b, { type: 'PENDING' })).body.status).toBe('ACCEPT');
    expect(await slots(server(), d.id)).toBe(1);
    // a forced move out of PENDING frees the slot and its lease too
    expect((await setState(server(), b, { type: 'CANCELLED' }, true)).body.status).toBe('ACCEPT');
    expect(await slots(server(), d.id)).toBe(0);
    expect(await leases(server())).toBe(leasesBefore);
  });

  it('cancels the new run with CANCEL_NEW', async () => {
    const d = await deployment(server(), { concurrency_limit: 1, concurrency_options: { collision_strategy: 'CANCEL_NEW' } });
    const [a, b] = [await runOf(server(), d.id, d.flow_id), await runOf(server(), d.id, d.flow_id)];
    expect((await setState(server(), a, { type: 'PENDING' })).body.status).toBe('ACCEPT');
    const cancelled = await setState(server(), b, { type: 'PENDING' });
    expect([cancelled.body.status, cancelled.body.details.reason]).toEqual(['REJECT', 'Deployment concurrency limit reached.']);
    expect(cancelled.body.state).toMatchObject({ type: 'CANCELLED', name: 'Cancelled', message: 'Deployment concurrency limit reached.' });
    expect(await slots(server(), d.id)).toBe(1);
  });

  it('cancels instead of marking Late when a CANCEL_NEW deployment is full', async () => {
    const d = await deployment(server(), { concurrency_limit: 1, concurrency_options: { collision_strategy: 'CANCEL_NEW' } });
    const busy = await runOf(server(), d.id, d.flow_id);
    expect((await setState(server(), busy, { type: 'PENDING' })).body.status).toBe('ACCEPT');
    const late = await runOf(server(), d.id, d.flow_id, new Date(Date.now() - 60_000));
    const enqueueing = await deployment(server(), { concurrency_limit: 1 });
    const other = await runOf(server(), enqueueing.id, enqueueing.flow_id, new Date(Date.now() - 60_000));
    const settings = { ...server().settings, lateRuns: { ...server().settings.lateRuns, afterSeconds: 15 } };
    await markLateRuns(server().db, server().events, settings);
    const run = (await server().rest('GET', `/flow_runs/${late}`)).body;
    expect(run.state).toMatchObject({ type: 'CANCELLED', message: 'Deployment concurrency limit reached.' });
    expect((await server().rest('GET', `/flow_runs/${other}`)).body.state.name).toBe('Late');
  });

  it('aborts PENDING for a run whose deployment is gone; runs without a deployment are not affected', async () => {
    const flow = await server().rest('POST', '/flows/', { name: 'no-deployment' });
    const orphan = await server().rest('POST', '/flow_runs/', { flow_id: flow.body.id, deployment_id: randomUUID(), state: { type: 'SCHEDULED' } });
    const res = await setState(server(), orphan.body.id, { type: 'PENDING' });
    expect([res.body.status, res.body.details.reason]).toEqual(['ABORT', 'Deployment not found.']);
    const plain = await server().rest('POST', '/flow_runs/', { flow_id: flow.body.id, state: { type: 'SCHEDULED' } });
    expect((await setState(server(), plain.body.id, { type: 'PENDING' })).body.status).toBe('ACCEPT');
  });

  it('keeps and renews the lease of a client that renews leases (3.4.11+), and cancels a run whose lease was lost to a full limit', async () => {
    const d = await deployment(server(), { concurrency_limit: 1, concurrency_options: { collision_strategy: 'ENQUEUE', grace_period_seconds: 120 } });
    const [a, b] = [await runOf(server(), d.id, d.flow_id), await runOf(server(), d.id, d.flow_id)];
    const pending = await setState(server(), a, { type: 'PENDING' }, false, NEW_CLIENT);
    const leaseId = pending.body.state.state_details.deployment_concurrency_lease_id;
    const lease = await server().db.concurrencyLease.findUniqueOrThrow({ where: { id: leaseId } });
    expect(lease.expiration.getTime() - Date.now()).toBeGreaterThan(100_000);
    expect((await setState(server(), a, { type: 'RUNNING' }, false, NEW_CLIENT)).body.status).toBe('ACCEPT');
    expect(await server().db.concurrencyLease.count({ where: { id: leaseId } })).toBe(1);
    expect((await setState(server(), a, { type: 'COMPLETED' }, false, NEW_CLIENT)).body.status).toBe('ACCEPT');
    expect(await server().db.concurrencyLease.count({ where: { id: leaseId } })).toBe(0);
    expect(await slots(server(), d.id)).toBe(0);

    // b's lease is reaped (slot given back) and another run takes the slot before b starts running
    const bPending = await setState(server(), b, { type: 'PENDING' }, false, NEW_CLIENT);
    const bLease = bPending.body.state.state_details.deployment_concurrency_lease_id;
    await server().db.concurrencyLease.update({ where: { id: bLease }, data: { expiration: new Date(Date.now() - 1000) } });
    const limit = (await server().rest('GET', `/v2/concurrency_limits/deployment:${d.id}`)).body;
    await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [limit.name], slots: 1, mode: 'concurrency' });
    await server().db.concurrencyLease.delete({ where: { id: bLease } });
    const c = await runOf(server(), d.id, d.flow_id);
    expect((await setState(server(), c, { type: 'PENDING' }, false, NEW_CLIENT)).body.status).toBe('ACCEPT');
    const lost = await setState(server(), b, { type: 'RUNNING' }, false, NEW_CLIENT);
    expect([lost.body.status, lost.body.details.reason]).toEqual(['REJECT', 'Deployment concurrency limit reached after lease expiry.']);
    expect(lost.body.state).toMatchObject({ type: 'CANCELLED', message: 'Deployment concurrency slot lost during provisioning - no slots available to continue execution' });
  });
});
