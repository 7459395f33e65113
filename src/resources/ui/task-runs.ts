// /ui/task_runs/dashboard/counts, /ui/task_runs/count and GET /ui/task_runs/{id}
// (§7.5–7.7). Counts are one grouped statement each.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { httpError, notFound } from '../../errors.ts';
import { modelsOf } from '../../filters/sql/datamodel.ts';
import { Params } from '../../filters/sql/params.ts';
import { compileWhere, newScope } from '../../filters/sql/where.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { DeploymentFilter } from '../deployments/filters.ts';
import { WorkPoolFilter, WorkQueueFilter } from '../work-pools/filters.ts';
import { uiTaskRunWhere, type UiTaskRunArgs } from './where.ts';
import { dashboardWindow, DASHBOARD_BUCKETS } from './window.ts';
import { UITaskRun } from './ui-task-run.ts';

const TERMINAL = ['COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED'];
const FAILED = new Set(['FAILED', 'CRASHED']);

/** Prefect's CountByState keys, in its order. */
export const STATE_TYPES_IN_COUNT_ORDER = ['COMPLETED', 'PENDING', 'RUNNING', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING', 'SCHEDULED'] as const;

export interface TaskRunCount {
  completed: number;
  failed: number;
}

export const TaskRunCountType = builder.objectRef<TaskRunCount>('TaskRunCount').implement({
  description: 'Terminal task runs of one dashboard time bucket.',
  fields: (t) => ({
    completed: t.exposeInt('completed', { description: 'The number of completed task runs (COMPLETED and CANCELLED).' }),
    failed: t.exposeInt('failed', { description: 'The number of failed task runs (FAILED and CRASHED).' }),
  }),
});

export const CountByState = builder.objectRef<Record<string, number>>('CountByState').implement({
  description: 'Runs per state type.',
  fields: (t) =>
    Object.fromEntries(STATE_TYPES_IN_COUNT_ORDER.map((type) => [type, t.int({ description: `How many runs are in a ${type} state.`, resolve: (counts) => counts[type] ?? 0 })])),
});

type DashboardArgs = UiTaskRunArgs & { task_runs: Record<string, unknown> };

/**
 * 20 buckets of terminal task runs between `task_runs.start_time.after_` (to
 * the minute) and the end of the minute of `before_` (or of now). Every run is
 * placed by a CASE over the bucket boundaries, and counted per bucket and
 * state type in one grouped statement.
 */
export async function readDashboardTaskRunCounts(ctx: Context, args: DashboardArgs, now = new Date()): Promise<TaskRunCount[]> {
  const startTime = args.task_runs.start_time as { after_?: Date | null; before_?: Date | null } | null | undefined;
  if (!startTime?.after_) throw httpError(422, 'task_runs.start_time.after_ is required');
  const { boundaries } = dashboardWindow(startTime.after_, startTime.before_ ?? null, now);
  // Only terminal runs count: any state filter sent is replaced.
  const taskRuns = { ...args.task_runs, state: { type: { any_: TERMINAL } } };
  const where = await uiTaskRunWhere({ ...args, task_runs: taskRuns }, ctx);
  const models = modelsOf(ctx.db);
  const params = new Params(ctx.target.provider);
  // SQLite binds `?` by position: the CASE's boundaries come first in the text, so they are added first.
  const before = params.add(boundaries[0]);
  const cases = boundaries
    .slice(1)
    .map((end, i) => `WHEN t.start_time < ${params.add(end)} THEN ${i}`)
    .join(' ');
  const condition = compileWhere(newScope(models, params), models.get('TaskRun')!, 't', where as Record<string, unknown>);
  const sql =
    `SELECT b.bucket AS bucket, b.state_type AS state_type, count(*) AS n FROM (` +
    `SELECT CASE WHEN t.start_time < ${before} THEN NULL ${cases} ELSE NULL END AS bucket, t.state_type AS state_type ` +
    `FROM task_run t WHERE ${condition}) b WHERE b.bucket IS NOT NULL GROUP BY b.bucket, b.state_type`;
  const rows = await ctx.db.$queryRawUnsafe<{ bucket: number | bigint; state_type: string; n: number | bigint }[]>(sql, ...params.values);
  const buckets: TaskRunCount[] = Array.from({ length: DASHBOARD_BUCKETS }, () => ({ completed: 0, failed: 0 }));
  for (const row of rows) {
    const bucket = buckets[Number(row.bucket)];
    if (FAILED.has(row.state_type)) bucket.failed += Number(row.n);
    else bucket.completed += Number(row.n);
  }
  return buckets;
}

export async function readTaskRunCountsByState(ctx: Context, args: UiTaskRunArgs): Promise<Record<string, number>> {
  const where = { AND: [await uiTaskRunWhere(args, ctx), { state_type: { not: null } }] };
  const groups = await ctx.db.taskRun.groupBy({ by: ['state_type'], where, _count: { _all: true } });
  const counts: Record<string, number> = Object.fromEntries(STATE_TYPES_IN_COUNT_ORDER.map((type) => [type, 0]));
  for (const group of groups) if (group.state_type && group.state_type in counts) counts[group.state_type] = group._count._all;
  return counts;
}

builder.queryFields((t) => ({
  read_dashboard_task_run_counts: t.field({
    type: [TaskRunCountType],
    description: 'Terminal task runs in 20 time buckets from `task_runs.start_time.after_` (required) to `before_` or now.',
    args: {
      task_runs: t.arg({ type: TaskRunFilter.ref, description: TaskRunFilter.argument, required: true }),
      flows: t.arg({ type: FlowFilter.ref, description: FlowFilter.argument }),
      flow_runs: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
      deployments: t.arg({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
      work_pools: t.arg({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }),
      work_queues: t.arg({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }),
    },
    resolve: (_root, args, ctx) => readDashboardTaskRunCounts(ctx, args as DashboardArgs),
  }),
  read_task_run_counts_by_state: t.field({
    type: CountByState,
    description: 'Matching task runs per state type; all nine types, 0 where none.',
    args: {
      flows: t.arg({ type: FlowFilter.ref, description: FlowFilter.argument }),
      flow_runs: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
      task_runs: t.arg({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
      deployments: t.arg({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
    },
    resolve: (_root, args, ctx) => readTaskRunCountsByState(ctx, args as UiTaskRunArgs),
  }),
  read_task_run_with_flow_run_name: t.prismaField({
    type: UITaskRun,
    description: 'A task run with the name of its flow run.',
    args: { id: t.arg({ description: 'The task run id', type: 'UUID', required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const run = await ctx.db.taskRun.findUnique({ ...query, where: { id: args.id } });
      if (!run) throw notFound('Task not found');
      return run;
    },
  }),
}));
