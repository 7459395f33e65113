// Worker routes (deployments-and-work-pools §4.4): heartbeat upsert, the
// pool's NOT_READY → READY transition and its event, filter, delete; through
// REST and GraphQL on both databases.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';
import { createPool, heartbeat, unique } from './helpers.ts';

const WORKER_KEYS = ['id', 'created', 'updated', 'name', 'work_pool_id', 'last_heartbeat_time', 'heartbeat_interval_seconds', 'status'];

describeEachDatabase('workers', (server) => {
  const events = useCollector(server);

  describe('heartbeat', () => {
    it('inserts the worker ONLINE (204, no body), then refreshes the same row', async () => {
      const pool = await createPool(server());
      const first = await heartbeat(server(), pool.name, { name: 'w1', heartbeat_interval_seconds: 20 });
      expect(first.status).toBe(204);
      expect(first.text).toBe('');
      const [row] = await server().db.worker.findMany({ where: { work_pool_id: pool.id } });
      expect(row).toMatchObject({ name: 'w1', status: 'ONLINE', heartbeat_interval_seconds: 20 });
      await server().db.worker.update({ where: { id: row.id }, data: { status: 'OFFLINE', last_heartbeat_time: new Date('2020-01-01T00:00:00Z') } });
      // Without an interval the stored one stays; explicit null too.
      expect((await heartbeat(server(), pool.name, { name: 'w1' })).status).toBe(204);
      expect((await heartbeat(server(), pool.name, { name: 'w1', heartbeat_interval_seconds: null })).status).toBe(204);
      const rows = await server().db.worker.findMany({ where: { work_pool_id: pool.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: row.id, status: 'ONLINE', heartbeat_interval_seconds: 20 });
      expect(rows[0].last_heartbeat_time.getTime()).toBeGreaterThan(Date.now() - 60_000);
      await heartbeat(server(), pool.name, { name: 'w1', heartbeat_interval_seconds: 5 });
      expect((await server().db.worker.findUniqueOrThrow({ where: { id: row.id } })).heartbeat_interval_seconds).toBe(5);
    });

    it('concurrent first heartbeats of one worker make one row', async () => {
      const pool = await createPool(server());
      const answers = await Promise.all(Array.from({ length: 8 }, () => heartbeat(server(), pool.name, { name: 'racer' })));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(204));
      expect(await server().db.worker.count({ where: { work_pool_id: pool.id } })).toBe(1);
    });

    it('makes a NOT_READY pool READY with one prefect.work-pool.ready event', async () => {
      const pool = await createPool(server());
      const emitted = await events.emitted(() => Promise.all([heartbeat(server(), pool.name, { name: 'a' }), heartbeat(server(), pool.name, { name: 'b' })]), 'prefect.work-pool');
      expect(emitted).toHaveLength(1);
      expect(emitted[0]).toMatchObject({
        event: 'prefect.work-pool.ready',
        resource: { 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': pool.name, 'prefect.work-pool.type': 'process' },
        related: [],
        follows: null,
      });
      const stored = await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } });
      expect(stored).toMatchObject({ status: 'READY', last_status_event_id: emitted[0].id });
      // Already READY: no second event.
      expect(await events.emitted(() => heartbeat(server(), pool.name, { name: 'a' }), 'prefect.work-pool')).toEqual([]);
    });

    it('follows the previous status event when it came less than 10 minutes ago', async () => {
      const pool = await createPool(server());
      const previous = '0190aaaa-0000-7000-8000-000000000001';
      await server().db.workPool.update({ where: { id: pool.id }, data: { last_status_event_id: previous, last_transitioned_status_at: new Date(Date.now() - 60_000) } });
      const [event] = await events.emitted(() => heartbeat(server(), pool.name, { name: 'a' }), 'prefect.work-pool');
      expect(event.follows).toBe(previous);
      const old = await createPool(server());
      await server().db.workPool.update({ where: { id: old.id }, data: { last_status_event_id: previous, last_transitioned_status_at: new Date(Date.now() - 11 * 60_000) } });
      const [late] = await events.emitted(() => heartbeat(server(), old.name, { name: 'a' }), 'prefect.work-pool');
      expect(late.follows).toBeNull();
    });

    it('leaves a PAUSED pool PAUSED', async () => {
      const pool = await createPool(server(), { status: 'PAUSED', is_paused: true });
      expect(await events.emitted(() => heartbeat(server(), pool.name, { name: 'a' }), 'prefect.work-pool')).toEqual([]);
      expect((await server().db.workPool.findUniqueOrThrow({ where: { id: pool.id } })).status).toBe('PAUSED');
    });

    it('404 for an unknown pool; 422 without a name', async () => {
      const missing = await heartbeat(server(), 'no-such-pool', { name: 'w' });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ detail: 'Work pool "no-such-pool" not found.' });
      const pool = await createPool(server());
      const noName = await heartbeat(server(), pool.name, { heartbeat_interval_seconds: 3 });
      expect(noName.status).toBe(422);
      expect(noName.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
      expect(await server().db.worker.count({ where: { work_pool_id: pool.id } })).toBe(0);
    });

    it('GraphQL: worker_heartbeat answers true, and the pool error as NOT_FOUND', async () => {
      const pool = await createPool(server());
      const ok = await server().gql('mutation($p: String!) { worker_heartbeat(work_pool_name: $p, name: "g", heartbeat_interval_seconds: 7) }', { p: pool.name });
      expect(ok).toEqual({ data: { worker_heartbeat: true } });
      const missing = await server().gql('mutation { worker_heartbeat(work_pool_name: "nope-gql", name: "g") }');
      expect(missing.errors?.[0]).toMatchObject({ message: 'Work pool "nope-gql" not found.', extensions: { code: 'NOT_FOUND', status: 404 } });
    });
  });

  describe('filter', () => {
    it('lists the pool’s workers, latest heartbeat first, with Prefect’s keys', async () => {
      const pool = await createPool(server());
      const other = await createPool(server());
      for (const name of ['old', 'mid', 'new']) await heartbeat(server(), pool.name, { name });
      await heartbeat(server(), other.name, { name: 'elsewhere' });
      const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
      await server().db.worker.updateMany({ where: { work_pool_id: pool.id, name: 'old' }, data: { last_heartbeat_time: at(1), status: 'OFFLINE' } });
      await server().db.worker.updateMany({ where: { work_pool_id: pool.id, name: 'mid' }, data: { last_heartbeat_time: at(2) } });
      const res = await server().rest('POST', `/work_pools/${pool.name}/workers/filter`, {});
      expect(res.status).toBe(200);
      expect(res.body.map((w: { name: string }) => w.name)).toEqual(['new', 'mid', 'old']);
      expect(Object.keys(res.body[0])).toEqual(WORKER_KEYS);
      expect(res.body[2]).toMatchObject({ work_pool_id: pool.id, status: 'OFFLINE', heartbeat_interval_seconds: null, last_heartbeat_time: '2024-01-01T00:00:01Z' });

      const names = async (body: unknown) => (await server().rest('POST', `/work_pools/${pool.name}/workers/filter`, body)).body.map((w: { name: string }) => w.name);
      expect(await names({ workers: { status: { any_: ['OFFLINE'] } } })).toEqual(['old']);
      expect(await names({ workers: { status: { not_any_: ['OFFLINE'] } } })).toEqual(['new', 'mid']);
      expect(await names({ workers: { status: { not_any_: [] } } })).toEqual(['new', 'mid', 'old']);
      expect(await names({ workers: { last_heartbeat_time: { before_: at(2).toISOString() } } })).toEqual(['mid', 'old']);
      expect(await names({ workers: { last_heartbeat_time: { after_: at(2).toISOString() } } })).toEqual(['new', 'mid']);
      expect(await names({ workers: { operator: 'or_', status: { any_: ['OFFLINE'] }, last_heartbeat_time: { after_: '2030-01-01T00:00:00Z' } } })).toEqual(['old']);
      expect(await names({ workers: { status: { any_: ['OFFLINE'] }, last_heartbeat_time: { after_: '2030-01-01T00:00:00Z' } } })).toEqual([]);
      expect(await names({ limit: 1, offset: 1 })).toEqual(['mid']);
    });

    it('refuses unknown keys, bad statuses and limits; 404 for an unknown pool', async () => {
      const pool = await createPool(server());
      const post = (body: unknown, name = pool.name) => server().rest('POST', `/work_pools/${name}/workers/filter`, body);
      expect((await post({ workers: { pool_id: {} } })).status).toBe(422);
      expect((await post({ workers: { status: { any_: ['BUSY'] } } })).status).toBe(422);
      expect((await post({ limit: 201 })).body).toEqual({ detail: 'Invalid limit: must be less than or equal to 200.' });
      expect((await post({}, 'missing-pool')).body).toEqual({ detail: 'Work pool "missing-pool" not found.' });
    });

    it('GraphQL read_workers with the same filter', async () => {
      const pool = await createPool(server());
      await heartbeat(server(), pool.name, { name: 'g1', heartbeat_interval_seconds: 9 });
      const res = await server().gql(
        'query($p: String!) { read_workers(work_pool_name: $p, workers: { status: { any_: [ONLINE] } }) { name status heartbeat_interval_seconds work_pool_id } }',
        { p: pool.name },
      );
      expect(res.data).toEqual({ read_workers: [{ name: 'g1', status: 'ONLINE', heartbeat_interval_seconds: 9, work_pool_id: pool.id }] });
    });
  });

  describe('delete', () => {
    it('deletes by pool and name (204), then 404 Worker not found.', async () => {
      const pool = await createPool(server());
      const other = await createPool(server());
      const name = unique('w');
      await heartbeat(server(), pool.name, { name });
      await heartbeat(server(), other.name, { name });
      const res = await server().rest('DELETE', `/work_pools/${pool.name}/workers/${name}`);
      expect(res.status).toBe(204);
      expect(await server().db.worker.count({ where: { name } })).toBe(1);
      expect((await server().rest('DELETE', `/work_pools/${pool.name}/workers/${name}`)).body).toEqual({ detail: 'Worker not found.' });
      expect((await server().rest('DELETE', `/work_pools/nope/workers/${name}`)).body).toEqual({ detail: 'Work pool "nope" not found.' });
      const gql = await server().gql('mutation($p: String!, $n: String!) { delete_worker(work_pool_name: $p, name: $n) }', { p: other.name, n: name });
      expect(gql).toEqual({ data: { delete_worker: true } });
    });
  });
});

