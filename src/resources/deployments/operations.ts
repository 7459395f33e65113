// Root fields for deployments, named after Prefect's operations (api/deployments.py).
import { builder } from '../../graphql/builder.ts';
import { defineListOperations } from '../list-operations.ts';
import { BulkDeleteResponse } from '../bulk.ts';
import { bulkLimitArgs, resolveLimit } from '../../pagination.ts';
import { FlowFilter } from '../flows/filters.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { FlowRun } from '../flow-runs/types.ts';
import { WorkPoolFilter, WorkQueueFilter } from '../work-pools/filters.ts';
import { DeploymentFilter } from './filters.ts';
import { bulkDeleteDeployments, createDeployment, deleteDeployment, readDeploymentById, readDeploymentByName, updateDeployment } from './service.ts';
import { createFlowRunFromDeployment, createFlowRunsFromDeployment, getScheduledFlowRuns, setDeploymentPaused } from './runs.ts';
import { createDeploymentSchedules, deleteDeploymentSchedule, readDeploymentSchedules, updateDeploymentSchedule } from './schedules.ts';
import { scheduleDeployment } from './backfill.ts';
import { workQueueCheck } from './queue-check.ts';
import { WorkQueue } from '../work-pools/types.ts';
import {
  BulkFlowRunCreateResponse,
  Deployment,
  DeploymentCreate,
  DeploymentFlowRunCreate,
  DeploymentPaginationResponse,
  DeploymentSchedule,
  DeploymentScheduleCreate,
  DeploymentScheduleUpdate,
  DeploymentSort,
  DeploymentUpdate,
} from './types.ts';
import { deploymentWhere } from './where.ts';
import './relations.ts';

