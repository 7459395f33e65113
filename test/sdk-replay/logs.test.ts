// Replays the log batches Prefect's APILogHandler sends during a flow run
// (fixtures/sdk-logs.json) and reads them back as a Prefect server returns them:
// POST /logs/filter (by flow run, task run, level, text), the CSV download, and
// GraphQL read_logs.
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { Replay, eventually, loadFixture, msOf, replayEnv } from './replay.ts';

const fixture = loadFixture('sdk-logs.json');

interface SentLog {
  name: string;
  level: number;
  message: string;
  timestamp: string;
  flow_run_id: string;
  task_run_id: string | null;
}

describeEachDatabase(
  'SDK replay: log batches',
  (server) => {
    let replay: Replay;
    /** Every log the SDK sent, in timestamp order, with the server's NUL stripping applied. */
    let sent: SentLog[];

    beforeAll(async () => {
      replay = new Replay(server, fixture);
      await replay.runAll();
      sent = fixture.steps
        .filter((s) => s.http?.path === '/logs/')
        .flatMap((s) => replay.fill(s.http!.body) as SentLog[])
        .map((log) => ({ ...log, message: log.message.replaceAll('\u0000', '') }))
        .sort((a, b) => msOf(a.timestamp) - msOf(b.timestamp));
    }, 60_000);

    it('answers every call of the recording as a Prefect server does (POST /logs/ → 201 null)', () => {
      expect(replay.failures).toEqual([]);
      const posts = replay.answers.filter((a) => a.step.http?.path === '/logs/');
      expect(posts.map((a) => [a.answer.status, a.answer.body])).toEqual([
        [201, null],
        [201, null],
      ]);
    });

    it('stores every log of both batches, ordered by timestamp across batches (POST /logs/filter)', async () => {
      const logs = (await server().rest('POST', '/logs/filter', { logs: { flow_run_id: { any_: [replay.var('run')] } }, sort: 'TIMESTAMP_ASC' })).body;
      expect(logs).toHaveLength(sent.length);
      logs.forEach((log: Record<string, any>, i: number) => {
        expect(Object.keys(log)).toEqual(['id', 'created', 'updated', 'name', 'level', 'message', 'timestamp', 'flow_run_id', 'task_run_id']);
        expect(log).toMatchObject({ name: sent[i].name, level: sent[i].level, message: sent[i].message, flow_run_id: sent[i].flow_run_id, task_run_id: sent[i].task_run_id });
        expect(msOf(log.timestamp)).toBe(msOf(sent[i].timestamp));
      });
      expect(logs.map((l: { message: string }) => l.message)).toEqual([
        `Beginning flow run '${replay.var('run_name')}' for flow 'nightly-report'`,
        'Loading 3 partitions',
        'Partition 2 is empty; skipping',
        'raw bytes:  end',
        'Row 17 failed validation\nTraceback (most recent call last):\n  File "report.py", line 12, in load\nValueError: bad row',
        'Finished in state Completed()',
        'Finished in state Completed()',
      ]);
      const desc = (await server().rest('POST', '/logs/filter', { logs: { flow_run_id: { any_: [replay.var('run')] } }, sort: 'TIMESTAMP_DESC' })).body;
      expect(desc.map((l: { id: string }) => l.id)).toEqual(logs.map((l: { id: string }) => l.id).reverse());
    });

    it('separates task-run logs from flow-run logs, and filters by level and text', async () => {
      const filter = async (logs: unknown) => (await server().rest('POST', '/logs/filter', { logs, sort: 'TIMESTAMP_ASC' })).body as SentLog[];
      const run = replay.var<string>('run');
      const task = replay.id('load');
      expect((await filter({ task_run_id: { any_: [task] } })).map((l) => l.message)).toEqual(sent.filter((l) => l.task_run_id === task).map((l) => l.message));
      expect((await filter({ flow_run_id: { any_: [run] }, task_run_id: { is_null_: true } })).map((l) => l.name)).toEqual(['prefect.flow_runs', 'prefect.flow_runs']);
      expect((await filter({ flow_run_id: { any_: [run] }, level: { ge_: 30 } })).map((l) => l.level)).toEqual([30, 40]);
      expect((await filter({ flow_run_id: { any_: [run] }, text: { query: 'partition -empty' } })).map((l) => l.message)).toEqual(['Loading 3 partitions']);
      expect((await filter({ flow_run_id: { any_: [run] }, text: { query: 'TASK_RUNS' } })).length).toBe(5);
    });

    it('downloads the flow run’s logs as CSV (GET /flow_runs/{id}/logs/download)', async () => {
      const answer = await server().rest('GET', `/flow_runs/${replay.var('run')}/logs/download`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lines = (answer.text as string).split('\r\n');
      expect(lines[0]).toBe('timestamp,level,flow_run_id,task_run_id,message');
      expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00,20,${replay.var('run')},,Beginning flow run`));
      // The traceback spans lines inside one quoted field.
      expect(answer.text).toContain(`,40,${replay.var('run')},${replay.id('load')},"Row 17 failed validation\nTraceback`);
    });

    it('reads the same logs over GraphQL (read_logs)', async () => {
      const answer = await server().gql<any, any>(
        `query ($runs: [UUID!]) { read_logs(logs: { flow_run_id: { any_: $runs } }, sort: TIMESTAMP_ASC, limit: 20) { name level message flow_run_id task_run_id } }`,
        { runs: [replay.var('run')] },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data.read_logs).toEqual(sent.map(({ name, level, message, flow_run_id, task_run_id }) => ({ name, level, message, flow_run_id, task_run_id })));
    });

    it('reads them from the runs over GraphQL (FlowRun.logs, TaskRun.logs with filter, sort and limit)', async () => {
      const answer = await eventually(server, async () => {
        const result = await server().gql<any, any>(
          `query ($run: UUID!, $task: UUID!) {
            read_flow_run(id: $run) {
              logs(sort: TIMESTAMP_DESC, limit: 3) { message }
              flow_only: logs(filter: { task_run_id: { is_null_: true } }, limit: 10) { name }
            }
            read_task_run(id: $task) { logs(filter: { level: { ge_: 30 } }, limit: 10) { level message } }
          }`,
          { run: replay.var('run'), task: replay.id('load') },
        );
        expect(result.errors).toBeUndefined();
        return result.data;
      });
      expect(answer.read_flow_run.logs.map((l: { message: string }) => l.message)).toEqual(
        sent
          .slice(-3)
          .reverse()
          .map((l) => l.message),
      );
      expect(answer.read_flow_run.flow_only).toEqual([{ name: 'prefect.flow_runs' }, { name: 'prefect.flow_runs' }]);
      expect(answer.read_task_run.logs.map((l: { level: number }) => l.level)).toEqual([30, 40]);
    });

    it('takes a full-size batch: up to 3 MB of queued logs plus one truncated 1 MB log in one POST /logs/', async () => {
      // APILogWorker.max_batch_size = max(BATCH_SIZE 4,000,000 - MAX_LOG_SIZE 1,000,000, MAX_LOG_SIZE) = 3,000,000 bytes:
      // the batch is cut once the queued JSON reaches it, so the last log can take it to ~4 MB.
      // APILogHandler.prepare truncates a log whose JSON exceeds MAX_LOG_SIZE: message[:len - oversize - 50] + "... [truncated]".
      const run = randomUUID(); // logs have no foreign key; a run of its own keeps the other tests' reads intact
      const at = (i: number) => new Date(Date.now() - 30_000 + i).toISOString().replace('Z', '000Z');
      const big = (i: number) => ({
        name: 'prefect.task_runs',
        level: 10,
        message: `${String(i).repeat(999_800)}... [truncated]`,
        timestamp: at(i),
        flow_run_id: run,
        task_run_id: null,
      });
      const small = (i: number) => ({ name: 'prefect.flow_runs', level: 15, message: `line ${i} ${'·'.repeat(200)}`, timestamp: at(100 + i), flow_run_id: run, task_run_id: null });
      const batch = [big(1), big(2), ...Array.from({ length: 2000 }, (_, i) => small(i)), big(3), big(4)];
      expect(JSON.stringify(batch).length).toBeGreaterThan(3_900_000);
      const answer = await server().rest('POST', '/logs/', batch);
      expect(answer).toMatchObject({ status: 201, body: null });
      const bigOnes = (await server().rest('POST', '/logs/filter', { logs: { flow_run_id: { any_: [run] }, level: { le_: 10 } }, sort: 'TIMESTAMP_ASC' })).body;
      expect(bigOnes.map((l: { message: string }) => l.message.length)).toEqual([1, 2, 3, 4].map((i) => big(i).message.length));
      const smallOnes = (await server().rest('POST', '/logs/filter', { logs: { flow_run_id: { any_: [run] }, level: { ge_: 15, le_: 15 } }, limit: 200, offset: 1800 })).body;
      expect(smallOnes).toHaveLength(200);
    });

    it('records the task run the logs belong to (the recorder, from the same session’s events)', async () => {
      const run = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${replay.id('load')}`);
        expect(answer.body?.state_name).toBe('Completed');
        return answer.body;
      });
      expect(run).toMatchObject({ flow_run_id: replay.var('run'), run_count: 1, task_key: 'load-4e1d2c3b' });
    });
  },
  replayEnv,
);
