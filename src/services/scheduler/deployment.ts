// Runs for whole deployments: reads each deployment with its active schedules
// and generates their runs (§3.4). Used by the scheduler's passes and by
// POST /deployments/{id}/schedule (scheduleDeploymentRuns).
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/sqlite/client.ts';
import { insertScheduledRuns, scheduledRunsFor, type ScheduledRun, type ScheduleWindow } from './runs.ts';

const DEPLOYMENT_SELECT = {
  id: true,
  flow_id: true,
  version: true,
  work_queue_name: true,
  work_queue_id: true,
  parameters: true,
  infrastructure_document_id: true,
  tags: true,
  labels: true,
  schedules: { where: { active: true }, select: { id: true, schedule: true, active: true, parameters: true, slug: true }, orderBy: [{ created: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.DeploymentSelect;

/**
 * The runs the deployments' active schedules call for. A deployment whose
 * generation fails (a schedule stored broken) is logged and skipped, as
 * Prefect's scheduler does; `onError` sees it.
 */
export async function runsForDeployments(
  db: Db,
  ids: readonly string[],
  window: ScheduleWindow,
  onError: (id: string, error: unknown) => void = logError,
): Promise<ScheduledRun[]> {
  if (ids.length === 0) return [];
  const deployments = await db.deployment.findMany({ where: { id: { in: [...ids] } }, select: DEPLOYMENT_SELECT, orderBy: { id: 'asc' } });
  const runs: ScheduledRun[] = [];
  for (const deployment of deployments) {
    try {
      runs.push(...scheduledRunsFor(deployment, deployment.schedules, window));
    } catch (error) {
      onError(deployment.id, error);
    }
  }
  return runs;
}

function logError(id: string, error: unknown) {
  console.warn(`prefect-graphql: scheduler: error scheduling deployment '${id}': ${(error as Error)?.message ?? error}`);
}

/**
 * Generates and inserts one deployment's runs for a window (POST
 * /deployments/{id}/schedule, §1.11); the deployment's `paused` flag is not
 * looked at. Returns the ids inserted (none for a missing deployment).
 */
export async function scheduleDeploymentRuns(db: Db, deploymentId: string, window: ScheduleWindow, insertBatchSize = 500): Promise<string[]> {
  const runs = await runsForDeployments(db, [deploymentId], window, (_id, error) => {
    throw error;
  });
  return insertScheduledRuns(db, runs, insertBatchSize);
}
