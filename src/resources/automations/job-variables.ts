// Job variables of run-deployment actions (events §5.4): checked against the
// target deployment's work pool, as a flow run of that deployment would be
// (required fields enforced, invalid pool defaults ignored). Create skips
// `{}`, PUT checks it; both say "Error creating automation".
import { httpError } from '../../errors.ts';
import type { Action } from '../../automations/types.ts';
import type { Context } from '../../graphql/context.ts';
import { jobVariablesFailure } from '../deployments/job-variables.ts';

type Json = Record<string, unknown>;

export async function checkActionJobVariables(ctx: Context, actions: Action[], mode: 'create' | 'update'): Promise<void> {
  const failures: string[] = [];
  for (const action of actions) {
    if (action.type !== 'run-deployment' || !action.deployment_id) continue;
    const jobVariables = action.job_variables as Json | null;
    if (jobVariables === null || jobVariables === undefined) continue;
    if (mode === 'create' && Object.keys(jobVariables).length === 0) continue;
    const deployment = await ctx.db.deployment.findUnique({
      where: { id: String(action.deployment_id) },
      select: { infra_overrides: true, work_queue: { select: { work_pool: { select: { base_job_template: true } } } } },
    });
    if (!deployment) throw httpError(404, 'Deployment not found.');
    const pool = deployment.work_queue?.work_pool;
    if (!pool) continue;
    const own = deployment.infra_overrides as Json | null;
    if ((!own || Object.keys(own).length === 0) && Object.keys(jobVariables).length === 0) continue;
    const failure = await jobVariablesFailure(ctx.db as never, pool.base_job_template, [jobVariables], true);
    if (failure) failures.push(failure);
  }
  if (failures.length > 0) throw httpError(422, `Error creating automation: ${failures.join(' ')}`);
}
