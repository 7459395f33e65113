// GraphQL-only relations of pools, queues and flow runs (REST cannot express
// them): WorkPool.queues / workers, WorkQueue.work_pool / flow_runs,
// FlowRun.work_queue / work_pool. Lists filter, sort, limit and offset in SQL
// per parent for all parents of a level (runs/relations.ts); to-one relations
// are merged by Pothos or loaded in one batched statement per level.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs } from '../../pagination.ts';
import { GRAPHQL_ONLY, countRelation, listRelation } from '../runs/relations.ts';
import { loaderFor } from '../runs/loaders.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { FlowRunSort } from '../flow-runs/sort.ts';
import { runPlacement } from '../flow-runs/placement.ts';
import { WorkerFilter } from '../workers/filters.ts';
import { Worker } from '../workers/types.ts';
import { WorkQueueFilter } from './filters.ts';
import { WorkPool, WorkQueue } from './types.ts';

const queueArgs = builder.args((t) => ({ filter: t.field({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }), ...listArgs }));
const workerArgs = builder.args((t) => ({ filter: t.field({ type: WorkerFilter.ref, description: WorkerFilter.argument }), ...listArgs }));
const flowRunArgs = builder.args((t) => ({
  filter: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  sort: t.field({ type: FlowRunSort.ref, defaultValue: 'ID_DESC', description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

// As the pool routes list them: queues by priority, workers by latest heartbeat.
const poolQueues = listRelation({
  name: 'WorkPool.queues',
  model: 'WorkQueue',
  parentColumn: 'work_pool_id',
  filter: WorkQueueFilter,
  orderBy: () => [{ priority: 'asc' }],
  defaultSort: 'PRIORITY_ASC',
});
const poolWorkers = listRelation({
  name: 'WorkPool.workers',
  model: 'Worker',
  parentColumn: 'work_pool_id',
  filter: WorkerFilter,
  orderBy: () => [{ last_heartbeat_time: 'desc' }],
  defaultSort: 'LAST_HEARTBEAT_TIME_DESC',
});
const queueRuns = listRelation({
  name: 'WorkQueue.flow_runs',
  model: 'FlowRun',
  parentColumn: 'work_queue_id',
  filter: FlowRunFilter,
  orderBy: FlowRunSort.orderBy,
  defaultSort: 'ID_DESC',
});

builder.prismaObjectFields(WorkPool, (t) => ({
  queues: t.prismaField({
    type: [WorkQueue],
    description: "The pool's queues, highest priority first, filtered and paged like the pool's queue filter route.",
    ...GRAPHQL_ONLY,
    args: queueArgs,
    resolve: poolQueues,
  } as any),
  queues_count: t.int({
    description: 'How many of the pool’s queues match the filter.',
    ...GRAPHQL_ONLY,
    args: { filter: t.arg({ type: WorkQueueFilter.ref, description: WorkQueueFilter.argument }) },
    resolve: countRelation({ name: 'WorkPool.queues', model: 'WorkQueue', parentColumn: 'work_pool_id', filter: WorkQueueFilter }),
  }),
  workers: t.prismaField({
    type: [Worker],
    description: "The pool's workers, latest heartbeat first, filtered and paged like read_workers.",
    ...GRAPHQL_ONLY,
    args: workerArgs,
    resolve: poolWorkers,
  } as any),
}));

builder.prismaObjectFields(WorkQueue, (t) => ({
  work_pool: t.relation('work_pool', { description: 'The pool this queue belongs to.', ...GRAPHQL_ONLY }),
  flow_runs: t.prismaField({
    type: ['FlowRun'],
    description: "The queue's flow runs, filtered, sorted and paged like read_flow_runs.",
    ...GRAPHQL_ONLY,
    args: flowRunArgs,
    resolve: queueRuns,
  } as any),
  flow_runs_count: t.int({
    description: 'How many of the queue’s flow runs match the filter.',
    ...GRAPHQL_ONLY,
    args: { filter: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }) },
    resolve: countRelation({ name: 'WorkQueue.flow_runs', model: 'FlowRun', parentColumn: 'work_queue_id', filter: FlowRunFilter }),
  }),
}));

/** Pools by id, one statement per request level. */
function poolById(ctx: Context, id: string) {
  return loaderFor(ctx, 'WorkPool#byId', async (ids) => {
    const pools = await ctx.db.workPool.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(pools.map((p) => [p.id, p]));
    return ids.map((poolId) => byId.get(poolId) ?? null);
  }).load(id);
}

builder.prismaObjectFields('FlowRun', (t) => ({
  work_queue: t.relation('work_queue', { nullable: true, description: 'The work queue the run is in.', ...GRAPHQL_ONLY }),
  work_pool: t.field({
    type: WorkPool,
    nullable: true,
    description: "The pool of the run's work queue.",
    ...GRAPHQL_ONLY,
    resolve: async (run, _args, ctx) => {
      const placement = await runPlacement(ctx, run);
      return placement ? poolById(ctx, placement.work_pool_id) : null;
    },
  }),
}));