describeEachDatabase('workers with the pool routes', (server) => {
  it('a pool made by POST /work_pools/ turns READY on the first heartbeat and shows it; PATCH is_paused false keeps READY while a worker is ONLINE', async () => {
    const name = unique('rest-pool');
    const created = await server().rest('POST', '/work_pools/', { name, type: 'process' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('NOT_READY');
    expect((await heartbeat(server(), name, { name: 'w' })).status).toBe(204);
    expect((await server().rest('GET', `/work_pools/${name}`)).body.status).toBe('READY');
    expect((await server().rest('PATCH', `/work_pools/${name}`, { is_paused: true })).status).toBe(204);
    expect((await heartbeat(server(), name, { name: 'w' })).status).toBe(204);
    expect((await server().rest('GET', `/work_pools/${name}`)).body.status).toBe('PAUSED');
    await server().rest('PATCH', `/work_pools/${name}`, { is_paused: false });
    expect((await server().rest('GET', `/work_pools/${name}`)).body.status).toBe('READY');
    const gql = await server().gql<any, any>('query($n: String!) { read_work_pool(name: $n) { status workers(limit: 5) { name status } } }', { n: name });
    expect(gql.data).toEqual({ read_work_pool: { status: 'READY', workers: [{ name: 'w', status: 'ONLINE' }] } });
    // Deleting the pool deletes its workers.
    expect((await server().rest('DELETE', `/work_pools/${name}`)).status).toBe(204);
    expect(await server().db.worker.count({ where: { name: 'w', work_pool: { name } } })).toBe(0);
  });
});
