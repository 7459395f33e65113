// History and lateness are aggregated in SQL (runs/history-sql.ts). Their
// answer must be the one the runs gave when JavaScript bucketed them (the
// reference below is that code: runs read in id order, placed by
// floor((expected − start) / step), summed with run-times.ts), on a data set
// that reaches every branch: NULL states and times, runs on bucket edges,
// running runs before and after `now`, late and future runs, negative totals,
// and (PostgreSQL) microseconds that a Date drops.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { insertRows } from '../relations/seed.ts';
import { graphQueries } from '../relations/statements.ts';
import { MAX_HISTORY_BUCKETS, readAverageLateness, readRunHistory, type HistoryArgs, type HistoryBucket } from '../../src/resources/runs/history.ts';
import { estimatedRunTime, estimatedStartTimeDelta } from '../../src/resources/runs/run-times.ts';
import { random } from '../support/random.ts';

const BASE = Date.UTC(2024, 0, 1, 0, 0, 0, 123);
const HOUR = 3_600_000;
const NOW = new Date(BASE + 20 * HOUR + 456);

interface Run {
  id: string;
  expected_start_time: Date | null;
  start_time: Date | null;
  state_type: string | null;
  state_name: string | null;
  state_timestamp: Date | null;
  total_run_time: number;
}

