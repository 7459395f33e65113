// The repossessor (logs-variables-concurrency §4.6): expired leases give
// their slots back; leases live in the database, so a second server (replica
// or restart) sees them, and two repossessors never reap one lease twice.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../support/each-database.ts';
import { startServer } from '../support/server.ts';
import { createLimit, storedLimit, unique } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describeEachDatabase(
  'repossessor (short loop)',
  (server) => {
    it('reaps an expired lease: slots given back, lease deleted, occupancy averaged', async () => {
      const limit = await createLimit(server(), { name: unique('reap'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 2, lease_duration: 60 });
      const alive = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, lease_duration: 60 });
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(3);
      await server().db.concurrencyLease.update({ where: { id: body.lease_id }, data: { expiration: new Date(Date.now() - 1000), created: new Date(Date.now() - 40_000) } });
      await until(async () => (await server().db.concurrencyLease.count({ where: { id: body.lease_id } })) === 0);
      const row = await storedLimit(server(), limit.id);
      expect(row.active_slots).toBe(1);
      // occupancy ≈ 40 s over 2 slots = 20 s per slot: 2.0 + (20 − 2.0) / 6
      expect(row.avg_slot_occupancy_seconds).toBeGreaterThan(4.9);
      expect(row.avg_slot_occupancy_seconds).toBeLessThan(5.2);
      // The unexpired lease is kept, and renewing keeps it alive.
      expect((await server().rest('POST', `/v2/concurrency_limits/leases/${alive.body.lease_id}/renew`, { lease_duration: 60 })).status).toBe(204);
      expect(await server().db.concurrencyLease.count({ where: { id: alive.body.lease_id } })).toBe(1);
      // A reaped lease cannot be renewed any more.
      expect((await server().rest('POST', `/v2/concurrency_limits/leases/${body.lease_id}/renew`, {})).status).toBe(410);
    });

    it('leaves leases without metadata alone; reaps leases of deleted limits without error', async () => {
      const limit = await createLimit(server(), { name: unique('meta'), limit: 3, active_slots: 1 });
      const bare = await server().db.concurrencyLease.create({
        data: { id: randomUUID(), resource_ids: [limit.id], expiration: new Date(Date.now() - 1000), slots: null },
      });
      const gone = await createLimit(server(), { name: unique('gone'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [gone.name], slots: 1 });
      await server().rest('DELETE', `/v2/concurrency_limits/${gone.id}`);
      await server().db.concurrencyLease.update({ where: { id: body.lease_id }, data: { expiration: new Date(Date.now() - 1000) } });
      await until(async () => (await server().db.concurrencyLease.count({ where: { id: body.lease_id } })) === 0);
      expect(await server().db.concurrencyLease.count({ where: { id: bare.id } })).toBe(1);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(1);
      await server().db.concurrencyLease.delete({ where: { id: bare.id } });
    });

    it('a tag lease (100 years) is not reaped', async () => {
      const tag = unique('tag');
      await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 1 });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: '00000000-0000-4000-8000-000000000001' });
      await sleep(400);
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toHaveLength(1);
    });
  },
  { PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS: '0.1' },
);

describeEachDatabase(
  'repossessor across servers',
  (server, provider) => {
    it('is off when PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED=false', async () => {
      const limit = await createLimit(server(), { name: unique('off'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1 });
      await server().db.concurrencyLease.update({ where: { id: body.lease_id }, data: { expiration: new Date(Date.now() - 1000) } });
      await sleep(500);
      expect(await server().db.concurrencyLease.count({ where: { id: body.lease_id } })).toBe(1);
      await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: body.lease_id });
    });

    // Replicas share PostgreSQL; SQLite has one writer (and servers of one process
    // on one SQLite file stall each other's synchronous busy waits).
    it.skipIf(provider === 'sqlite')('two replicas reaping 250 expired leases together give back each slot once', async () => {
      const limit = await createLimit(server(), { name: unique('replicas'), limit: 500, active_slots: 400 });
      const expired = new Date(Date.now() - 1000);
      await server().db.concurrencyLease.createMany({
        data: Array.from({ length: 250 }, () => ({ id: randomUUID(), resource_ids: [limit.id], expiration: expired, slots: 1 })),
      });
      const env = { PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS: '0.05' };
      // Started one after the other: each applies migrations at start.
      const replicas = [await startServer(server().target, env), await startServer(server().target, env)];
      try {
        await until(async () => (await server().db.concurrencyLease.count({ where: { resource_ids: { equals: [limit.id] } } })) === 0, 30_000);
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(150);
    });

    it('leases outlive a server: another server on the same database releases them', async () => {
      const limit = await createLimit(server(), { name: unique('restart'), limit: 2 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 2 });
      const other = await startServer(server().target, { PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED: 'false' });
      try {
        expect((await other.rest('POST', `/v2/concurrency_limits/leases/${body.lease_id}/renew`, {})).status).toBe(204);
        expect((await other.rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: body.lease_id })).status).toBe(204);
      } finally {
        await other.close();
      }
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
    });
  },
  { PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED: 'false' },
);

describe('settings', () => {
  it('reads the concurrency settings with Prefect’s names and defaults', async () => {
    const { loadSettings } = await import('../../src/settings.ts');
    expect(loadSettings({}).concurrency).toEqual({ tagSlotWaitSeconds: 10, maxSlotWaitSeconds: 30, repossessor: { enabled: true, loopSeconds: 15 } });
    const set = loadSettings({
      PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS: '4',
      PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS: '12.5',
      PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED: 'false',
      PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS: '2',
    });
    expect(set.concurrency).toEqual({ tagSlotWaitSeconds: 4, maxSlotWaitSeconds: 12.5, repossessor: { enabled: false, loopSeconds: 2 } });
    expect(() => loadSettings({ PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS: '-1' })).toThrow(/at least 0/);
    expect(loadSettings({}).publicJson).toMatchObject({
      server: { tasks: { tag_concurrency_slot_wait_seconds: 10 }, services: { repossessor: { enabled: true, loop_seconds: 15 } } },
    });
  });
});
