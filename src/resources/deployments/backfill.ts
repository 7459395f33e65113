// POST /deployments/{id}/schedule (§1.11): runs for each active schedule in a
// window, built and inserted exactly as the scheduler does (idempotent).
import type { Context } from '../../graphql/context.ts';

export interface ScheduleWindow {
  start_time?: Date | null;
  end_time?: Date | null;
  min_time?: number | null;
  min_runs?: number | null;
  max_runs?: number | null;
}

/** A missing deployment answers null too (Prefect's surprise). */
export async function scheduleDeployment(ctx: Context, id: string, _window: ScheduleWindow): Promise<null> {
  const deployment = await ctx.db.deployment.findUnique({ where: { id }, select: { id: true } });
  if (!deployment) return null;
  // Run generation arrives with the scheduler (src/services/scheduler/runs.ts).
  return null;
}
