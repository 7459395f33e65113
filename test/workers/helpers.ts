// Fixtures of the worker, foreman and relation tests: pools and queues written
// straight to the tables (their own routes are tested in test/work-pools/), so
// these tests depend only on the rows, as the workers and the foreman do.
import { randomUUID } from 'node:crypto';
import type { TestServer } from '../support/server.ts';

let counter = 0;
/** A name no other test of the file uses. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export interface PoolFixture {
  id: string;
  name: string;
  type: string;
  default_queue_id: string;
}

/** A pool with its `default` queue (priority 1), as create_work_pool leaves it. */
export async function createPool(server: TestServer, options: { name?: string; type?: string; status?: string; is_paused?: boolean } = {}): Promise<PoolFixture> {
  const name = options.name ?? unique('pool');
  const type = options.type ?? 'process';
  const pool = await server.db.workPool.create({ data: { id: randomUUID(), name, type, status: options.status ?? 'NOT_READY', is_paused: options.is_paused ?? false } });
  const queue = await createQueue(server, pool.id, { name: 'default', priority: 1 });
  await server.db.workPool.update({ where: { id: pool.id }, data: { default_queue_id: queue.id } });
  return { id: pool.id, name, type, default_queue_id: queue.id };
}

export async function createQueue(server: TestServer, poolId: string, options: { name?: string; priority?: number; status?: string; last_polled?: Date | null } = {}) {
  return server.db.workQueue.create({
    data: {
      id: randomUUID(),
      name: options.name ?? unique('queue'),
      priority: options.priority ?? 2,
      work_pool_id: poolId,
      status: options.status ?? 'NOT_READY',
      last_polled: options.last_polled ?? null,
    },
  });
}

export async function createFlow(server: TestServer, name = unique('flow')): Promise<{ id: string; name: string }> {
  const res = await server.rest('POST', '/flows/', { name });
  if (res.status !== 201) throw new Error(`flow create failed: ${res.status} ${res.text}`);
  return res.body;
}

export const heartbeat = (server: TestServer, pool: string, body: Record<string, unknown>) =>
  server.rest('POST', `/work_pools/${encodeURIComponent(pool)}/workers/heartbeat`, body);
