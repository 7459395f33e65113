// Shared helpers of the log tests.
import { randomUUID } from 'node:crypto';
import type { TestServer } from '../support/server.ts';

export interface LogInput {
  name?: string;
  level?: number;
  message?: string;
  timestamp?: string;
  flow_run_id?: string | null;
  task_run_id?: string | null;
}

export const newId = () => randomUUID();

export function log(overrides: LogInput = {}): Required<LogInput> {
  return { name: 'prefect.flow_runs', level: 20, message: 'hello', timestamp: '2024-01-02T03:04:05Z', flow_run_id: null, task_run_id: null, ...overrides };
}

export async function postLogs(server: TestServer, logs: unknown[]): Promise<void> {
  const res = await server.rest('POST', '/logs/', logs);
  if (res.status !== 201) throw new Error(`POST /logs/ answered ${res.status}: ${res.text}`);
}

export async function readLogs(server: TestServer, body: unknown): Promise<any[]> {
  const res = await server.rest('POST', '/logs/filter', body);
  if (res.status !== 200) throw new Error(`POST /logs/filter answered ${res.status}: ${res.text}`);
  return res.body;
}

export async function createFlowRun(server: TestServer, name?: string): Promise<string> {
  const flowId = (await server.rest('POST', '/flows/', { name: 'logs-flow' })).body.id;
  const run = await server.rest('POST', '/flow_runs/', { flow_id: flowId, ...(name ? { name } : {}) });
  if (run.status !== 201) throw new Error(`POST /flow_runs/ answered ${run.status}: ${run.text}`);
  return run.body.id;
}