/** The JavaScript bucketing that history did before it moved to SQL. */
function referenceHistory(runs: Run[], args: HistoryArgs, now: Date): HistoryBucket[] {
  const step = args.history_interval_seconds * 1000;
  const start = args.history_start.getTime();
  const buckets: HistoryBucket[] = [];
  for (let t = start; t < args.history_end.getTime() && buckets.length < MAX_HISTORY_BUCKETS; t += step) {
    buckets.push({ interval_start: new Date(t), interval_end: new Date(t + step), states: [] });
  }
  // The runs read: expected start in [start, start + window buckets × step), the end cut to the millisecond as a Date does.
  const windowBuckets = Math.min(MAX_HISTORY_BUCKETS, Math.max(0, Math.ceil((args.history_end.getTime() - start) / step)));
  const windowEnd = start + windowBuckets * step;
  for (const run of [...runs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const expected = run.expected_start_time?.getTime();
    if (expected === undefined || expected < start || expected >= Math.trunc(windowEnd)) continue;
    const bucket = buckets[Math.floor((expected - start) / step)];
    if (!bucket) continue;
    let group = bucket.states.find((s) => s.state_type === run.state_type && s.state_name === run.state_name);
    if (!group) bucket.states.push((group = { state_type: run.state_type, state_name: run.state_name, count_runs: 0, sum_estimated_run_time: 0, sum_estimated_lateness: 0 }));
    group.count_runs += 1;
    group.sum_estimated_run_time += Math.max(0, estimatedRunTime(run, now));
    group.sum_estimated_lateness += run.state_type === null ? 0 : Math.max(0, estimatedStartTimeDelta(run, now));
  }
  return buckets;
}

function referenceLateness(runs: Run[], now: Date): number | null {
  return runs.length === 0 ? null : runs.reduce((sum, run) => sum + estimatedStartTimeDelta(run, now), 0) / runs.length;
}

/** Same buckets, groups, order and counts; sums equal but for the last bits (the order of summation differs). */
function expectSameHistory(actual: HistoryBucket[], expected: HistoryBucket[]) {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  const shape = (buckets: HistoryBucket[]) =>
    buckets.map((b) => ({ start: b.interval_start.toISOString(), end: b.interval_end.toISOString(), states: b.states.map((s) => [s.state_type, s.state_name, s.count_runs]) }));
  expect(shape(actual)).toEqual(shape(expected));
  actual.forEach((bucket, i) =>
    bucket.states.forEach((state, j) => {
      const want = expected[i].states[j];
      expect(close(state.sum_estimated_run_time, want.sum_estimated_run_time), `run time ${state.sum_estimated_run_time} vs ${want.sum_estimated_run_time}`).toBe(true);
      expect(close(state.sum_estimated_lateness, want.sum_estimated_lateness), `lateness ${state.sum_estimated_lateness} vs ${want.sum_estimated_lateness}`).toBe(true);
    }),
  );
}

const STATES: [string | null, string | null][] = [
  ['COMPLETED', 'Completed'],
  ['FAILED', 'Failed'],
  ['CRASHED', 'Crashed'],
  ['CANCELLED', 'Cancelled'],
  ['RUNNING', 'Running'],
  ['RUNNING', 'Retrying'],
  ['SCHEDULED', 'Scheduled'],
  ['SCHEDULED', 'Late'],
  ['PENDING', 'Pending'],
  ['PAUSED', 'Suspended'],
  [null, null],
];

/** Runs over a day from BASE, every tenth on an hour edge (BASE + k hours, or a millisecond before), with state times around `now`. */
function makeRuns(count: number): Omit<Run, 'id'>[] {
  const rnd = random(7);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
  const at = (ms: number) => new Date(Math.round(ms));
  return Array.from({ length: count }, (_, i) => {
    const [state_type, state_name] = pick(STATES);
    const edge = i / 10;
    const expected = i % 10 === 0 ? BASE + (edge % 26) * HOUR - (edge % 2) : i % 17 === 0 ? null : BASE - 2 * HOUR + rnd() * 30 * HOUR;
    const started = rnd() < 0.5 ? null : (expected ?? BASE) + (rnd() - 0.3) * HOUR;
    return {
      expected_start_time: expected === null ? null : at(expected),
      start_time: started === null ? null : at(started),
      state_type,
      state_name,
      state_timestamp: rnd() < 0.1 ? null : at(NOW.getTime() + (rnd() - 0.8) * 5 * HOUR),
      total_run_time: rnd() < 0.05 ? -rnd() * 10 : Math.round(rnd() * 1e6) / 1000 + (rnd() < 0.2 ? 1 / 3 : 0),
    };
  });
}

describeEachDatabase('History and lateness in SQL match the JavaScript bucketing', (server, provider) => {
  const flowId = randomUUID();
  const flowRunId = randomUUID();
  let flowRuns: Run[];
  let taskRuns: Run[];

  beforeAll(async () => {
    const db = server().db;
    await insertRows(db, 'flow', [{ id: flowId, name: 'history-sql' }]);
    const runs = makeRuns(600).map((r, i) => ({ id: randomUUID(), flow_id: flowId, name: `history-sql-${i}`, ...r }));
    await insertRows(db, 'flow_run', runs);
    await insertRows(db, 'flow_run', [{ id: flowRunId, flow_id: flowId, name: 'history-sql-parent' }]);
    const tasks = makeRuns(300).map((r, i) => ({ id: randomUUID(), flow_run_id: flowRunId, name: `task-${i}`, task_key: 't', dynamic_key: String(i), ...r }));
    await insertRows(db, 'task_run', tasks);
    if (provider === 'postgresql') {
      // Digits past the millisecond: a Date drops them, and so must the SQL.
      await db.$executeRawUnsafe(
        `UPDATE flow_run SET start_time = start_time + interval '999 microseconds', expected_start_time = expected_start_time + interval '1 microsecond', ` +
          `state_timestamp = state_timestamp + interval '999 microseconds' WHERE flow_id = '${flowId}' AND name LIKE '%3'`,
      );
    }
    const select = { id: true, expected_start_time: true, start_time: true, state_type: true, state_name: true, state_timestamp: true, total_run_time: true } as const;
    flowRuns = await db.flowRun.findMany({ where: { flow_id: flowId, id: { not: flowRunId } }, select });
    taskRuns = await db.taskRun.findMany({ where: { flow_run_id: flowRunId }, select });
  });

  const cases: [string, HistoryArgs][] = [
    ['hourly, from a start with milliseconds', { history_start: new Date(BASE), history_end: new Date(BASE + 24 * HOUR), history_interval_seconds: 3600 }],
    ['an interval with a fraction of a millisecond', { history_start: new Date(BASE - HOUR), history_end: new Date(BASE + 26 * HOUR), history_interval_seconds: 3600.0007 }],
    ['an end inside a bucket (the last bucket ends after it)', { history_start: new Date(BASE + 1), history_end: new Date(BASE + 7 * HOUR + 5), history_interval_seconds: 5400 }],
    ['one bucket over everything', { history_start: new Date(BASE - 10 * HOUR), history_end: new Date(BASE + 40 * HOUR), history_interval_seconds: 50 * 3600 }],
  ];

  describe.each(cases)('%s', (_name, args) => {
    it('flow runs', async () => {
      expectSameHistory(await readRunHistory(server(), 'FlowRun', { flow_id: flowId }, args, NOW), referenceHistory(flowRuns, args, NOW));
    });
    it('task runs', async () => {
      expectSameHistory(await readRunHistory(server(), 'TaskRun', { flow_run_id: flowRunId }, args, NOW), referenceHistory(taskRuns, args, NOW));
    });
  });

  it('runs the filter: only the state types asked for', async () => {
    const args = cases[0][1];
    const types = ['RUNNING', 'SCHEDULED'];
    const answer = await readRunHistory(server(), 'FlowRun', { flow_id: flowId, state_type: { in: types } }, args, NOW);
    expectSameHistory(
      answer,
      referenceHistory(
        flowRuns.filter((r) => types.includes(r.state_type ?? '')),
        args,
        NOW,
      ),
    );
    expect(answer.some((b) => b.states.length > 0)).toBe(true);
  });

  it('the data reaches every branch', () => {
    const history = referenceHistory(flowRuns, cases[0][1], NOW);
    const groups = history.flatMap((b) => b.states);
    expect(groups.some((g) => g.state_type === null)).toBe(true);
    expect(groups.some((g) => g.state_type === 'RUNNING' && g.sum_estimated_run_time > 0)).toBe(true);
    expect(groups.some((g) => g.state_type === 'SCHEDULED' && g.sum_estimated_lateness > 0)).toBe(true);
    expect(history.some((b) => b.states.length > 1)).toBe(true);
    expect(flowRuns.some((r) => r.expected_start_time?.getTime() === BASE + 2 * HOUR)).toBe(true);
    expect(flowRuns.some((r) => r.expected_start_time?.getTime() === BASE + 3 * HOUR - 1)).toBe(true);
  });

  it('no buckets when the start is not before the end, and no statement', async () => {
    server().resetQueries();
    const args = { history_start: new Date(BASE + HOUR), history_end: new Date(BASE), history_interval_seconds: 60 };
    expect(await readRunHistory(server(), 'FlowRun', { flow_id: flowId }, args, NOW)).toEqual([]);
    expect(graphQueries(server)).toEqual([]);
  });

  it('averages lateness as the runs did one by one, null when none match', async () => {
    const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-12 * Math.abs(b));
    const flowLateness = await readAverageLateness(server(), 'FlowRun', { flow_id: flowId, id: { not: flowRunId } }, NOW);
    expect(close(flowLateness, referenceLateness(flowRuns, NOW)), `${flowLateness}`).toBe(true);
    const late = flowRuns.filter((r) => r.state_type === null || r.state_type === 'SCHEDULED');
    const lateIds = late.map((r) => r.id);
    const someLateness = await readAverageLateness(server(), 'FlowRun', { id: { in: lateIds } }, NOW);
    expect(close(someLateness, referenceLateness(late, NOW)), `${someLateness}`).toBe(true);
    expect(await readAverageLateness(server(), 'FlowRun', { id: { in: [] } }, NOW)).toBeNull();
  });
});
