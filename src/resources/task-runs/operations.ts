// Root fields for task runs and their states (api/task_runs.py, api/task_run_states.py).
import { builder } from '../../graphql/builder.ts';
import { defineListOperations } from '../list-operations.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { OrchestrationResult } from '../states/results.ts';
import { State, StateCreate } from '../states/types.ts';
import { TaskRunFilter } from './filters.ts';
import { TaskRunCreate, TaskRunUpdate } from './inputs.ts';
import { createTaskRun, deleteTaskRun, proposeTaskRunState, readTaskRunById, readTaskRunState, readTaskRunStates, updateTaskRun } from './service.ts';
import { TaskRunSort } from './sort.ts';
import { HistoryResponse, checkHistoryInterval, historyArgs, readRunHistory } from '../runs/history.ts';
import { TaskRun, TaskRunPaginationResponse } from './types.ts';
import { taskRunWhere } from './where.ts';

// Body keys of the list routes; deployments joins as that resource arrives.
const filterArgs = builder.args((t) => ({
  flows: t.field({ type: FlowFilter.ref, description: FlowFilter.argument }),
  flow_runs: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  task_runs: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
}));

defineListOperations({
  plural: 'task_runs',
  lean: 'TaskRun',
  type: TaskRun,
  pagination: TaskRunPaginationResponse,
  model: (ctx) => ctx.db.taskRun,
  filterArgs,
  sort: { ref: TaskRunSort.ref, orderBy: TaskRunSort.orderBy, default: 'ID_DESC' },
  where: taskRunWhere,
});

builder.queryFields((t) => ({
  task_run_history: t.field({
    type: [HistoryResponse],
    description: 'Counts of matching task runs per interval and state, by expected start time.',
    args: { ...historyArgs, ...filterArgs },
    resolve: async (_root, args, ctx) => {
      checkHistoryInterval(args.history_interval_seconds);
      return readRunHistory(ctx, 'TaskRun', taskRunWhere(args, ctx), args);
    },
  }),
  read_task_run: t.prismaField({
    type: TaskRun,
    description: 'Get a task run by id.',
    args: { id: t.arg({ description: 'The task run id', type: 'UUID', required: true }) },
    resolve: (query, _root, args, ctx) => readTaskRunById(ctx, args.id, query),
  }),
  read_task_run_state: t.field({
    type: State,
    description: 'Get a task run state by id.',
    args: { id: t.arg({ description: 'The task run state id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readTaskRunState(ctx, args.id),
  }),
  read_task_run_states: t.field({
    type: [State],
    description: 'Every state of a task run, oldest first.',
    args: { task_run_id: t.arg({ description: 'The task run whose states to read.', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readTaskRunStates(ctx, args.task_run_id),
  }),
}));

builder.mutationFields((t) => ({
  create_task_run: t.prismaField({
    type: TaskRun,
    description: 'Create a task run, or return the one with the same flow_run_id, task_key and dynamic_key.',
    args: { task_run: t.arg({ description: 'Data used by the Prefect REST API to create a task run', type: TaskRunCreate, required: true }) },
    resolve: (query, _root, args, ctx) => createTaskRun(ctx, args.task_run as never, query),
  }),
  update_task_run: t.prismaField({
    type: TaskRun,
    description: 'Rename a task run; returns it.',
    args: {
      id: t.arg({ description: 'The task run id', type: 'UUID', required: true }),
      task_run: t.arg({ description: 'Data used by the Prefect REST API to update a task run', type: TaskRunUpdate, required: true }),
    },
    resolve: (query, _root, args, ctx) => updateTaskRun(ctx, args.id, args.task_run, query),
  }),
  delete_task_run: t.boolean({
    description: 'Delete a task run with its states.',
    args: { id: t.arg({ description: 'The task run id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteTaskRun(ctx, args.id),
  }),
  set_task_run_state: t.field({
    type: OrchestrationResult,
    description: 'Propose a new state for a task run; orchestration decides.',
    args: {
      id: t.arg({ description: 'The task run id', type: 'UUID', required: true }),
      state: t.arg({ description: 'The intended state.', type: StateCreate, required: true }),
      force: t.arg.boolean({
        description: 'If false, orchestration rules will be applied that may alter or prevent the state transition. If True, orchestration rules are not applied.',
        defaultValue: false,
      }),
    },
    resolve: (_root, args, ctx) => proposeTaskRunState(ctx, args.id, args.state as never, { force: args.force ?? false }) as never,
  }),
}));
