// Root fields for flow runs and their states (api/flow_runs.py, api/flow_run_states.py).
import { clientVersionFromUserAgent } from '../../orchestration/rules/deployment-concurrency.ts';
import { builder } from '../../graphql/builder.ts';
import { defineListOperations } from '../list-operations.ts';
import { parseApiVersion } from '../../api-version.ts';
import { FlowFilter } from '../flows/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { WorkPoolFilter, WorkQueueFilter } from '../work-pools/filters.ts';
import { BulkStateResponse, OrchestrationResult } from '../states/results.ts';
import { BulkDeleteResponse } from '../bulk.ts';
import { bulkLimitArgs } from '../../pagination.ts';
import { State, StateCreate } from '../states/types.ts';
import { FlowRunFilter } from './filters.ts';
import { FlowRunCreate, FlowRunUpdate } from './inputs.ts';
import {
  bulkDeleteFlowRuns,
  bulkSetFlowRunState,
  createFlowRun,
  deleteFlowRun,
  proposeFlowRunState,
  readFlowRunById,
  readFlowRunState,
  readFlowRunStates,
  resumePausedFlowRun,
  updateFlowRun,
  updateFlowRunLabels,
} from './service.ts';
import { FlowRunSort } from './sort.ts';
import { HistoryResponse, checkHistoryInterval, historyArgs, readAverageLateness, readRunHistory } from '../runs/history.ts';
import { FlowRun, FlowRunPaginationResponse } from './types.ts';
import { flowRunListWhere, flowRunWhere } from './where.ts';
import { DeploymentFilter } from '../deployments/filters.ts';

// Body keys of the list routes (flows-and-runs §2.9). deployments joins as
// that resource arrives. /flow_runs/history names the queue key work_queues.
const relatedArgs = builder.args((t) => ({
  flows: t.field({ type: FlowFilter.ref, description: FlowFilter.argument }),
  flow_runs: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  task_runs: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
  work_pools: t.field({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }),
  deployments: t.field({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
}));
const filterArgs = builder.args((t) => ({ ...relatedArgs, work_pool_queues: t.field({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }) }));
const historyFilterArgs = builder.args((t) => ({ ...relatedArgs, work_queues: t.field({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }) }));
const stateArgs = builder.args((t) => ({
  state: t.field({ description: 'The state to set', type: StateCreate, required: true }),
  force: t.boolean({ defaultValue: false, description: 'Apply the minimal policy instead of the core one.' }),
}));

defineListOperations({
  plural: 'flow_runs',
  lean: 'FlowRun',
  type: FlowRun,
  pagination: FlowRunPaginationResponse,
  model: (ctx) => ctx.db.flowRun,
  filterArgs,
  sort: { ref: FlowRunSort.ref, orderBy: FlowRunSort.orderBy, default: 'ID_DESC' },
  where: flowRunListWhere,
});

builder.queryFields((t) => ({
  average_flow_run_lateness: t.field({
    type: 'Seconds',
    nullable: true,
    description: 'The mean lateness of the matching runs, in seconds; null when none match.',
    args: filterArgs,
    resolve: async (_root, args, ctx) => readAverageLateness(ctx, 'FlowRun', await flowRunListWhere(args, ctx)),
  }),
  flow_run_history: t.field({
    type: [HistoryResponse],
    description: 'Counts of matching runs per interval and state, by expected start time.',
    args: { ...historyArgs, ...historyFilterArgs },
    resolve: async (_root, args, ctx) => {
      checkHistoryInterval(args.history_interval_seconds);
      return readRunHistory(ctx, 'FlowRun', await flowRunListWhere(args, ctx), args);
    },
  }),
  read_flow_run: t.prismaField({
    type: FlowRun,
    description: 'Get a flow run by id.',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }) },
    resolve: (query, _root, args, ctx) => readFlowRunById(ctx, args.id, query),
  }),
  read_flow_run_state: t.field({
    type: State,
    description: 'Get a flow run state by id.',
    args: { id: t.arg({ description: 'The flow run state id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readFlowRunState(ctx, args.id),
  }),
  read_flow_run_states: t.field({
    type: [State],
    description: 'Every state of a flow run, oldest first.',
    args: { flow_run_id: t.arg({ description: 'The flow run whose states to read.', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readFlowRunStates(ctx, args.flow_run_id),
  }),
}));

builder.mutationFields((t) => ({
  create_flow_run: t.prismaField({
    type: FlowRun,
    description: 'Create a flow run. With an idempotency key already used for the flow, returns that run.',
    args: { flow_run: t.arg({ description: 'Data used by the Prefect REST API to create a flow run.', type: FlowRunCreate, required: true }) },
    resolve: (query, _root, args, ctx) => createFlowRun(ctx, args.flow_run as never, query),
  }),
  update_flow_run: t.prismaField({
    type: FlowRun,
    description: 'Update a flow run; returns it.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      flow_run: t.arg({ description: 'Data used by the Prefect REST API to update a flow run.', type: FlowRunUpdate, required: true }),
    },
    resolve: (query, _root, args, ctx) => updateFlowRun(ctx, args.id, args.flow_run as never, query),
  }),
  update_flow_run_labels: t.boolean({
    description: 'Merge labels into a flow run’s labels.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      labels: t.arg({ description: "Labels to merge into the flow run's labels.", type: 'KeyValueLabels', required: true }),
    },
    resolve: (_root, args, ctx) => updateFlowRunLabels(ctx, args.id, args.labels),
  }),
  bulk_delete_flow_runs: t.field({
    type: BulkDeleteResponse,
    description: 'Delete up to `limit` flow runs matching the filter (newest id first).',
    args: { flow_runs: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }), ...bulkLimitArgs },
    resolve: (_root, args, ctx) => bulkDeleteFlowRuns(ctx, flowRunWhere({ flow_runs: args.flow_runs }, ctx), args.limit ?? 50),
  }),
  bulk_set_flow_run_state: t.field({
    type: BulkStateResponse,
    description: 'Propose one state to up to `limit` matching flow runs, each orchestrated on its own.',
    args: { flow_runs: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }), ...stateArgs, ...bulkLimitArgs },
    resolve: (_root, args, ctx) =>
      bulkSetFlowRunState(ctx, flowRunWhere({ flow_runs: args.flow_runs }, ctx), args.limit ?? 50, args.state as never, {
        force: args.force ?? false,
        apiVersion: parseApiVersion(ctx.header('x-prefect-api-version')),
        clientVersion: clientVersionFromUserAgent(ctx.header('user-agent')),
      }) as never,
  }),
  delete_flow_run: t.boolean({
    description: 'Delete a flow run, with its states and task runs.',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteFlowRun(ctx, args.id),
  }),
  set_flow_run_state: t.field({
    type: OrchestrationResult,
    description: 'Propose a new state for a flow run; orchestration decides.',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }), ...stateArgs },
    resolve: (_root, args, ctx) =>
      proposeFlowRunState(ctx, args.id, args.state as never, {
        force: args.force ?? false,
        apiVersion: parseApiVersion(ctx.header('x-prefect-api-version')),
        clientVersion: clientVersionFromUserAgent(ctx.header('user-agent')),
      }) as never,
  }),
  resume_flow_run: t.field({
    type: OrchestrationResult,
    description: 'Resume a paused flow run.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      run_input: t.arg({ description: 'The input the paused run waits for, validated against the schema it gave when pausing.', type: 'JSON' }),
    },
    resolve: (_root, args, ctx) => resumePausedFlowRun(ctx, args.id, (args.run_input as Record<string, unknown> | null) ?? null) as never,
  }),
}));
