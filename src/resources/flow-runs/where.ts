// Which flow runs a list/count request means (flows-and-runs §2.9).
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, someRelated, toWhere, type Condition } from '../../filters/related.ts';
import { FlowFilter } from '../flows/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { WorkPoolFilter, WorkQueueFilter } from '../work-pools/filters.ts';
import { FlowRunFilter } from './filters.ts';
import { runDeploymentCondition } from '../deployments/related.ts';

export interface FlowRunListArgs {
  flows?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
  work_pools?: Record<string, unknown> | null;
  /** `work_queues` on /flow_runs/history. */
  work_pool_queues?: Record<string, unknown> | null;
  work_queues?: Record<string, unknown> | null;
  deployments?: Record<string, unknown> | null;
}

/** work_pool_queues / work_pools: the run's queue matches, and its pool (one EXISTS through work_queue). */
function queueCondition(args: FlowRunListArgs, ctx: Context): Condition {
  const queues = args.work_pool_queues ?? args.work_queues;
  if (!given(queues) && !given(args.work_pools)) return true;
  return isRelated('work_queue', [own(WorkQueueFilter, queues, ctx), given(args.work_pools) ? isRelated('work_pool', [own(WorkPoolFilter, args.work_pools, ctx)]) : true]);
}

export function flowRunCondition(args: FlowRunListArgs, ctx: Context): Condition {
  return and([
    own(FlowRunFilter, args.flow_runs, ctx),
    given(args.flows) ? isRelated('flow', [own(FlowFilter, args.flows, ctx)]) : true,
    given(args.task_runs) ? someRelated('task_runs', [own(TaskRunFilter, args.task_runs, ctx)]) : true,
    queueCondition(args, ctx),
  ]);
}

export const flowRunWhere = (args: FlowRunListArgs, ctx: Context) => toWhere(flowRunCondition(args, ctx));

/** flowRunWhere and the `deployments` key, whose deployment ids are looked up first (deployments/related.ts). */
export async function flowRunListWhere(args: FlowRunListArgs, ctx: Context) {
  if (!given(args.deployments)) return flowRunWhere(args, ctx);
  return toWhere(and([flowRunCondition(args, ctx), await runDeploymentCondition(ctx, args.deployments)]));
}
