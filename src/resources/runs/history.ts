// Run history (flows-and-runs §2.12) and lateness (§2.13), shared by flow runs
// and task runs. The matching runs are read once (only the columns needed), in
// pages of HISTORY_PAGE rows, and bucketed here as they come: at 1M runs a
// 30-day history matched 309k runs, and reading them in one findMany took the
// server past its heap limit (the bench's history scenario killed it).
import { builder } from '../../graphql/builder.ts';
import { httpError } from '../../errors.ts';
import { estimatedRunTime, estimatedStartTimeDelta } from './run-times.ts';

export const MAX_HISTORY_BUCKETS = 500;

export interface HistoryRun {
  expected_start_time: Date | null;
  start_time: Date | null;
  state_type: string | null;
  state_name: string | null;
  state_timestamp: Date | null;
  total_run_time: number;
}

export const HISTORY_COLUMNS = {
  expected_start_time: true,
  start_time: true,
  state_type: true,
  state_name: true,
  state_timestamp: true,
  total_run_time: true,
} as const;

interface StateCount {
  state_type: string | null;
  state_name: string | null;
  count_runs: number;
  sum_estimated_run_time: number;
  sum_estimated_lateness: number;
}

export interface HistoryBucket {
  interval_start: Date;
  interval_end: Date;
  states: StateCount[];
}

export interface HistoryArgs {
  history_start: Date;
  history_end: Date;
  history_interval_seconds: number;
}

export function checkHistoryInterval(seconds: number) {
  if (seconds < 1) throw httpError(422, 'History interval must not be less than 1 second.');
}

/**
 * Rows per read of a history or lateness: one request's memory stays bounded
 * however many runs match (with 5,000, ten concurrent histories at 1M runs
 * took the server to 310 MB).
 */
export const HISTORY_PAGE = 2_000;

interface HistoryDelegate {
  findMany(args: { where: object; select: object; orderBy: object[]; take: number }): Promise<unknown[]>;
}

/**
 * Every run matching `where`, HISTORY_PAGE at a time in id order (keyset:
 * each page starts after the last id of the one before), handed to `onPage`.
 */
export async function forEachHistoryPage(delegate: HistoryDelegate, where: object, onPage: (runs: HistoryRun[]) => void): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const page = (await delegate.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      select: { ...HISTORY_COLUMNS, id: true },
      orderBy: [{ id: 'asc' }],
      take: HISTORY_PAGE,
    })) as (HistoryRun & { id: string })[];
    onPage(page);
    if (page.length < HISTORY_PAGE) return;
    after = page[page.length - 1].id;
  }
}

/**
 * The history's buckets, filled by the runs added page by page: half-open
 * buckets from the start while they begin before the end; none when start ≥
 * end (as PostgreSQL).
 */
export function historyAccumulator(args: HistoryArgs, now = new Date()) {
  const step = args.history_interval_seconds * 1000;
  const start = args.history_start.getTime();
  const buckets: HistoryBucket[] = [];
  for (let t = start; t < args.history_end.getTime() && buckets.length < MAX_HISTORY_BUCKETS; t += step) {
    buckets.push({ interval_start: new Date(t), interval_end: new Date(t + step), states: [] });
  }
  const groups = buckets.map(() => new Map<string, StateCount>());
  const add = (runs: HistoryRun[]) => {
    for (const run of runs) {
      if (!run.expected_start_time) continue;
      const index = Math.floor((run.expected_start_time.getTime() - start) / step);
      if (index < 0 || index >= buckets.length) continue;
      const key = `${run.state_type}\u0000${run.state_name}`;
      const group = groups[index].get(key) ?? { state_type: run.state_type, state_name: run.state_name, count_runs: 0, sum_estimated_run_time: 0, sum_estimated_lateness: 0 };
      group.count_runs += 1;
      group.sum_estimated_run_time += Math.max(0, estimatedRunTime(run, now));
      // A run without a state counts as terminal here, as in Prefect's SQL.
      group.sum_estimated_lateness += run.state_type === null ? 0 : Math.max(0, estimatedStartTimeDelta(run, now));
      groups[index].set(key, group);
    }
  };
  const result = () => {
    buckets.forEach((bucket, i) => (bucket.states = [...groups[i].values()]));
    return buckets;
  };
  return { add, buckets: result };
}

/** Mean lateness over the runs added page by page, or null when there were none. */
export function latenessAccumulator(now = new Date()) {
  let sum = 0;
  let count = 0;
  return {
    add(runs: HistoryRun[]) {
      for (const run of runs) sum += estimatedStartTimeDelta(run, now);
      count += runs.length;
    },
    average: () => (count === 0 ? null : sum / count),
  };
}

/** The window of expected start times the buckets cover, to read only those runs. */
export function historyWindow(args: HistoryArgs) {
  const step = args.history_interval_seconds * 1000;
  const buckets = Math.min(MAX_HISTORY_BUCKETS, Math.max(0, Math.ceil((args.history_end.getTime() - args.history_start.getTime()) / step)));
  const lt = new Date(args.history_start.getTime() + Math.max(buckets, 1) * step);
  // A bucket ending past the last representable date (Prefect: an OverflowError, a 500) is a 422 here.
  if (Number.isNaN(lt.getTime())) throw httpError(422, 'History interval is too large: a bucket would end after the last representable date.');
  return { gte: args.history_start, lt: new Date(args.history_start.getTime() + buckets * step) };
}

const HistoryResponseState = builder.objectRef<StateCount>('HistoryResponseState').implement({
  description: 'Runs of one state type and name in a history bucket.',
  fields: (t) => ({
    state_type: t.string({ description: 'The state type.', nullable: true, resolve: (s) => s.state_type }),
    state_name: t.string({ description: 'The state name.', nullable: true, resolve: (s) => s.state_name }),
    count_runs: t.int({ description: 'The number of runs in the specified state during the interval.', resolve: (s) => s.count_runs }),
    sum_estimated_run_time: t.field({ description: 'The total estimated run time of all runs during the interval.', type: 'Seconds', resolve: (s) => s.sum_estimated_run_time }),
    sum_estimated_lateness: t.field({
      description: 'The sum of differences between actual and expected start time during the interval.',
      type: 'Seconds',
      resolve: (s) => s.sum_estimated_lateness,
    }),
  }),
});

export const HistoryResponse = builder.objectRef<HistoryBucket>('HistoryResponse').implement({
  description: 'One interval of run history.',
  fields: (t) => ({
    interval_start: t.field({ description: 'The start date of the interval.', type: 'DateTime', resolve: (b) => b.interval_start }),
    interval_end: t.field({ description: 'The end date of the interval.', type: 'DateTime', resolve: (b) => b.interval_end }),
    states: t.field({ description: 'A list of state histories during the interval.', type: [HistoryResponseState], resolve: (b) => b.states }),
  }),
});

export const historyArgs = builder.args((t) => ({
  history_start: t.field({ description: "The history's start time.", type: 'DateTime', required: true }),
  history_end: t.field({ description: "The history's end time.", type: 'DateTime', required: true }),
  history_interval_seconds: t.float({ required: true, description: 'At least 1.' }),
}));
