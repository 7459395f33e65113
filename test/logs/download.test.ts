// GET /flow_runs/{id}/logs/download and download_logs (logs §1.6; surprise 7).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createFlowRun, log, newId, postLogs } from './support.ts';

const HEADER = 'timestamp,level,flow_run_id,task_run_id,message\r\n';

describeEachDatabase('flow run log download', (server) => {
  it('answers CSV in the excel dialect with Prefect’s headers', async () => {
    const run = await createFlowRun(server(), '🚀-production logs/x');
    const task = newId();
    await postLogs(server(), [
      log({ flow_run_id: run, level: 40, message: 'second, with "quotes"\nand a newline', timestamp: '2024-01-02T03:04:06.120Z', task_run_id: task }),
      log({ flow_run_id: run, level: 20, message: 'first', timestamp: '2024-01-02T05:04:05+02:00' }),
      log({ flow_run_id: run, level: 10, message: 'carriage\rreturn', timestamp: '2024-01-02T03:04:07.000001Z' }),
      log({ flow_run_id: newId(), message: 'another run' }),
    ]);
    const res = await server().rest('GET', `/flow_runs/${run}/logs/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="flow-run-logs.csv"; filename*=UTF-8''%F0%9F%9A%80-production%20logs%2Fx-logs.csv`);
    expect(res.text).toBe(
      HEADER +
        `2024-01-02 03:04:05+00:00,20,${run},,first\r\n` +
        `2024-01-02 03:04:06.120000+00:00,40,${run},${task},"second, with ""quotes""\nand a newline"\r\n` +
        // Milliseconds are what is stored: a microsecond is dropped.
        `2024-01-02 03:04:07+00:00,10,${run},,"carriage\rreturn"\r\n`,
    );
  });

  it('percent-encodes the name as Python’s quote(safe="") does', async () => {
    const run = await createFlowRun(server(), "a!b'c(d)e*f~g_h.i-j");
    const res = await server().rest('GET', `/flow_runs/${run}/logs/download`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="flow-run-logs.csv"; filename*=UTF-8''a%21b%27c%28d%29e%2Af~g_h.i-j-logs.csv`);
    expect(res.text).toBe(HEADER);
  });

  it('reads every log of a long run in order, across pages and equal timestamps', async () => {
    const run = await createFlowRun(server());
    // 2,500 logs, most sharing a timestamp, so pages split inside a tie.
    const logs = Array.from({ length: 2500 }, (_, i) =>
      log({ flow_run_id: run, message: `m${i}`, timestamp: i < 2400 ? '2024-06-01T00:00:00Z' : `2024-06-01T00:00:0${1 + ((2499 - i) % 9)}Z` }),
    );
    await postLogs(server(), logs);
    server().resetQueries();
    const res = await server().rest('GET', `/flow_runs/${run}/logs/download`);
    const lines = res.text.split('\r\n');
    expect(lines).toHaveLength(2502);
    expect(lines.at(-1)).toBe('');
    const got = lines.slice(1, -1).map((l) => l.split(',').at(-1));
    expect(got.slice(0, 2400)).toEqual(Array.from({ length: 2400 }, (_, i) => `m${i}`));
    expect(new Set(got).size).toBe(2500);
    const stamps = lines.slice(1, -1).map((l) => l.split(',')[0]);
    expect([...stamps].sort()).toEqual(stamps);
    // The run, then pages of 1,000: 1,000 + 1,000 + 500 rows.
    const logReads = server().queries.filter((q) => /FROM\s+\S*log[`"]/i.test(q));
    expect(logReads).toHaveLength(3);
  });

  it('answers 404 for an unknown run and Not Found for a non-UUID id', async () => {
    expect(await server().rest('GET', `/flow_runs/${newId()}/logs/download`)).toMatchObject({ status: 404, body: { detail: 'Flow run not found' } });
    expect(await server().rest('GET', '/flow_runs/nope/logs/download')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect((await server().rest('POST', `/flow_runs/${newId()}/logs/download`)).status).toBe(405);
  });

  it('download_logs over GraphQL returns the CSV text', async () => {
    const run = await createFlowRun(server());
    await postLogs(server(), [log({ flow_run_id: run, message: 'only', timestamp: '2024-01-01T00:00:00.5Z' })]);
    const res = await server().gql(`query($id: UUID!) { download_logs(id: $id) }`, { id: run } as any);
    expect(res).toEqual({ data: { download_logs: `${HEADER}2024-01-01 00:00:00.500000+00:00,20,${run},,only\r\n` } });
    const missing = await server().gql(`query($id: UUID!) { download_logs(id: $id) }`, { id: newId() } as any);
    expect(missing.errors?.[0]).toMatchObject({ message: 'Flow run not found', extensions: { code: 'NOT_FOUND', status: 404 } });
  });
});
