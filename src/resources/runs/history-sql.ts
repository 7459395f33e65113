// The statements behind run history (flows-and-runs §2.12) and lateness
// (§2.13): the database places each matching run in its bucket and sums its
// estimated run time and lateness, so only one row per (bucket, state type,
// state name) comes back, not every run (a 30-day history at 1M runs matched
// 309k runs, read in 155 statements and bucketed in JavaScript).
//
// The per-run values are those of run-times.ts (estimatedRunTime,
// estimatedStartTimeDelta), computed on timestamps cut to the millisecond as
// a Date reads them, with `now` passed in as epoch milliseconds:
//   lateness: integer milliseconds, summed exactly (the sum is divided by
//             1000 once, in JavaScript);
//   run time: seconds as a double, summed by the database (SQLite's sum is
//             compensated, PostgreSQL's adds in scan order), so a sum may
//             differ from JavaScript's run-by-run sum in its last bits.
import type { ModelInfo, Models } from '../../filters/sql/datamodel.ts';
import { Params, quote, type Provider } from '../../filters/sql/params.ts';
import { compileWhere, newScope } from '../../filters/sql/where.ts';

export interface RunsStatement {
  sql: string;
  values: unknown[];
}

/** The history's bucketing: a run goes to bucket floor((expected − start) / step). */
export interface BucketPlan {
  startMs: number;
  /** Bucket width in milliseconds (may have a fraction: the interval is any number of seconds ≥ 1). */
  stepMs: number;
}

/** run-times.ts FINAL: a run in one of these is never late. */
const FINAL_TYPES = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

/**
 * Per-run SQL expressions over the row aliased `t`. SQLite binds `?` in text
 * order, so each method adds its parameters as it writes them: callers build
 * the statement from left to right.
 */
class RunExpressions {
  constructor(
    private provider: Provider,
    private params: Params,
  ) {}

  private get postgres() {
    return this.provider === 'postgresql';
  }

  column(name: string): string {
    return `t.${quote(name)}`;
  }

