// Drives one target with autocannon from the bench process (the targets are
// separate processes) and samples the target's memory meanwhile.
import autocannon from 'autocannon';
import { fillPath } from './requests.ts';
import { watchRss } from './processes.ts';
import type { HttpRequest, Sequence } from './scenarios.ts';

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  meanMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  rssMaxMb: number;
}

export interface LoadOptions {
  base: string;
  pid: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

const headers = { 'content-type': 'application/json' };

function cannonRequests(load: HttpRequest | Sequence): autocannon.Request[] {
  if (!('steps' in load)) return [{ method: load.method, path: load.path, body: load.body, headers }];
  return load.steps.map((step, i) => ({
    method: step.method,
    path: step.path,
    body: step.body,
    headers,
    // The first step's answer carries the id the later steps' paths use.
    ...(i === 0 ? { onResponse: (_status: number, body: string, context: Record<string, unknown>) => void (context.id = safeId(body)) } : {}),
    ...(step.path.includes('{{id}}') ? { setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => ({ ...req, path: fillPath(step.path, context as { id?: string }) }) } : {}),
  }));
}

function safeId(body: string): string | undefined {
  try {
    return JSON.parse(body).id;
  } catch {
    return undefined;
  }
}

export async function drive(load: HttpRequest | Sequence, options: LoadOptions): Promise<Measure> {
  const stopRss = watchRss(options.pid);
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: cannonRequests(load),
    ...(options.warmupSeconds > 0 ? { warmup: { connections: options.connections, duration: options.warmupSeconds } } : {}),
  } as autocannon.Options);
  const rssMaxMb = stopRss();
  return {
    rps: round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanMs: round(result.latency.average),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rssMaxMb: round(rssMaxMb),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
