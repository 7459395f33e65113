// Run history (flows-and-runs §2.12) and lateness (§2.13), shared by flow runs
// and task runs. The database buckets and sums the matching runs in one
// statement (history-sql.ts); only the groups come back. Reading the runs
// themselves, even in pages, took 155 statements and over 10 s for a 30-day
// history at 1M runs.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { httpError } from '../../errors.ts';
import { modelsOf } from '../../filters/sql/datamodel.ts';
import { queryRows } from '../../db/raw-rows.ts';
import { historyStatement, latenessStatement } from './history-sql.ts';

export const MAX_HISTORY_BUCKETS = 500;

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

/** Where the runs are read: a request's context (or anything with its client and database). */
export type RunSource = Pick<Context, 'db' | 'target'>;

export type RunModel = 'FlowRun' | 'TaskRun';

export function checkHistoryInterval(seconds: number) {
  if (seconds < 1) throw httpError(422, 'History interval must not be less than 1 second.');
}

/**
 * Half-open buckets from the start while they begin before the end (none
 * when start ≥ end, as PostgreSQL), each filled with the runs matching
 * `where` whose expected start time falls in it, grouped by state type and
 * name. `now` dates the running and late runs' estimates.
 */
export async function readRunHistory(source: RunSource, modelName: RunModel, where: object, args: HistoryArgs, now = new Date()): Promise<HistoryBucket[]> {
  const window = historyWindow(args);
  const step = args.history_interval_seconds * 1000;
  const start = args.history_start.getTime();
  const buckets: HistoryBucket[] = [];
  for (let t = start; t < args.history_end.getTime() && buckets.length < MAX_HISTORY_BUCKETS; t += step) {
    buckets.push({ interval_start: new Date(t), interval_end: new Date(t + step), states: [] });
  }
  if (buckets.length === 0) return buckets;
  const models = modelsOf(source.db);
  // The window also lets the expected_start_time index find the runs.
  const inWindow = { AND: [where, { expected_start_time: window }] };
  const statement = historyStatement(models, source.target.provider, models.get(modelName)!, inWindow, { startMs: start, stepMs: step }, now.getTime());
  const rows = await queryRows<HistoryRow>(source.db, statement.sql, statement.values);
  for (const row of rows) {
    const bucket = buckets[Number(row.bucket)];
    if (!bucket) continue;
    bucket.states.push({
      state_type: row.state_type,
      state_name: row.state_name,
      count_runs: Number(row.count_runs),
      sum_estimated_run_time: Number(row.run_time),
      sum_estimated_lateness: Number(row.lateness_ms) / 1000,
    });
  }
  return buckets;
}

// A type, not an interface: queryRows wants an index signature.
type HistoryRow = {
  bucket: number;
  state_type: string | null;
  state_name: string | null;
  count_runs: number | bigint;
  run_time: number;
  lateness_ms: number;
};

/** Mean lateness (seconds) of the runs matching `where`, or null when none match. */
export async function readAverageLateness(source: RunSource, modelName: RunModel, where: object, now = new Date()): Promise<number | null> {
  const models = modelsOf(source.db);
  const statement = latenessStatement(models, source.target.provider, models.get(modelName)!, where, now.getTime());
  const [row] = await queryRows<{ runs: number | bigint; lateness_ms: number | null }>(source.db, statement.sql, statement.values);
  const runs = Number(row.runs);
  return runs === 0 ? null : Number(row.lateness_ms) / 1000 / runs;
}

/** The window of expected start times the buckets cover, to read only those runs. */
function historyWindow(args: HistoryArgs) {
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
