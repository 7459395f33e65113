// Durations computed at read time, not stored (flows-and-runs §2.4).
import { computedField } from '../../graphql/sql-reads/marks.ts';

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

interface RunTimes {
  state_type: string | null;
  state_timestamp: Date | null;
  total_run_time: number;
  start_time: Date | null;
  expected_start_time: Date | null;
}

const seconds = (ms: number) => ms / 1000;

// `now` is read only when the answer depends on it: a page of finished runs
// made two Dates per run for nothing.

/** Time spent running so far: the stored total, plus the current RUNNING stretch. */
export function estimatedRunTime(run: RunTimes, now?: Date): number {
  if (run.state_type === 'RUNNING' && run.state_timestamp) {
    return run.total_run_time + Math.max(0, seconds((now?.getTime() ?? Date.now()) - run.state_timestamp.getTime()));
  }
  return run.total_run_time;
}

/** Lateness: how far the start was (or is so far) behind the expected start. */
export function estimatedStartTimeDelta(run: RunTimes, now?: Date): number {
  const { start_time: start, expected_start_time: expected } = run;
  if (start && expected) return start > expected ? seconds(start.getTime() - expected.getTime()) : 0;
  if (start || !expected || FINAL.has(run.state_type ?? '')) return 0;
  const nowMs = now?.getTime() ?? Date.now();
  return expected.getTime() < nowMs ? seconds(nowMs - expected.getTime()) : 0;
}

/**
 * The five timing fields of flow runs and task runs, in Prefect's order. `t` is
 * a Pothos Prisma field builder of FlowRun or TaskRun (both have these columns).
 */
export function runTimingFields(t: any) {
  return {
    start_time: t.expose('start_time', { description: 'The actual start time.', type: 'DateTime', nullable: true }),
    end_time: t.expose('end_time', { description: 'The actual end time.', type: 'DateTime', nullable: true }),
    total_run_time: t.expose('total_run_time', {
      description: 'Total run time. If the flow run was executed multiple times, the time of each run will be summed.',
      type: 'Seconds',
    }),
    estimated_run_time: t.field({
      description: 'A real-time estimate of the total run time.',
      type: 'Seconds',
      ...computedField(['state_type', 'state_timestamp', 'total_run_time'], (r: RunTimes) => estimatedRunTime(r)),
    }),
    estimated_start_time_delta: t.field({
      description: 'The difference between actual and expected start time.',
      type: 'Seconds',
      ...computedField(['start_time', 'expected_start_time', 'state_type'], (r: RunTimes) => estimatedStartTimeDelta(r)),
    }),
  };
}
