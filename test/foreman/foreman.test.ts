// The foreman (deployments-and-work-pools §3.7): one pass with an explicit
// clock, observed through the API (worker filter, events) and the rows; the
// loop service itself with a short interval; off by its setting.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';
import { runForemanPass } from '../../src/services/foreman.ts';
import { publishCommitted } from '../../src/events/emitters/publish.ts';
import { createFlow, createPool, createQueue, heartbeat, unique } from '../workers/helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (s: number) => new Date(Date.now() + s * 1000);

describeEachDatabase(
  'foreman pass',
  (server) => {
    const events = useCollector(server);
    // As the service does: publish what the pass announces once it has committed.
    const pass = async (now: Date) => {
      const result = await runForemanPass(server().db, server().settings.foreman, now);
      publishCommitted(server().events, result.events);
      return result;
    };
    const workerStatus = async (pool: string, name: string) =>
      (await server().rest('POST', `/work_pools/${pool}/workers/filter`, {})).body.find((w: { name: string }) => w.name === name)?.status;

    it('workers go OFFLINE after interval × 3 without a heartbeat (fallback 30 s), not before', async () => {
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'ten', heartbeat_interval_seconds: 10 });
      await heartbeat(server(), pool.name, { name: 'fallback' });
      // The clock is relative to the stored heartbeats (the machine may be slow between the lines).
      const beats = await server().db.worker.findMany({ where: { work_pool_id: pool.id }, orderBy: { last_heartbeat_time: 'asc' } });
      const base = beats[beats.length - 1].last_heartbeat_time.getTime();
      const seconds = (s: number) => new Date(beats[0].last_heartbeat_time.getTime() + s * 1000);
      const laterSeconds = (s: number) => new Date(base + s * 1000);
      await pass(seconds(29));
      expect(await workerStatus(pool.name, 'ten')).toBe('ONLINE');
      await pass(seconds(31));
      expect(await workerStatus(pool.name, 'ten')).toBe('OFFLINE');
      expect(await workerStatus(pool.name, 'fallback')).toBe('ONLINE');
      await pass(laterSeconds(89));
      expect(await workerStatus(pool.name, 'fallback')).toBe('ONLINE');
      await pass(laterSeconds(91));
      expect(await workerStatus(pool.name, 'fallback')).toBe('OFFLINE');
      // A heartbeat brings it back.
      await heartbeat(server(), pool.name, { name: 'ten' });
      const gql = await server().gql('query($p: String!) { read_workers(work_pool_name: $p, workers: { status: { any_: [ONLINE] } }) { name status } }', { p: pool.name });
      expect(gql.data).toEqual({ read_workers: [{ name: 'ten', status: 'ONLINE' }] });
    });

    it('a READY pool whose workers went OFFLINE becomes NOT_READY with one event; PAUSED and NOT_READY pools are left alone', async () => {
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'w', heartbeat_interval_seconds: 50 });
      const paused = await createPool(server(), { status: 'PAUSED', is_paused: true });
      const stored = await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } });
      expect(stored.status).toBe('READY');
      // Still ONLINE at +10 s: the pool stays READY.
      const ofPool = <E extends { resource: Record<string, string> }>(list: E[]) => list.filter((e) => e.resource['prefect.resource.id'] === `prefect.work-pool.${pool.id}`);
      expect(ofPool(await events.emitted(() => pass(seconds(10)), 'prefect.work-pool'))).toEqual([]);
      const emitted = await events.emitted(() => pass(seconds(160)), 'prefect.work-pool');
      expect(emitted.filter((e) => e.resource['prefect.resource.id'] === `prefect.work-pool.${pool.id}`)).toEqual([
        expect.objectContaining({ event: 'prefect.work-pool.not-ready', follows: stored.last_status_event_id, related: [] }),
      ]);
      expect(emitted.some((e) => e.resource['prefect.resource.id'] === `prefect.work-pool.${paused.id}`)).toBe(false);
      const after = await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } });
      expect(after).toMatchObject({ status: 'NOT_READY', last_status_event_id: ofPool(emitted)[0].id });
      expect((await server().db.workPool.findUniqueOrThrow({ where: { id: paused.id } })).status).toBe('PAUSED');
      // A second pass (or a second replica) changes and announces nothing.
      expect((await events.emitted(() => pass(seconds(160)), 'prefect.work-pool')).filter((e) => e.resource['prefect.resource.id'].endsWith(pool.id))).toEqual([]);
      // The next heartbeat makes it READY again.
      await heartbeat(server(), pool.name, { name: 'w' });
      expect((await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } })).status).toBe('READY');
    });

    it('two passes at once mark each pool once', async () => {
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'w', heartbeat_interval_seconds: 1 });
      const emitted = await events.emitted(() => Promise.all([pass(seconds(10)), pass(seconds(10))]), 'prefect.work-pool');
      expect(emitted.filter((e) => e.resource['prefect.resource.id'] === `prefect.work-pool.${pool.id}`)).toHaveLength(1);
    });

    it('READY queues not polled for 60 s become NOT_READY with prefect.work-queue.not-ready; recent, unpolled and PAUSED ones stay', async () => {
      const pool = await createPool(server());
      const now = new Date();
      const old = await createQueue(server(), pool.id, { name: 'old', status: 'READY', last_polled: new Date(now.getTime() - 61_000) });
      const fresh = await createQueue(server(), pool.id, { name: 'fresh', status: 'READY', last_polled: new Date(now.getTime() - 59_000) });
      const never = await createQueue(server(), pool.id, { name: 'never', status: 'READY', last_polled: null });
      const paused = await createQueue(server(), pool.id, { name: 'paused', status: 'PAUSED', last_polled: new Date(now.getTime() - 600_000) });
      const emitted = await events.emitted(() => pass(now), 'prefect.work-queue');
      const mine = emitted.filter((e) => e.related[0]?.['prefect.resource.id'] === `prefect.work-pool.${pool.id}`);
      expect(mine).toEqual([
        expect.objectContaining({
          event: 'prefect.work-queue.not-ready',
          resource: { 'prefect.resource.id': `prefect.work-queue.${old.id}`, 'prefect.resource.name': 'old', 'prefect.resource.role': 'work-queue' },
          related: [
            {
              'prefect.resource.id': `prefect.work-pool.${pool.id}`,
              'prefect.resource.name': pool.name,
              'prefect.work-pool.type': 'process',
              'prefect.resource.role': 'work-pool',
            },
          ],
        }),
      ]);
      const statuses = Object.fromEntries((await server().db.workQueue.findMany({ where: { work_pool_id: pool.id } })).map((q) => [q.name, q.status]));
      expect(statuses).toMatchObject({ old: 'NOT_READY', fresh: 'READY', never: 'READY', paused: 'PAUSED' });
      expect([fresh.id, never.id, paused.id]).toHaveLength(3);
    });

    it('READY deployments not polled for 60 s become NOT_READY unless their queue was polled since; updated is kept', async () => {
      const flow = await createFlow(server());
      const pool = await createPool(server());
      const now = new Date();
      const ago = (s: number) => new Date(now.getTime() - s * 1000);
      const recentQueue = await createQueue(server(), pool.id, { name: unique('recent'), last_polled: ago(10) });
      const staleQueue = await createQueue(server(), pool.id, { name: unique('stale'), last_polled: ago(120) });
      const unpolledQueue = await createQueue(server(), pool.id, { name: unique('unpolled'), last_polled: null });
      const updated = new Date('2024-01-01T00:00:00Z');
      const make = (name: string, data: Record<string, unknown>) =>
        server().db.deployment.create({ data: { id: randomUUID(), name, flow_id: flow.id, status: 'READY', updated, ...data } });
      const noQueue = await make('no-queue', { last_polled: ago(61) });
      const viaRecent = await make('via-recent', { last_polled: ago(61), work_queue_id: recentQueue.id });
      const viaStale = await make('via-stale', { last_polled: ago(61), work_queue_id: staleQueue.id });
      const viaUnpolled = await make('via-unpolled', { last_polled: ago(61), work_queue_id: unpolledQueue.id });
      const recentDeployment = await make('recent', { last_polled: ago(30) });
      const neverPolled = await make('never', { last_polled: null });
      const emitted = await events.emitted(() => pass(now), 'prefect.deployment');
      const mine = emitted.filter((e) => e.related[0]?.['prefect.resource.id'] === `prefect.flow.${flow.id}`);
      expect(mine.map((e) => e.resource['prefect.resource.name']).sort()).toEqual(['no-queue', 'via-stale', 'via-unpolled']);
      expect(mine.every((e) => e.event === 'prefect.deployment.not-ready')).toBe(true);
      const stale = mine.find((e) => e.resource['prefect.resource.name'] === 'via-stale')!;
      expect(stale.related.map((r) => r['prefect.resource.role'])).toEqual(['flow', 'work-queue', 'work-pool']);
      const rows = await server().db.deployment.findMany({ where: { flow_id: flow.id } });
      const status = Object.fromEntries(rows.map((d) => [d.id, d.status]));
      expect(status).toEqual({
        [noQueue.id]: 'NOT_READY',
        [viaRecent.id]: 'READY',
        [viaStale.id]: 'NOT_READY',
        [viaUnpolled.id]: 'NOT_READY',
        [recentDeployment.id]: 'READY',
        [neverPolled.id]: 'READY',
      });
      expect(rows.every((d) => d.updated.getTime() === updated.getTime())).toBe(true);
      // Idempotent: nothing more to announce.
      expect((await events.emitted(() => pass(now), 'prefect.deployment')).filter((e) => e.related[0]?.['prefect.resource.id'] === `prefect.flow.${flow.id}`)).toEqual([]);
    });
  },
  { PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: 'false' },
);

