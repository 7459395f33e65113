// Root fields for work pools and their queues (api/workers.py). Pool-queue
// fields are named *_work_pool_queue(s): Prefect's operation names
// (create_work_queue, ...) are taken by the legacy /work_queues routes.
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { poolConcurrencyStatus, WorkPoolConcurrencyStatus } from './concurrency.ts';
import { WorkPoolFilter, WorkQueueFilter } from './filters.ts';
import { getScheduledFlowRuns, WorkerFlowRunResponse } from './poll.ts';
import { createPoolQueue, deletePoolQueue, readPoolQueue, readPoolQueues, updatePoolQueue } from './queues.ts';
import { countWorkPools, createWorkPool, deleteWorkPool, readWorkPoolByName, readWorkPools, updateWorkPool } from './service.ts';
import { WorkPool, WorkPoolCreate, WorkPoolUpdate, WorkQueue, WorkQueueCreate, WorkQueueUpdate } from './types.ts';

builder.queryFields((t) => ({
  read_work_pool: t.prismaField({
    type: WorkPool,
    description: 'Read a work pool by name.',
    args: { name: t.arg.string({ required: true, description: 'The work pool name' }) },
    resolve: (query, _root, args, ctx) => readWorkPoolByName(ctx, args.name, query),
  }),
  read_work_pools: t.prismaField({
    type: [WorkPool],
    description: 'Read work pools, by name A to Z.',
    args: { work_pools: t.arg({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }), ...listArgs },
    resolve: (query, _root, args, ctx) => readWorkPools(ctx, args, query),
  }),
  count_work_pools: t.int({
    description: 'Count work pools.',
    args: { work_pools: t.arg({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }) },
    resolve: (_root, args, ctx) => countWorkPools(ctx, args),
  }),
  read_work_pool_concurrency_status: t.field({
    type: WorkPoolConcurrencyStatus,
    description: 'Slot holders of a work pool per queue; queues by priority, paged by `page` and `limit`; at most `flow_run_limit` runs per queue.',
    args: {
      name: t.arg.string({ required: true, description: 'The work pool name' }),
      page: t.arg({ description: 'The page of flow runs to return per queue, counting from 1.', type: 'PositiveInt', defaultValue: 1 }),
      limit: t.arg.int({ description: 'Queues per page; defaults to PREFECT_SERVER_API_DEFAULT_LIMIT.', extensions: { pagingLimit: true } }),
      flow_run_limit: t.arg.int({ defaultValue: 10, description: 'Max flow runs per queue (0 to 200).' }),
    },
    resolve: (_root, args, ctx) => poolConcurrencyStatus(ctx, args.name, args),
  }),
  read_work_pool_queue: t.prismaField({
    type: WorkQueue,
    description: 'Read a queue of a work pool by name.',
    args: { work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }), name: t.arg.string({ required: true, description: 'The work pool queue name' }) },
    resolve: (query, _root, args, ctx) => readPoolQueue(ctx, args.work_pool_name, args.name, query),
  }),
  read_work_pool_queues: t.prismaField({
    type: [WorkQueue],
    description: "Read a work pool's queues, by priority (1 first).",
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      work_queues: t.arg({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }),
      ...listArgs,
    },
    resolve: (query, _root, args, ctx) => readPoolQueues(ctx, args.work_pool_name, args, query),
  }),
}));

builder.mutationFields((t) => ({
  create_work_pool: t.prismaField({
    type: WorkPool,
    description: "Create a work pool with its `default` queue (409 when the name is taken; names starting with 'prefect' are reserved).",
    args: { work_pool: t.arg({ description: 'Data used by the Prefect REST API to create a work pool.', type: WorkPoolCreate, required: true }) },
    resolve: (_query, _root, args, ctx) => createWorkPool(ctx, args.work_pool as any),
  }),
  update_work_pool: t.boolean({
    description: 'Update a work pool; only the keys given are written.',
    args: {
      name: t.arg.string({ required: true, description: 'The work pool name' }),
      work_pool: t.arg({ description: 'Data used by the Prefect REST API to update a work pool.', type: WorkPoolUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updateWorkPool(ctx, args.name, args.work_pool as any),
  }),
  delete_work_pool: t.boolean({
    description: 'Delete a work pool with its queues and workers.',
    args: { name: t.arg.string({ required: true, description: 'The work pool name' }) },
    resolve: (_root, args, ctx) => deleteWorkPool(ctx, args.name),
  }),
  get_scheduled_flow_runs: t.field({
    type: [WorkerFlowRunResponse],
    description: "A worker's poll: scheduled runs of the pool's (or the named) queues, by queue priority, within concurrency limits; records the poll.",
    args: {
      name: t.arg.string({ required: true, description: 'The work pool name' }),
      work_queue_names: t.arg.stringList({ description: 'The names of work pool queues' }),
      scheduled_before: t.arg({ type: 'DateTime', description: 'The maximum time to look for scheduled flow runs' }),
      scheduled_after: t.arg({ type: 'DateTime', description: 'The minimum time to look for scheduled flow runs' }),
      limit: t.arg.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT.', extensions: { pagingLimit: true } }),
    },
    resolve: (_root, args, ctx) => getScheduledFlowRuns(ctx, args.name, args as any),
  }),
  create_work_pool_queue: t.prismaField({
    type: WorkQueue,
    description: 'Create a queue in a work pool (a priority shifts the queues at and below it).',
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      work_queue: t.arg({ description: 'Data used by the Prefect REST API to create a work queue.', type: WorkQueueCreate, required: true }),
    },
    resolve: (_query, _root, args, ctx) => createPoolQueue(ctx, args.work_pool_name, args.work_queue as any),
  }),
  update_work_pool_queue: t.boolean({
    description: 'Update a queue of a work pool; only the keys given are written.',
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      name: t.arg.string({ required: true, description: 'The work pool queue name' }),
      work_queue: t.arg({ description: 'Data used by the Prefect REST API to update a work queue.', type: WorkQueueUpdate, required: true }),
    },
    resolve: (_root, args, ctx) => updatePoolQueue(ctx, args.work_pool_name, args.name, args.work_queue as any),
  }),
  delete_work_pool_queue: t.boolean({
    description: "Delete a queue of a work pool (not the pool's default queue).",
    args: { work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }), name: t.arg.string({ required: true, description: 'The work pool queue name' }) },
    resolve: (_root, args, ctx) => deletePoolQueue(ctx, args.work_pool_name, args.name),
  }),
}));
