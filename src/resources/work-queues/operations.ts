// Root fields of the legacy /work_queues routes (api/work_queues.py), named
// after Prefect's operations.
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { FlowRun } from '../flow-runs/types.ts';
import { queueConcurrencyStatus, WorkQueueConcurrencyStatus } from '../work-pools/concurrency.ts';
import { WorkQueueFilter } from '../work-pools/filters.ts';
import { WorkQueue, WorkQueueCreate, WorkQueueUpdate } from '../work-pools/types.ts';
import {
  createLegacyQueue,
  deleteLegacyQueue,
  readLegacyQueue,
  readLegacyQueueByName,
  readLegacyQueueRuns,
  readLegacyQueues,
  readLegacyQueueStatus,
  updateLegacyQueue,
  type QueueHealth,
} from './service.ts';

const WorkQueueHealthPolicy = builder.objectRef<QueueHealth['health_check_policy']>('WorkQueueHealthPolicy').implement({
  description: 'When a work queue counts as unhealthy.',
  fields: (t) => ({
    maximum_late_runs: t.exposeInt('maximum_late_runs', { nullable: true, description: 'The maximum number of late runs in the work queue before it is deemed unhealthy.' }),
    maximum_seconds_since_last_polled: t.exposeInt('maximum_seconds_since_last_polled', {
      nullable: true,
      description: 'The maximum number of time in seconds elapsed since work queue has been polled before it is deemed unhealthy.',
    }),
  }),
});

const WorkQueueStatusDetail = builder.objectRef<QueueHealth>('WorkQueueStatusDetail').implement({
  description: "A work queue's health.",
  fields: (t) => ({
    healthy: t.exposeBoolean('healthy', { description: 'Whether or not the work queue is healthy.' }),
    late_runs_count: t.exposeInt('late_runs_count', { description: 'The number of late flow runs in the work queue.' }),
    last_polled: t.field({ type: 'DateTime', nullable: true, description: 'The last time an agent polled this queue for work.', resolve: (r) => r.last_polled }),
    health_check_policy: t.field({
      description: 'The policy used to determine whether or not the work queue is healthy.',
      type: WorkQueueHealthPolicy,
      resolve: (r) => r.health_check_policy,
    }),
  }),
});

builder.queryFields((t) => ({
  read_work_queue: t.field({
    type: WorkQueue,
    description: 'Get a work queue by id.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }) },
    resolve: (_root, args, ctx) => readLegacyQueue(ctx, args.id) as any,
  }),
  read_work_queue_by_name: t.field({
    type: WorkQueue,
    description: 'Get a work queue by name (in the pool default-agent-pool).',
    args: { name: t.arg.string({ required: true, description: 'The work queue name' }) },
    resolve: (_root, args, ctx) => readLegacyQueueByName(ctx, args.name) as any,
  }),
  read_work_queues: t.field({
    type: [WorkQueue],
    description: 'Query for work queues (of all pools), by name A to Z.',
    args: { work_queues: t.arg({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }), ...listArgs },
    resolve: (_root, args, ctx) => readLegacyQueues(ctx, args) as any,
  }),
  read_work_queue_status: t.field({
    type: WorkQueueStatusDetail,
    description: 'Get the status (health) of a work queue.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }) },
    resolve: (_root, args, ctx) => readLegacyQueueStatus(ctx, args.id),
  }),
  read_work_queue_concurrency_status: t.field({
    type: WorkQueueConcurrencyStatus,
    description: 'Runs holding slots of a work queue (PENDING, RUNNING, CANCELLING), by id, paged.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }),
      page: t.arg({ description: 'The page of flow runs to return, counting from 1.', type: 'PositiveInt', defaultValue: 1 }),
      limit: t.arg.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT.', extensions: { pagingLimit: true } }),
    },
    resolve: (_root, args, ctx) => queueConcurrencyStatus(ctx, args.id, args),
  }),
}));

builder.mutationFields((t) => ({
  create_work_queue: t.field({
    type: WorkQueue,
    description: 'Create a work queue in the pool default-agent-pool (created when missing).',
    args: { work_queue: t.arg({ description: 'Data used by the Prefect REST API to create a work queue.', type: WorkQueueCreate, required: true }) },
    resolve: (_root, args, ctx) => createLegacyQueue(ctx, args.work_queue as any) as any,
  }),
  update_work_queue: t.boolean({
    description: 'Update a work queue by id; a priority is written as given (no shifting).',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }),
      work_queue: t.arg({ description: 'Data used by the Prefect REST API to update a work queue.', type: WorkQueueUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateLegacyQueue(ctx, args.id, args.work_queue as any),
  }),
  delete_work_queue: t.boolean({
    description: 'Delete a work queue by id.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }) },
    resolve: (_root, args, ctx) => deleteLegacyQueue(ctx, args.id),
  }),
  read_work_queue_runs: t.field({
    type: [FlowRun],
    description: 'Scheduled runs of a work queue; also a poll of the queue unless the header X-Prefect-UI is true.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The work queue id' }),
      limit: t.arg.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT.', extensions: { pagingLimit: true } }),
      scheduled_before: t.arg({ type: 'DateTime', description: 'Only flow runs scheduled to start before this time will be returned.' }),
    },
    resolve: (_root, args, ctx) => readLegacyQueueRuns(ctx, args.id, args) as any,
  }),
}));