describeEachDatabase(
  'foreman service (short loop)',
  (server) => {
    const seen: string[] = [];
    beforeAll(() => server().events.subscribe('foreman-service-test', (event) => void seen.push(`${event.event} ${event.resource['prefect.resource.id']}`)));

    it('runs by itself: a stale worker goes OFFLINE and its pool NOT_READY, announced on the bus', async () => {
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'w', heartbeat_interval_seconds: 1 });
      await server().db.worker.updateMany({ where: { work_pool_id: pool.id }, data: { last_heartbeat_time: new Date(Date.now() - 10_000) } });
      for (let i = 0; i < 100 && (await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } })).status !== 'NOT_READY'; i++) await sleep(50);
      expect((await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } })).status).toBe('NOT_READY');
      expect((await server().rest('POST', `/work_pools/${pool.name}/workers/filter`, {})).body[0].status).toBe('OFFLINE');
      await server().events.drain();
      expect(seen).toContain(`prefect.work-pool.not-ready prefect.work-pool.${pool.id}`);
    });
  },
  { PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: 'true', PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS: '0.1' },
);

describeEachDatabase(
  'foreman off',
  (server) => {
    it('PREFECT_SERVER_SERVICES_FOREMAN_ENABLED=false leaves stale workers ONLINE', async () => {
      expect(server().settings.foreman).toMatchObject({
        enabled: false,
        loopSeconds: 0.1,
        inactivityHeartbeatMultiple: 3,
        fallbackHeartbeatIntervalSeconds: 30,
        deploymentLastPolledTimeoutSeconds: 60,
        workQueueLastPolledTimeoutSeconds: 60,
      });
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'w', heartbeat_interval_seconds: 1 });
      await server().db.worker.updateMany({ where: { work_pool_id: pool.id }, data: { last_heartbeat_time: new Date(Date.now() - 10_000) } });
      await sleep(400);
      expect((await server().db.worker.findFirstOrThrow({ where: { work_pool_id: pool.id } })).status).toBe('ONLINE');
    });
  },
  { PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: 'false', PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS: '0.1' },
);

