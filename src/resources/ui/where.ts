// Which task runs a UI count means: the task-run filter, and with any of
// flows / flow_runs / deployments / work_pools / work_queues given, ONE flow run
// (its flow, deployment, queue and pool) satisfying them all: one EXISTS over
// the flow run, as Prefect's _apply_task_run_filters builds it.
import type { Context } from '../../graphql/context.ts';
import { and, given, own, toWhere } from '../../filters/related.ts';
import { is } from '../../filters/condition.ts';
import { flowRunListWhere } from '../flow-runs/where.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';

type Value = Record<string, unknown> | null | undefined;

export interface UiTaskRunArgs {
  task_runs?: Value;
  flows?: Value;
  flow_runs?: Value;
  deployments?: Value;
  work_pools?: Value;
  work_queues?: Value;
}

export async function uiTaskRunWhere(args: UiTaskRunArgs, ctx: Context) {
  const { task_runs, ...run } = args;
  const viaFlowRun = Object.values(run).some((value) => given(value));
  return toWhere(and([own(TaskRunFilter, task_runs, ctx), viaFlowRun ? is('flow_run', await flowRunListWhere(run, ctx)) : true]));
}
