// One pass of each scheduler loop (deployments-and-work-pools §3.2–3.3),
// with the clock passed in: page through the selected deployments in id
// order, generate runs for all their active schedules from `now` to
// now + MAX_SCHEDULED_TIME, and insert them INSERT_BATCH_SIZE per
// transaction. Returns how many runs this pass inserted.
import type { Db } from '../../db/client.ts';
import type { Settings } from '../../settings.ts';
import { runsForDeployments } from './deployment.ts';
import { insertScheduledRuns } from './runs.ts';
import { deploymentsNeedingRuns, recentlyUpdatedDeployments } from './select.ts';

export type PassKind = 'main' | 'recent';

export async function schedulerPass(db: Db, settings: Settings['scheduler'], now: Date, kind: PassKind = 'main'): Promise<number> {
  let inserted = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = { now, batchSize: settings.deploymentBatchSize, afterId };
    const ids: string[] =
      kind === 'main'
        ? await deploymentsNeedingRuns(db, { ...page, minRuns: settings.minRuns, minScheduledTime: settings.minScheduledTime })
        : await recentlyUpdatedDeployments(db, { ...page, loopSeconds: settings.recentDeploymentsLoopSeconds });
    const runs = await runsForDeployments(db, ids, {
      start: now,
      end: new Date(now.getTime() + settings.maxScheduledTime * 1000),
      minTime: settings.minScheduledTime,
      minRuns: settings.minRuns,
      maxRuns: settings.maxRuns,
      now,
    });
    inserted += (await insertScheduledRuns(db, runs, settings.insertBatchSize)).length;
    if (ids.length < settings.deploymentBatchSize) return inserted;
    afterId = ids.at(-1)!;
  }
}