const filterArgs = builder.args((t) => ({
  flows: t.field({ type: FlowFilter.ref, description: FlowFilter.argument }),
  flow_runs: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  task_runs: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
  deployments: t.field({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
  work_pools: t.field({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }),
  work_pool_queues: t.field({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }),
}));

defineListOperations({
  plural: 'deployments',
  type: Deployment,
  pagination: DeploymentPaginationResponse,
  model: (ctx) => ctx.db.deployment,
  filterArgs,
  sort: { ref: DeploymentSort.ref, orderBy: DeploymentSort.orderBy, default: 'NAME_ASC' },
  where: deploymentWhere,
});

builder.queryFields((t) => ({
  read_deployment: t.prismaField({
    type: Deployment,
    description: 'Get a deployment by id.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (query, _root, args, ctx) => readDeploymentById(ctx, args.id, query),
  }),
  read_deployment_by_name: t.prismaField({
    type: Deployment,
    description: 'Get a deployment using the name of the flow and the deployment.',
    args: {
      flow_name: t.arg.string({ description: 'The name of the flow', required: true }),
      deployment_name: t.arg.string({ description: 'The name of the deployment', required: true }),
    },
    resolve: (query, _root, args, ctx) => readDeploymentByName(ctx, args.flow_name, args.deployment_name, query),
  }),
  read_deployment_schedules: t.prismaField({
    type: [DeploymentSchedule],
    description: "The deployment's schedules, newest-updated first.",
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (query, _root, args, ctx) => readDeploymentSchedules(ctx, args.id, query),
  }),
  work_queue_check_for_deployment: t.prismaField({
    type: [WorkQueue],
    description: 'Deprecated: the legacy work queues whose filter would pick up the deployment.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (query, _root, args, ctx) => workQueueCheck(ctx, args.id, query) as never,
  }),
}));

builder.mutationFields((t) => ({
  create_deployment: t.prismaField({
    type: Deployment,
    description: 'Creates a deployment, or updates the one with the same flow_id and name.',
    args: { deployment: t.arg({ description: 'Data used by the Prefect REST API to create a deployment.', type: DeploymentCreate, required: true }) },
    resolve: (query, _root, args, ctx) => createDeployment(ctx, args.deployment as never, query),
  }),
  update_deployment: t.boolean({
    description: 'Update a deployment; absent keys are left as they are.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      deployment: t.arg({ description: 'Data used by the Prefect REST API to update a deployment.', type: DeploymentUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateDeployment(ctx, args.id, args.deployment as never),
  }),
  delete_deployment: t.boolean({
    description: 'Delete a deployment by id, with its scheduled runs.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (_root, args, ctx) => deleteDeployment(ctx, args.id),
  }),
  bulk_delete_deployments: t.field({
    type: BulkDeleteResponse,
    description: 'Delete up to `limit` deployments matching the filter (by name, A to Z).',
    args: { deployments: t.arg({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }), ...bulkLimitArgs },
    resolve: async (_root, args, ctx) => bulkDeleteDeployments(ctx, await deploymentWhere({ deployments: args.deployments }, ctx), args.limit ?? 50),
  }),
  get_scheduled_flow_runs_for_deployments: t.prismaField({
    type: [FlowRun],
    description: 'Scheduled runs of the deployments, soonest first; marks the deployments polled.',
    args: {
      deployment_ids: t.arg({ description: 'The deployment IDs to get scheduled runs for', type: ['UUID'], required: true }),
      scheduled_before: t.arg({ description: 'The maximum time to look for scheduled flow runs', type: 'DateTime' }),
      limit: t.arg.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT if not provided.' }),
    },
    resolve: (query, _root, args, ctx) => getScheduledFlowRuns(ctx, args.deployment_ids, args.scheduled_before, resolveLimit(args.limit, ctx.settings.api.defaultLimit), query),
  }),
  schedule_deployment: t.field({
    type: 'JSON',
    nullable: true,
    description: 'Schedule runs of each active schedule (backfills included).',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      start_time: t.arg({ description: 'The earliest date to schedule', type: 'DateTime' }),
      end_time: t.arg({ description: 'The latest date to schedule', type: 'DateTime' }),
      min_time: t.arg({ description: 'Runs will be scheduled until at least this long after the `start_time`', type: 'Seconds' }),
      min_runs: t.arg.int({ description: 'The minimum number of runs to schedule' }),
      max_runs: t.arg.int({ description: 'The maximum number of runs to schedule' }),
    },
    resolve: (_root, args, ctx) => scheduleDeployment(ctx, args.id, args),
  }),
  pause_deployment: t.field({
    type: 'JSON',
    nullable: true,
    description: 'Pause the deployment; its auto-scheduled runs still Scheduled are deleted.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (_root, args, ctx) => setDeploymentPaused(ctx, args.id, true),
  }),
  resume_deployment: t.field({
    type: 'JSON',
    nullable: true,
    description: 'Resume the deployment.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }) },
    resolve: (_root, args, ctx) => setDeploymentPaused(ctx, args.id, false),
  }),
  create_flow_run_from_deployment: t.prismaField({
    type: FlowRun,
    description: 'Create a flow run from a deployment (its parameters, tags, queue); an idempotency key already used answers that run.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      flow_run: t.arg({ description: 'Data used by the Prefect REST API to create a flow run from a deployment.', type: DeploymentFlowRunCreate, required: true }),
    },
    resolve: (query, _root, args, ctx) => createFlowRunFromDeployment(ctx, args.id, args.flow_run as never, query) as never,
  }),
  bulk_create_flow_runs_from_deployment: t.field({
    type: BulkFlowRunCreateResponse,
    description: 'Create up to 100 flow runs from a deployment, each reported CREATED or FAILED.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      flow_runs: t.arg({ description: 'The flow runs to create.', type: [DeploymentFlowRunCreate], required: true, extensions: { sequence: true } }),
    },
    resolve: (_root, args, ctx) => createFlowRunsFromDeployment(ctx, args.id, args.flow_runs as never),
  }),
  create_deployment_schedules: t.prismaField({
    type: [DeploymentSchedule],
    description: 'Add schedules to a deployment (request order).',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      schedules: t.arg({ description: 'The schedules to create.', type: [DeploymentScheduleCreate], required: true, extensions: { sequence: true } }),
    },
    resolve: (query, _root, args, ctx) => createDeploymentSchedules(ctx, args.id, args.schedules as never, query),
  }),
  update_deployment_schedule: t.boolean({
    description: 'Update one schedule of a deployment.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }),
      schedule_id: t.arg({ description: 'The schedule id', type: 'UUID', required: true }),
      schedule: t.arg({ description: 'The schedule for the deployment.', type: DeploymentScheduleUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateDeploymentSchedule(ctx, args.id, args.schedule_id, args.schedule as never),
  }),
  delete_deployment_schedule: t.boolean({
    description: 'Delete one schedule of a deployment, with its auto-scheduled runs still Scheduled.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The deployment id' }), schedule_id: t.arg({ description: 'The schedule id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteDeploymentSchedule(ctx, args.id, args.schedule_id),
  }),
}));
