// GET /api/metrics: Prometheus text with request counts and latencies per REST
// route and GraphQL root fields, background-service pass durations, process
// metrics (event-loop lag) and, on PostgreSQL, the connection pool.
import { describe, expect, it } from 'vitest';
import { testTargets } from '../support/databases.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import { startServer } from '../support/server.ts';

/** The value of one sample line, e.g. metric{a="b"} 3 → 3 (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describeEachDatabase(
  'metrics',
  (server, provider) => {
    it('counts and times requests per REST route and per GraphQL root fields, never per client-chosen name', async () => {
      await server().rest('POST', '/flows/filter', {});
      await server().rest('GET', `/flows/${crypto.randomUUID()}`);
      await server().gql('query PickedByTheClient { count_flows }');
      const answer = await server().rest('GET', '/metrics');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = answer.text as string;
      expect(sample(text, 'prefect_http_requests_total', { route: 'POST /flows/filter', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'prefect_http_requests_total', { route: 'GET /flows/{id}', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'prefect_http_requests_total', { route: 'graphql count_flows', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('PickedByTheClient');
      expect(sample(text, 'prefect_http_request_duration_seconds_count', { route: 'POST /flows/filter' })).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(text).toMatch(/^prefect_service_loop_duration_seconds_count\{service="[^"]+",outcome="ok"\} [1-9]/m);
      if (provider === 'postgresql') expect(sample(text, 'prefect_db_pool_connections', {}) ?? Number(/^prefect_db_pool_connections (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
    });
  },
  { PREFECT_SERVER_METRICS_ENABLED: 'true' },
);

describe('metrics off (the default)', () => {
  it('GET /api/metrics is a 404 like any unknown route', async () => {
    const [sqlite] = (await testTargets()).filter((t) => t.name === 'sqlite');
    const server = await startServer(await sqlite.createMigrated());
    try {
      expect((await server.rest('GET', '/metrics')).status).toBe(404);
    } finally {
      await server.close();
      await sqlite.dispose();
    }
  });
});
