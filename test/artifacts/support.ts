// Helpers of the artifact tests: create through REST, read through both doors.
import { expect } from 'vitest';
import type { TestServer } from '../support/server.ts';

export const MISSING = '00000000-0000-4000-8000-000000000000';

export async function create(server: TestServer, body: Record<string, unknown>): Promise<any> {
  const res = await server.rest('POST', '/artifacts/', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function post(server: TestServer, path: string, body: unknown = {}): Promise<any> {
  const res = await server.rest('POST', path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function gql(server: TestServer, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await server.gql<any, any>(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

export async function flowRun(server: TestServer, name = 'f'): Promise<{ id: string; flow_id: string }> {
  const flow = (await server.rest('POST', '/flows/', { name })).body;
  const run = (await server.rest('POST', '/flow_runs/', { flow_id: flow.id })).body;
  return { id: run.id, flow_id: flow.id };
}

export async function taskRun(server: TestServer, flowRunId: string | null, key = 't'): Promise<{ id: string }> {
  const res = await server.rest('POST', '/task_runs/', { flow_run_id: flowRunId, task_key: key, dynamic_key: String(Math.random()) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A key no other test uses. */
export const uniqueKey = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
