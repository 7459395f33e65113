// Shared helpers of the concurrency-limit tests.
import type { TestServer } from '../support/server.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const PREFECT_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

let counter = 0;
/** A name no other test of the file uses. */
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export async function createLimit(server: TestServer, body: Record<string, unknown>) {
  const res = await server.rest('POST', '/v2/concurrency_limits/', body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string; limit: number; active_slots: number; denied_slots: number; updated: string };
}

/** The stored row, read past the API. */
export const storedLimit = (server: TestServer, id: string) => server.db.concurrencyLimitV2.findUniqueOrThrow({ where: { id } });

/** Moves the decay clock: `updated` set `seconds` into the past. */
export const ageLimit = (server: TestServer, id: string, seconds: number) =>
  server.db.concurrencyLimitV2.update({ where: { id }, data: { updated: new Date(Date.now() - seconds * 1000) } });

export async function createTaskRun(server: TestServer, tags: string[]) {
  const res = await server.rest('POST', '/task_runs/', { task_key: unique('task'), dynamic_key: '0', tags });
  if (res.status !== 201) throw new Error(`task run create failed: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

export const setTaskState = (server: TestServer, id: string, type: string, extra: Record<string, unknown> = {}) =>
  server.rest('POST', `/task_runs/${id}/set_state`, { state: { type }, ...extra });
