// Which deployments a list/count request means (§1.7). flow_run.deployment_id
// has no foreign key, hence no Prisma relation: the flow_runs/task_runs keys
// are one statement for the matching runs' deployment ids first, then
// `id IN (...)`.
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, someRelated, toWhere, type Condition } from '../../filters/related.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { WorkPoolFilter, WorkQueueFilter } from '../work-pools/filters.ts';
import { DeploymentFilter } from './filters.ts';

type Value = Record<string, unknown> | null | undefined;

export interface DeploymentListArgs {
  flows?: Value;
  flow_runs?: Value;
  task_runs?: Value;
  deployments?: Value;
  work_pools?: Value;
  work_pool_queues?: Value;
}

/** The ids of deployments with a run matching flow_runs (and a task run matching task_runs). */
async function deploymentIdsWithRuns(args: DeploymentListArgs, ctx: Context): Promise<string[]> {
  const where = toWhere(
    and([
      { deployment_id: { not: null } },
      own(FlowRunFilter, args.flow_runs, ctx),
      given(args.task_runs) ? someRelated('task_runs', [own(TaskRunFilter, args.task_runs, ctx)]) : true,
    ]),
  );
  const rows = await ctx.db.flowRun.findMany({ where, select: { deployment_id: true }, distinct: ['deployment_id'] });
  return rows.map((r) => r.deployment_id!);
}

export async function deploymentCondition(args: DeploymentListArgs, ctx: Context): Promise<Condition> {
  const conditions: Condition[] = [own(DeploymentFilter, args.deployments, ctx)];
  if (given(args.flows)) conditions.push(isRelated('flow', [own(FlowFilter, args.flows, ctx)]));
  if (given(args.work_pool_queues) || given(args.work_pools)) {
    conditions.push(
      isRelated('work_queue', [
        own(WorkQueueFilter, args.work_pool_queues, ctx),
        given(args.work_pools) ? isRelated('work_pool', [own(WorkPoolFilter, args.work_pools, ctx)]) : true,
      ]),
    );
  }
  if (given(args.flow_runs) || given(args.task_runs)) conditions.push({ id: { in: await deploymentIdsWithRuns(args, ctx) } });
  return and(conditions);
}

export const deploymentWhere = async (args: DeploymentListArgs, ctx: Context) => toWhere(await deploymentCondition(args, ctx));
