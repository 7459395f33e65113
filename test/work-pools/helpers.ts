// Shared helpers of the work-pool and work-queue tests.
import type { TestServer } from '../support/server.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let counter = 0;
/** A name no other test of the file uses. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export async function createPool(server: TestServer, body: Record<string, unknown>) {
  const res = await server.rest('POST', '/work_pools/', body);
  if (res.status !== 201) throw new Error(`pool create failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

export async function createQueue(server: TestServer, pool: string, body: Record<string, unknown>) {
  const res = await server.rest('POST', `/work_pools/${encodeURIComponent(pool)}/queues`, body);
  if (res.status !== 201) throw new Error(`queue create failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

/** The pool's queues as name → priority. */
export async function priorities(server: TestServer, pool: string): Promise<Record<string, number>> {
  const res = await server.rest('POST', `/work_pools/${encodeURIComponent(pool)}/queues/filter`, {});
  return Object.fromEntries((res.body as { name: string; priority: number }[]).map((q) => [q.name, q.priority]));
}

export async function createFlowRun(server: TestServer, body: Record<string, unknown> = {}) {
  const flow = await server.rest('POST', '/flows/', { name: unique('flow') });
  const res = await server.rest('POST', '/flow_runs/', { flow_id: flow.body.id, ...body });
  if (res.status !== 201) throw new Error(`run create failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

/**
 * A run in a queue with the given state columns, written past the API
 * (placement and orchestration are other resources' jobs; the queue routes
 * only read these columns).
 */
export async function runInQueue(
  server: TestServer,
  queueId: string | null,
  state: { type: string; name?: string; next?: Date; queueName?: string },
  extra: Record<string, unknown> = {},
) {
  const run = await createFlowRun(server, extra);
  const queue = queueId ? await server.db.workQueue.findUniqueOrThrow({ where: { id: queueId } }) : null;
  const name = state.name ?? state.type[0] + state.type.slice(1).toLowerCase();
  await server.db.flowRun.update({
    where: { id: run.id },
    data: {
      work_queue_id: queueId,
      work_queue_name: state.queueName ?? queue?.name ?? null,
      state_type: state.type,
      state_name: name,
      state_timestamp: new Date(),
      next_scheduled_start_time: state.next ?? null,
    },
  });
  return run;
}

/** Every event the server publishes from now on (call drain() before reading). */
export function captureEvents(server: TestServer) {
  const seen: any[] = [];
  const stop = server.events.subscribe(`work-pools-test-${++counter}`, (event) => {
    seen.push(event);
  });
  return {
    async named(prefix: string) {
      await server.events.drain();
      return seen.filter((e) => e.event.startsWith(prefix));
    },
    stop,
  };
}
