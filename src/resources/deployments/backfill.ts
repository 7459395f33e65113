// POST /deployments/{id}/schedule (§1.11): runs for each active schedule in a
// window, built and inserted exactly as the scheduler builds them
// (services/scheduler/), so repeated calls insert nothing new. Past
// windows (backfills) are allowed; the deployment's `paused` is ignored.
import type { Context } from '../../graphql/context.ts';
import { scheduleDeploymentRuns } from '../../services/scheduler/deployment.ts';

export interface ScheduleWindowInput {
  start_time?: Date | null;
  end_time?: Date | null;
  min_time?: number | null;
  min_runs?: number | null;
  max_runs?: number | null;
}

/** A missing deployment answers null too (Prefect's surprise). `now` is the clock of the defaults. */
export async function scheduleDeployment(ctx: Context, id: string, input: ScheduleWindowInput, now = new Date()): Promise<null> {
  const settings = ctx.settings.scheduler;
  const start = input.start_time ?? now;
  await scheduleDeploymentRuns(
    ctx.db,
    id,
    {
      start,
      end: input.end_time ?? new Date(start.getTime() + settings.maxScheduledTime * 1000),
      minTime: input.min_time ?? settings.minScheduledTime,
      minRuns: input.min_runs ?? settings.minRuns,
      maxRuns: input.max_runs ?? settings.maxRuns,
      now,
    },
    settings.insertBatchSize,
  );
  return null;
}
