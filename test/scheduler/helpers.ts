import { expect } from 'vitest';
import type { TestServer } from '../support/server.ts';

/** A flow and a deployment with the given schedules, through the REST API. */
export async function deployment(server: TestServer, body: Record<string, unknown> = {}): Promise<{ id: string; flow_id: string; schedules: { id: string }[] }> {
  const flow = await server.rest('POST', '/flows/', { name: `flow-${Math.random().toString(36).slice(2)}` });
  expect(flow.status, flow.text).toBeLessThan(300);
  const res = await server.rest('POST', '/deployments/', { name: `dep-${Math.random().toString(36).slice(2)}`, flow_id: flow.body.id, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The deployment's flow runs, soonest first. */
export async function runsOf(server: TestServer, deploymentId: string): Promise<any[]> {
  const res = await server.rest('POST', '/flow_runs/filter', { flow_runs: { deployment_id: { any_: [deploymentId] } }, sort: 'EXPECTED_START_TIME_ASC' });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

export const schedule = (s: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ schedule: s, ...extra });