describe('foreman settings', () => {
  it('reads Prefect’s names and the legacy aliases', async () => {
    const { loadSettings } = await import('../../src/settings.ts');
    const settings = loadSettings({
      PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE: '5',
      PREFECT_API_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS: '7',
      PREFECT_SERVER_SERVICES_FOREMAN_DEPLOYMENT_LAST_POLLED_TIMEOUT_SECONDS: '8',
      PREFECT_API_SERVICES_FOREMAN_WORK_QUEUE_LAST_POLLED_TIMEOUT_SECONDS: '9',
      PREFECT_API_SERVICES_FOREMAN_LOOP_SECONDS: '2.5',
    });
    expect(settings.foreman).toEqual({
      enabled: true,
      loopSeconds: 2.5,
      inactivityHeartbeatMultiple: 5,
      fallbackHeartbeatIntervalSeconds: 7,
      deploymentLastPolledTimeoutSeconds: 8,
      workQueueLastPolledTimeoutSeconds: 9,
    });
    expect(loadSettings({}).foreman).toEqual({
      enabled: true,
      loopSeconds: 15,
      inactivityHeartbeatMultiple: 3,
      fallbackHeartbeatIntervalSeconds: 30,
      deploymentLastPolledTimeoutSeconds: 60,
      workQueueLastPolledTimeoutSeconds: 60,
    });
    expect(loadSettings({ PREFECT_API_SERVICES_FOREMAN_ENABLED: 'false' }).foreman.enabled).toBe(false);
  });
});
