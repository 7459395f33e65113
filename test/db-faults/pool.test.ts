// Pool exhaustion: requests wait for a connection (bounded by Prefect's
// PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT) instead of failing.
import { expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.ts';
import { DatabaseLayerError, toApiError } from '../../src/errors.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { describeEachClient } from './clients.ts';

describeEachDatabase('300 concurrent writes', (server) => {
  it('all succeed: flows, then flow runs (each run a transaction)', { timeout: 120_000 }, async () => {
    const flows = await Promise.all(Array.from({ length: 300 }, (_, i) => server().rest('POST', '/flows/', { name: `burst-${i}` })));
    expect(flows.filter((a) => a.status !== 201).map((a) => [a.status, a.body])).toEqual([]);
    const flowId = flows[0].body.id;
    const runs = await Promise.all(Array.from({ length: 300 }, (_, i) => server().rest('POST', '/flow_runs/', { flow_id: flowId, name: `run-${i}`, tags: ['burst'] })));
    expect(runs.filter((a) => a.status !== 201).map((a) => [a.status, a.body])).toEqual([]);
    expect((await server().rest('POST', '/flow_runs/count', {})).body).toBe(300);
  });
});

describeEachClient(
  'a pool of two connections',
  (db) => {
    it('queues 100 concurrent transactions on 2 connections and serves them all', { timeout: 60_000 }, async () => {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          db().$transaction(async (tx) => {
            const flow = await tx.flow.create({ data: { name: `queued-${i}` } });
            await tx.flow.update({ where: { id: flow.id }, data: { tags: ['queued'] } });
          }),
        ),
      );
      expect(await db().flow.count({ where: { name: { startsWith: 'queued-' } } })).toBe(100);
    });
  },
  { pool: { size: 1, maxOverflow: 1, timeout: 30, recycle: 3600 } },
  ['postgresql'],
);

describeEachClient(
  'a pool whose one connection is held',
  (db) => {
    it('answers 503 once POOL_TIMEOUT has passed, and serves again when the connection is free', { timeout: 30_000 }, async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = db().$transaction(
        async (tx) => {
          await tx.flow.count();
          await held;
        },
        { timeout: 20_000 },
      );
      // Give the transaction time to take the only connection.
      await new Promise((resolve) => setTimeout(resolve, 300));
      let failure: unknown;
      try {
        await db().flow.count();
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(DatabaseLayerError);
      const api = toApiError(failure);
      expect(api.status).toBe(503);
      expect(api.body).toEqual({ exception_message: 'Service Unavailable' });
      expect(api.message).toContain('POOL_TIMEOUT');
      release();
      await holding;
      expect(await db().flow.count()).toBe(0);
    });
  },
  { pool: { size: 1, maxOverflow: 0, timeout: 0.5, recycle: 3600 } },
  ['postgresql'],
);

it('reads Prefect’s pool settings, with Prefect’s defaults', () => {
  expect(loadSettings({}).database.pool).toEqual({ size: 5, maxOverflow: 10, timeout: 30, recycle: 3600 });
  const custom = loadSettings({
    PREFECT_SQLALCHEMY_POOL_SIZE: '2',
    PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW: '3',
    PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT: '1.5',
    PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_RECYCLE: '60',
  });
  expect(custom.database.pool).toEqual({ size: 2, maxOverflow: 3, timeout: 1.5, recycle: 60 });
  expect(custom.publicJson).toMatchObject({ server: { database: { sqlalchemy: { pool_size: 2, max_overflow: 3, pool_timeout: 1.5, pool_recycle: 60 } } } });
  expect(() => loadSettings({ PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE: '0' })).toThrow(/POOL_SIZE must be at least 1/);
});
