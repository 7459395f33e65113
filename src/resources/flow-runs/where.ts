// Which flow runs a list/count request means (flows-and-runs §2.9).
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, someRelated, toWhere, type Condition } from '../../filters/related.ts';
import { FlowFilter } from '../flows/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { FlowRunFilter } from './filters.ts';

export interface FlowRunListArgs {
  flows?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
}

export function flowRunCondition(args: FlowRunListArgs, ctx: Context): Condition {
  return and([
    own(FlowRunFilter, args.flow_runs, ctx),
    given(args.flows) ? isRelated('flow', [own(FlowFilter, args.flows, ctx)]) : true,
    given(args.task_runs) ? someRelated('task_runs', [own(TaskRunFilter, args.task_runs, ctx)]) : true,
  ]);
}

export const flowRunWhere = (args: FlowRunListArgs, ctx: Context) => toWhere(flowRunCondition(args, ctx));
