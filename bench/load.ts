// Drives one target with autocannon from the bench process (the targets are
// separate processes) and samples the target's memory meanwhile.
import autocannon from 'autocannon';
import { fillPath } from './requests.ts';
import { cpuTicks, watchRss } from './processes.ts';
import type { HttpRequest, Sequence } from './scenarios.ts';

export interface Measure {
  rps: number;
  /** null: no request completed within the measure. */
  p50: number | null;
  p99: number | null;
  meanMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  rssMaxMb: number;
  /**
   * CPU time (user + system) of the loaded process per request, in ms: what
   * a request costs that process, much less sensitive than req/s to what else
   * runs on the machine. Warm-up requests are estimated at the measured rate.
   * Absent in older files.
   */
  cpuMsPerRequest?: number;
}

export interface LoadOptions {
  base: string;
  pid: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

const headers = { 'content-type': 'application/json' };
type Context = { id?: string };

function cannonRequests(load: HttpRequest | Sequence): autocannon.Request[] {
  if (!('steps' in load)) return [{ method: load.method, path: load.path, body: load.body, headers }];
  return load.steps.map((step, i) => {
    const request: autocannon.Request = { method: step.method, path: step.path, body: step.body, headers };
    // The first step's answer carries the id the later steps' paths use.
    if (i === 0) request.onResponse = (_status, body, context) => void ((context as Context).id = safeId(body));
    if (step.path.includes('{{id}}')) request.setupRequest = (req, context) => ({ ...req, path: fillPath(step.path, context as Context) });
    return request;
  });
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
  const ticksBefore = cpuTicks(options.pid);
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: cannonRequests(load),
    ...(options.warmupSeconds > 0 ? { warmup: { connections: options.connections, duration: options.warmupSeconds } } : {}),
  } as autocannon.Options);
  const rssMaxMb = stopRss();
  const served = result.requests.total + result.requests.average * options.warmupSeconds;
  const cpuMs = (cpuTicks(options.pid) - ticksBefore) * 10; // 100 ticks per second
  return {
    rps: round(result.requests.average),
    p50: result.requests.total > 0 ? result.latency.p50 : null,
    p99: result.requests.total > 0 ? result.latency.p99 : null,
    meanMs: round(result.latency.average),
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rssMaxMb: round(rssMaxMb),
    ...(served > 0 ? { cpuMsPerRequest: round(cpuMs / served) } : {}),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? median(known) : null;
}

/** Rounds of one target as one figure: mean throughput, median latencies, totals, the highest RSS. */
export function combine(rounds: Measure[]): Measure & { rounds: Pick<Measure, 'rps' | 'p50' | 'p99'>[] } {
  return {
    rps: round(rounds.reduce((sum, m) => sum + m.rps, 0) / rounds.length),
    p50: medianOrNull(rounds.map((m) => m.p50)),
    p99: medianOrNull(rounds.map((m) => m.p99)),
    meanMs: round(rounds.reduce((sum, m) => sum + m.meanMs, 0) / rounds.length),
    requests: rounds.reduce((sum, m) => sum + m.requests, 0),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    non2xx: rounds.reduce((sum, m) => sum + m.non2xx, 0),
    rssMaxMb: Math.max(...rounds.map((m) => m.rssMaxMb)),
    ...(rounds.some((m) => m.cpuMsPerRequest !== undefined) ? { cpuMsPerRequest: medianOrNull(rounds.map((m) => m.cpuMsPerRequest ?? null)) ?? undefined } : {}),
    rounds: rounds.map(({ rps, p50, p99 }) => ({ rps, p50, p99 })),
  };
}
