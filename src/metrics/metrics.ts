// Prometheus metrics (prom-client), served at GET {base path}/metrics when
// PREFECT_SERVER_METRICS_ENABLED is on (conventions §1.3). Recording is cheap
// and always on; the process-level collectors (event-loop lag, memory, GC)
// start only when the route is enabled.
//
// Labels stay bounded: REST requests are labelled with the route template
// (`POST /flows/{id}`), GraphQL requests with their root fields (schema names,
// never the client's operation name), anything else as `unmatched`.
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { onRequestFinished, type RequestRecord } from '../logging/requests.ts';

export const registry = new Registry();

const requests = new Counter({
  name: 'prefect_http_requests_total',
  help: 'HTTP requests answered, by method, route (REST template or GraphQL root fields) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

const durations = new Histogram({
  name: 'prefect_http_request_duration_seconds',
  help: 'Time from the first byte of handling to the end of the response, by method and route.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const serviceLoops = new Histogram({
  name: 'prefect_service_loop_duration_seconds',
  help: 'Duration of one pass of a background service, by service and outcome.',
  labelNames: ['service', 'outcome'] as const,
  buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
  registers: [registry],
});

const replays = new Counter({
  name: 'prefect_graphql_sql_replays_total',
  help: 'GraphQL requests answered by running again the SQL statements that answered the same request before (graphql/sql-reads/replay.ts).',
  registers: [registry],
});

/** One GraphQL request answered by a replay. */
export const countReplay = () => replays.inc();

const pools = new Set<pg.Pool>();
const poolGauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set([...pools].reduce((sum, pool) => sum + read(pool), 0));
    },
  });
poolGauge('prefect_db_pool_connections', 'PostgreSQL connections open (idle and in use).', (p) => p.totalCount);
poolGauge('prefect_db_pool_idle_connections', 'PostgreSQL connections open and idle.', (p) => p.idleCount);
poolGauge('prefect_db_pool_waiting_requests', 'Requests waiting for a PostgreSQL connection.', (p) => p.waitingCount);

/** Counts this PostgreSQL pool in the pool gauges (SQLite has no pool). */
export function watchPool(pool: pg.Pool): void {
  pools.add(pool);
  pool.once('error', () => pools.delete(pool));
}

export function forgetPool(pool: pg.Pool): void {
  pools.delete(pool);
}

/** The label of a request: its REST route, its GraphQL root fields, or `unmatched`. */
export function routeLabel(record: RequestRecord): string {
  if (record.route) return record.route;
  if (record.fields) return `graphql ${record.fields}`;
  return 'unmatched';
}

onRequestFinished((record, status, seconds) => {
  const route = routeLabel(record);
  requests.inc({ method: record.method, route, status: String(status) });
  durations.observe({ method: record.method, route }, seconds);
});

export function observeServiceLoop(service: string, outcome: 'ok' | 'failed', seconds: number): void {
  serviceLoops.observe({ service, outcome }, seconds);
}

let processMetrics = false;

/** Starts the process collectors (event-loop lag, heap, GC, handles) once. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
}

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  return { body: await registry.metrics(), contentType: registry.contentType };
}
