// Which flows a list/count request means (flows-and-runs §1.8): the flow filter,
// and ONE flow run per flow that satisfies flow_runs and has a task run
// satisfying task_runs.
import type { Context } from '../../graphql/context.ts';
import { and, given, own, someRelated, toWhere, type Condition } from '../../filters/related.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { FlowFilter } from './filters.ts';

export interface FlowListArgs {
  flows?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
}

export function flowCondition(args: FlowListArgs, ctx: Context): Condition {
  const conditions = [own(FlowFilter, args.flows, ctx)];
  if (given(args.flow_runs) || given(args.task_runs)) {
    conditions.push(
      someRelated('flow_runs', [
        own(FlowRunFilter, args.flow_runs, ctx),
        given(args.task_runs) ? someRelated('task_runs', [own(TaskRunFilter, args.task_runs, ctx)]) : true,
      ]),
    );
  }
  return and(conditions);
}

export const flowWhere = (args: FlowListArgs, ctx: Context) => toWhere(flowCondition(args, ctx));