  /**
   * Epoch milliseconds of a timestamp column, cut to the millisecond.
   * PostgreSQL keeps microseconds: floor drops them, as reading into a Date
   * does. SQLite holds the text Prisma wrote (milliseconds exactly); its
   * parser rounds a sub-millisecond fraction, which our writes never have.
   */
  ms(name: string): string {
    const column = this.column(name);
    return this.postgres ? `floor(extract(epoch FROM ${column}) * 1000)::bigint` : `CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;
  }

  /** A bound epoch-milliseconds value (an integer). */
  msParam(value: number): string {
    return this.postgres ? `${this.params.add(value)}::bigint` : this.params.add(value);
  }

  /** A millisecond difference in seconds, as a double (JavaScript's `ms / 1000`). */
  seconds(ms: string): string {
    return this.postgres ? `(${ms})::float8 / 1000` : `(${ms}) / 1000.0`;
  }

  greatest(a: string, b: string): string {
    // SQLite's two-argument max() is scalar.
    return `${this.postgres ? 'GREATEST' : 'max'}(${a}, ${b})`;
  }

  /** estimatedStartTimeDelta in milliseconds (never negative). */
  latenessMs(nowMs: number): string {
    const start = this.column('start_time');
    const expected = this.column('expected_start_time');
    const final = FINAL_TYPES.map((type) => `'${type}'`).join(', ');
    // A NULL state type makes the IN test NULL, not true: such a run counts as not terminal (§2.4).
    return (
      `CASE WHEN ${start} IS NOT NULL AND ${expected} IS NOT NULL THEN ${this.greatest(`${this.ms('start_time')} - ${this.ms('expected_start_time')}`, '0')} ` +
      `WHEN ${start} IS NOT NULL OR ${expected} IS NULL OR ${this.column('state_type')} IN (${final}) THEN 0 ` +
      `ELSE ${this.greatest(`${this.msParam(nowMs)} - ${this.ms('expected_start_time')}`, '0')} END`
    );
  }

  /** max(0, estimatedRunTime) in seconds. */
  runTime(nowMs: number): string {
    const total = this.column('total_run_time');
    const running = `${total} + ${this.greatest(this.seconds(`${this.msParam(nowMs)} - ${this.ms('state_timestamp')}`), '0')}`;
    return this.greatest(`CASE WHEN ${this.column('state_type')} = 'RUNNING' AND ${this.column('state_timestamp')} IS NOT NULL THEN ${running} ELSE ${total} END`, '0');
  }

  /** A sum of integer milliseconds that neither overflows nor comes back as a NUMERIC. */
  sumMs(expression: string): string {
    return this.postgres ? `sum(${expression})::float8` : `total(${expression})`;
  }
}

/**
 * One row per (bucket, state_type, state_name) with runs: bucket, state_type,
 * state_name, count_runs, run_time (seconds), lateness_ms, ordered by bucket
 * and, within one, by the smallest run id of each group (the order the runs
 * met their groups when they were read by id). `where` holds the window of
 * expected start times the buckets cover; a bucket past them (a division
 * rounding up at the window's end) is the caller's to drop, as JavaScript
 * dropped such runs: a bound on the bucket here made PostgreSQL expect a few
 * hundred runs of the 309k and plan for them.
 */
export function historyStatement(models: Models, provider: Provider, model: ModelInfo, where: object, plan: BucketPlan, nowMs: number): RunsStatement {
  const params = new Params(provider);
  const runs = new RunExpressions(provider, params);
  const postgres = provider === 'postgresql';
  // Written (so bound) in text order: bucket, run time, lateness, filter.
  const offset = `${runs.ms('expected_start_time')} - ${runs.msParam(plan.startMs)}`;
  const bucket = postgres ? `floor((${offset})::float8 / ${params.add(plan.stepMs)}::float8)` : `floor((${offset}) / ${params.add(plan.stepMs)})`;
  const runTime = runs.runTime(nowMs);
  // A run without a state counts as terminal here, as in Prefect's SQL (§2.12).
  const lateness = `CASE WHEN ${runs.column('state_type')} IS NULL THEN 0 ELSE ${runs.latenessMs(nowMs)} END`;
  const condition = compileWhere(newScope(models, params), model, 't', where as Record<string, unknown>);
  // PostgreSQL has no min(uuid): the text of a uuid sorts as the uuid does, in bytes.
  const id = postgres ? `t.${quote(model.id)}::text COLLATE "C"` : `t.${quote(model.id)}`;
  const sql =
    `SELECT h.bucket AS bucket, h.state_type AS state_type, h.state_name AS state_name, count(*) AS count_runs, ` +
    `sum(h.run_time) AS run_time, ${runs.sumMs('h.lateness_ms')} AS lateness_ms, min(h.id) AS first_id ` +
    `FROM (SELECT ${bucket} AS bucket, t.state_type AS state_type, t.state_name AS state_name, ${runTime} AS run_time, ${lateness} AS lateness_ms, ${id} AS id ` +
    `FROM ${quote(model.table)} t WHERE ${condition}) h ` +
    `GROUP BY h.bucket, h.state_type, h.state_name ORDER BY h.bucket, first_id`;
  return { sql, values: params.values };
}

/** One row: `runs` (how many match) and `lateness_ms` (their summed lateness). */
export function latenessStatement(models: Models, provider: Provider, model: ModelInfo, where: object, nowMs: number): RunsStatement {
  const params = new Params(provider);
  const runs = new RunExpressions(provider, params);
  const lateness = runs.sumMs(runs.latenessMs(nowMs));
  const condition = compileWhere(newScope(models, params), model, 't', where as Record<string, unknown>);
  return { sql: `SELECT count(*) AS runs, ${lateness} AS lateness_ms FROM ${quote(model.table)} t WHERE ${condition}`, values: params.values };
}
