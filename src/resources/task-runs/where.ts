// Which task runs a list/count request means (flows-and-runs §3.7): with flows
// or flow_runs given, ONE flow run (and its flow) must match, so task runs
// without a flow run drop out.
import type { Context } from '../../graphql/context.ts';
import { and, given, isRelated, own, toWhere, type Condition } from '../../filters/related.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from './filters.ts';

export interface TaskRunListArgs {
  flows?: Record<string, unknown> | null;
  flow_runs?: Record<string, unknown> | null;
  task_runs?: Record<string, unknown> | null;
}

export function taskRunCondition(args: TaskRunListArgs, ctx: Context): Condition {
  const viaFlowRun = given(args.flows) || given(args.flow_runs);
  return and([
    own(TaskRunFilter, args.task_runs, ctx),
    viaFlowRun ? isRelated('flow_run', [own(FlowRunFilter, args.flow_runs, ctx), given(args.flows) ? isRelated('flow', [own(FlowFilter, args.flows, ctx)]) : true]) : true,
  ]);
}

export const taskRunWhere = (args: TaskRunListArgs, ctx: Context) => toWhere(taskRunCondition(args, ctx));
