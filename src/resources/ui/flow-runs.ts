// /ui/flow_runs/history and /ui/flow_runs/count-task-runs (§7.3–7.4).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { FlowRunSort } from '../flow-runs/sort.ts';
import { flowRunListWhere, type FlowRunListArgs } from '../flow-runs/where.ts';
import { DeploymentFilter } from '../deployments/filters.ts';
import { WorkPoolFilter } from '../work-pools/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { StateTypeEnum } from '../states/types.ts';
import { estimatedRunTime, estimatedStartTimeDelta } from '../runs/run-times.ts';
import { keyedByRequest } from './flows.ts';
import { between, checkedScalar } from '../../graphql/scalars.ts';

export const MAX_HISTORY_LIMIT = 1000;

export interface SimpleFlowRun {
  id: string;
  state_type: string;
  timestamp: Date;
  duration: number;
  lateness: number;
}

export const SimpleFlowRunType = builder.objectRef<SimpleFlowRun>('SimpleFlowRun').implement({
  description: 'A flow run as the UI’s run history chart draws it.',
  fields: (t) => ({
    id: t.field({ type: 'UUID', description: 'The flow run id.', resolve: (r) => r.id }),
    state_type: t.field({ type: StateTypeEnum, description: 'The state type.', resolve: (r) => r.state_type as never }),
    timestamp: t.field({ type: 'DateTime', description: "The start time of the run, or the expected start time if it hasn't run yet.", resolve: (r) => r.timestamp }),
    duration: t.field({ type: 'Seconds', description: 'The total run time of the run.', resolve: (r) => r.duration }),
    lateness: t.field({ type: 'Seconds', description: 'The delay between the expected and actual start time.', resolve: (r) => r.lateness }),
  }),
});

/** The history limit: default and maximum 1000 (not the shared paging limit), at least 0. */
const HistoryLimit = builder.addScalarType(
  'HistoryLimit' as never,
  // laxInt: the REST door coerces "5" and 5.0 first.
  checkedScalar(null, { name: 'HistoryLimit', description: 'An integer from 0 to 1000.', parse: between(0, MAX_HISTORY_LIMIT), extensions: { laxInt: true } }),
);

export async function readFlowRunHistory(
  ctx: Context,
  args: FlowRunListArgs & { sort?: string | null; limit?: number | null; offset?: number | null },
  now = new Date(),
): Promise<SimpleFlowRun[]> {
  const runs = await ctx.db.flowRun.findMany({
    where: await flowRunListWhere(args, ctx),
    orderBy: FlowRunSort.orderBy((args.sort ?? 'EXPECTED_START_TIME_DESC') as never) as never,
    take: args.limit ?? MAX_HISTORY_LIMIT,
    skip: args.offset ?? 0,
    select: { id: true, state_type: true, start_time: true, expected_start_time: true, total_run_time: true, state_timestamp: true },
  });
  // A run without a state type or any time has no point on the chart (Prefect fails with 500 on it).
  return runs
    .filter((run) => run.state_type !== null && (run.start_time ?? run.expected_start_time) !== null)
    .map((run) => ({
      id: run.id,
      state_type: run.state_type!,
      timestamp: (run.start_time ?? run.expected_start_time)!,
      duration: estimatedRunTime(run, now),
      lateness: estimatedStartTimeDelta(run, now),
    }));
}

/** Task runs per flow run, subflow task runs (those a flow run points at as parent) not counted. */
export async function countTaskRunsByFlowRun(ctx: Context, flowRunIds: readonly string[]): Promise<Record<string, number>> {
  const groups =
    flowRunIds.length === 0
      ? []
      : await ctx.db.taskRun.groupBy({ by: ['flow_run_id'], where: { flow_run_id: { in: [...new Set(flowRunIds)] }, subflow_runs: { none: {} } }, _count: { _all: true } });
  return keyedByRequest(flowRunIds, new Map(groups.map((g) => [g.flow_run_id!, g._count._all])), 0);
}

builder.queryFields((t) => ({
  read_flow_run_history: t.field({
    type: [SimpleFlowRunType],
    description: 'Matching flow runs as points of the UI’s history chart, in sort order (default EXPECTED_START_TIME_DESC).',
    args: {
      sort: t.arg({ description: 'The order of the flow runs; ties are broken by id.', type: FlowRunSort.ref, defaultValue: 'EXPECTED_START_TIME_DESC' }),
      limit: t.arg({
        description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT (200), which is also the maximum.',
        type: HistoryLimit as never,
        defaultValue: MAX_HISTORY_LIMIT as never,
      }),
      offset: t.arg({ description: 'How many results to skip before the first one returned.', type: 'NonNegativeInt', defaultValue: 0 }),
      flows: t.arg({ type: FlowFilter.ref, description: FlowFilter.argument }),
      flow_runs: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
      task_runs: t.arg({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
      deployments: t.arg({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
      work_pools: t.arg({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }),
    },
    resolve: (_root, args, ctx) => readFlowRunHistory(ctx, args as never),
  }),
  count_task_runs_by_flow_run: t.field({
    type: 'JSON',
    description: 'Task runs per flow run (subflow task runs excluded): `{"<flow run id>": count}`, one key per requested id.',
    args: { flow_run_ids: t.arg({ description: 'The flow runs whose task runs to count.', type: ['UUID'], required: true }) },
    resolve: (_root, args, ctx) => countTaskRunsByFlowRun(ctx, args.flow_run_ids),
  }),
}));
