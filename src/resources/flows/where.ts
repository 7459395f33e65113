// Which flows a list/count request means (flows-and-runs §1.8): the flow filter,
// and ONE flow run per flow that satisfies flow_runs and has a task run
// satisfying task_runs.
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, someRelated, toWhere, type Condition } from '../../filters/related.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { WorkPoolFilter } from '../work-pools/filters.ts';
import { FlowFilter } from './filters.ts';
import { flowDeploymentCondition } from '../deployments/related.ts';

export interface FlowListArgs {
  flows?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
  work_pools?: Record<string, unknown> | null;
  deployments?: Record<string, unknown> | null;
}

/**
 * The conditions ONE deployment of the flow must meet together (§1.8): the
 * `deployments` filter joins this list; `work_pools`: its queue's pool
 * matches (deployments without a queue never do).
 */
function deploymentConditions(args: FlowListArgs, ctx: Context): Condition[] {
  return [
    flowDeploymentCondition(ctx, args.deployments),
    given(args.work_pools) ? isRelated('work_queue', [isRelated('work_pool', [own(WorkPoolFilter, args.work_pools, ctx)])]) : true,
  ];
}

export function flowCondition(args: FlowListArgs, ctx: Context): Condition {
  const conditions = [own(FlowFilter, args.flows, ctx)];
  if (given(args.flow_runs) || given(args.task_runs)) {
    conditions.push(
      someRelated('flow_runs', [own(FlowRunFilter, args.flow_runs, ctx), given(args.task_runs) ? someRelated('task_runs', [own(TaskRunFilter, args.task_runs, ctx)]) : true]),
    );
  }
  if (given(args.deployments) || given(args.work_pools)) conditions.push(someRelated('deployments', deploymentConditions(args, ctx)));
  return and(conditions);
}

export const flowWhere = (args: FlowListArgs, ctx: Context) => toWhere(flowCondition(args, ctx));
