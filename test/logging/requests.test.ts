// The access log: one JSON line per request on both doors, with the request id
// the client sent (or a new one, echoed in X-Request-Id), the REST route or the
// GraphQL operation, the status and the duration; levels from Prefect's settings.
import { afterEach, describe, expect, it } from 'vitest';
import { makeClient } from '../../src/db/client.ts';
import { configureLogging } from '../../src/logging/logger.ts';
import { loadSettings } from '../../src/settings.ts';
import { describeEachDatabase } from '../support/each-database.ts';

function capture(env: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  configureLogging(loadSettings({ PREFECT_HOME: '/tmp', ...env }), { write: (line: string) => void lines.push(JSON.parse(line)) });
  return lines;
}

/** The response's close event (which writes the line) may trail the body the client read. */
async function settled<T>(read: () => T[], count: number): Promise<T[]> {
  for (let i = 0; i < 50 && read().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return read();
}

describeEachDatabase('access log', (server) => {
  afterEach(() => void capture({ PREFECT_LOGGING_LEVEL: 'WARNING' }));

  it('logs a REST request with its route, status, duration and the client’s X-Request-Id', async () => {
    const lines = capture();
    const answer = await server().rest('POST', '/flows/filter', {}, { 'x-request-id': 'trace-42' });
    expect(answer.headers.get('x-request-id')).toBe('trace-42');
    const [line] = await settled(() => lines.filter((l) => l.name === 'access'), 1);
    expect(line).toMatchObject({ level: 'info', request_id: 'trace-42', method: 'POST', path: '/api/flows/filter', route: 'POST /flows/filter', status: 200 });
    expect(line.duration_ms).toEqual(expect.any(Number));
  });

  it('names the GraphQL operation (or its root fields) and makes up a request id when none was sent', async () => {
    const lines = capture();
    const url = `${server().url}/graphql`;
    const post = (query: string) => fetch(url, { method: 'POST', body: JSON.stringify({ query }), headers: { 'content-type': 'application/json' } });
    const named = await post('query Dashboard { count_flows }');
    const anonymous = await post('{ count_flows read_flows(limit: 1) { id } }');
    const access = await settled(() => lines.filter((l) => l.name === 'access'), 2);
    expect(access.map((l) => l.operation)).toEqual(['Dashboard', 'query count_flows,read_flows']);
    expect(access[0].request_id).toBe(named.headers.get('x-request-id'));
    expect(anonymous.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops request lines below PREFECT_LOGGING_LEVEL, keeps failures, and ignores an unusable X-Request-Id', async () => {
    const lines = capture({ PREFECT_LOGGING_LEVEL: 'WARNING' });
    await server().rest('GET', '/health');
    const answer = await server().rest('GET', '/flows/not-a-uuid-and-no-route/x', undefined, { 'x-request-id': 'x'.repeat(201) });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.filter((l) => l.name === 'access')).toEqual([]);
  });
});

describe('log levels', () => {
  it('maps Prefect’s level names onto the access and server loggers, and SQL only with the echo setting', () => {
    const quiet = configureLogging(loadSettings({ PREFECT_HOME: '/tmp' }), { write: () => {} });
    expect([quiet.access.level, quiet.server.level, quiet.sql.level]).toEqual(['info', 'warn', 'silent']);
    const loud = configureLogging(
      loadSettings({ PREFECT_HOME: '/tmp', PREFECT_LOGGING_LEVEL: 'debug', PREFECT_SERVER_LOGGING_LEVEL: 'ERROR', PREFECT_SERVER_DATABASE_ECHO: 'true' }),
      { write: () => {} },
    );
    expect([loud.access.level, loud.server.level, loud.sql.level]).toEqual(['debug', 'error', 'info']);
  });

  it('writes each SQL statement to the sql logger when the echo setting asks for it', async () => {
    const lines: Record<string, unknown>[] = [];
    configureLogging(loadSettings({ PREFECT_HOME: '/tmp', PREFECT_SERVER_DATABASE_ECHO: 'true' }), { write: (line: string) => void lines.push(JSON.parse(line)) });
    const db = makeClient({ provider: 'sqlite', file: ':memory:' }, { log: true });
    await db.$queryRawUnsafe('SELECT 41 + 1 AS answer');
    await db.$disconnect();
    expect(lines).toContainEqual(expect.objectContaining({ name: 'sql', level: 'info', sql: expect.stringContaining('SELECT 41 + 1') }));
  });
});
