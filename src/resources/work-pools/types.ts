// WorkPool and WorkQueue (WorkPoolResponse, WorkQueueResponse: deployments-and-
// work-pools §4.1) with Prefect's JSON names and key order, their status enums
// and the inputs of their operations (§4.2, §5.2).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { loaderFor } from '../runs/loaders.ts';
import { storageConfigurationFor } from './storage.ts';

const STATUSES = {
  READY: { value: 'READY', description: 'Not paused, and a worker (pool) or a polling client (queue) has checked in recently.' },
  NOT_READY: { value: 'NOT_READY', description: 'Not paused, but nothing has checked in recently to take its work.' },
  PAUSED: { value: 'PAUSED', description: 'Paused: its flow runs are not handed out.' },
} as const;

export const WorkPoolStatus = builder.enumType('WorkPoolStatus', { description: 'Enumeration of work pool statuses.', values: STATUSES });
export const WorkQueueStatus = builder.enumType('WorkQueueStatus', { description: 'Enumeration of work queue statuses.', values: STATUSES });

/** Pools of this type have no status in responses (the stored value is hidden). */
export const AGENT_POOL_TYPE = 'prefect-agent';

/** Flow-run states that hold a slot of a pool or queue (pool routes). */
export const POOL_SLOT_STATES = ['PENDING', 'RUNNING'];
/** The legacy /work_queues routes also count CANCELLING runs as holding a slot. */
export const LEGACY_SLOT_STATES = ['PENDING', 'RUNNING', 'CANCELLING'];

/**
 * A queue row as operations hand it to the WorkQueue type. `slot_states`
 * says which run states count for `active_slots` (the two route families
 * differ); absent means the pool routes' PENDING + RUNNING.
 */
export interface QueueRow {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  filter: unknown;
  description: string | null;
  is_paused: boolean;
  concurrency_limit: number | null;
  priority: number;
  last_polled: Date | null;
  status: string;
  work_pool_id: string;
  slot_states?: readonly string[];
}

/** Runs in PENDING/RUNNING on any queue of each pool (paused queues included), one grouped statement per level. */
function poolActiveSlots(ctx: Context, poolId: string): Promise<number> {
  return loaderFor<number>(ctx, 'WorkPool.active_slots', async (ids) => {
    const queues = await ctx.db.workQueue.findMany({ where: { work_pool_id: { in: [...ids] } }, select: { id: true, work_pool_id: true } });
    const poolOf = new Map(queues.map((q) => [q.id, q.work_pool_id]));
    const groups =
      queues.length === 0
        ? []
        : await ctx.db.flowRun.groupBy({
            by: ['work_queue_id'],
            where: { work_queue_id: { in: [...poolOf.keys()] }, state_type: { in: POOL_SLOT_STATES } },
            _count: { _all: true },
          });
    const counts = new Map<string, number>();
    for (const g of groups) {
      const pool = poolOf.get(g.work_queue_id!)!;
      counts.set(pool, (counts.get(pool) ?? 0) + g._count._all);
    }
    return ids.map((id) => counts.get(id) ?? 0);
  }).load(poolId);
}

/** Runs holding a slot of each queue, by work_queue_id (legacy filter queues are counted by their service). */
function queueActiveSlots(ctx: Context, queue: QueueRow): Promise<number> {
  const states = queue.slot_states ?? POOL_SLOT_STATES;
  return loaderFor<number>(ctx, `WorkQueue.active_slots#${states.join(',')}`, async (ids) => {
    const groups = await ctx.db.flowRun.groupBy({ by: ['work_queue_id'], where: { work_queue_id: { in: [...ids] }, state_type: { in: [...states] } }, _count: { _all: true } });
    const counts = new Map(groups.map((g) => [g.work_queue_id!, g._count._all]));
    return ids.map((id) => counts.get(id) ?? 0);
  }).load(queue.id);
}

/** The pool name of each queue, one statement per level. */
function poolName(ctx: Context, poolId: string): Promise<string | null> {
  return loaderFor<string | null>(ctx, 'WorkQueue.work_pool_name', async (ids) => {
    const pools = await ctx.db.workPool.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
    const names = new Map(pools.map((p) => [p.id, p.name]));
    return ids.map((id) => names.get(id) ?? null);
  }).load(poolId);
}

export const WorkPool = builder.prismaObject('WorkPool', {
  description: 'An ORM representation of a work pool.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the work pool.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the work pool was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the work pool was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the work pool.' }),
    description: t.exposeString('description', { nullable: true, description: 'A description of the work pool.' }),
    type: t.exposeString('type', { description: 'The work pool type.' }),
    base_job_template: t.expose('base_job_template', { type: 'JSON', description: "The work pool's base job template." }),
    is_paused: t.exposeBoolean('is_paused', { description: 'Pausing the work pool stops the delivery of all work.' }),
    concurrency_limit: t.exposeInt('concurrency_limit', { nullable: true, description: 'A concurrency limit for the work pool.' }),
    status: t.field({
      type: WorkPoolStatus,
      nullable: true,
      description: 'The current status of the work pool (null for pools of type prefect-agent).',
      resolve: (pool) => (pool.type === AGENT_POOL_TYPE ? null : (pool.status as 'READY' | 'NOT_READY' | 'PAUSED')),
    }),
    default_queue_id: t.expose('default_queue_id', { type: 'UUID', nullable: true, description: "The id of the pool's default queue." }),
    storage_configuration: t.field({
      type: 'JSON',
      description: '`{bundle_upload_step, bundle_execution_step, default_result_storage_block_id}`; clients up to Prefect 3.3.7 do not get the last key.',
      resolve: (pool, _args, ctx) => storageConfigurationFor(pool.storage_configuration, ctx.header('user-agent')),
    }),
    active_slots: t.int({
      nullable: true,
      description: 'PENDING and RUNNING flow runs in the queues of the pool; null without a concurrency limit.',
      resolve: (pool, _args, ctx) => (pool.concurrency_limit === null ? null : poolActiveSlots(ctx, pool.id)),
    }),
  }),
});

export const QueueFilter = builder.objectRef<{ tags?: string[] | null; deployment_ids?: string[] | null }>('QueueFilter').implement({
  description: 'Filter criteria definition for a (deprecated, tag-based) work queue.',
  fields: (t) => ({
    tags: t.stringList({ nullable: true, description: 'Only include flow runs with these tags in the work queue.', resolve: (f) => f.tags ?? null }),
    deployment_ids: t.field({
      type: ['UUID'],
      nullable: true,
      description: 'Only include flow runs from these deployments in the work queue.',
      resolve: (f) => f.deployment_ids ?? null,
    }),
  }),
});

export const WorkQueue = builder.prismaObject('WorkQueue', {
  description: 'A work queue, in a work pool.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the work queue.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the work queue was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the work queue was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the work queue.' }),
    description: t.exposeString('description', { nullable: true, description: 'An optional description for the work queue.' }),
    is_paused: t.exposeBoolean('is_paused', { description: 'Whether or not the work queue is paused.' }),
    concurrency_limit: t.exposeInt('concurrency_limit', { nullable: true, description: 'An optional concurrency limit for the work queue.' }),
    priority: t.exposeInt('priority', { description: "The queue's priority. Lower values are higher priority (1 is the highest)." }),
    work_pool_id: t.expose('work_pool_id', { type: 'UUID', nullable: true, description: 'The work pool with which the queue is associated.' }),
    filter: t.field({
      type: QueueFilter,
      nullable: true,
      description: 'DEPRECATED: Filter criteria for the work queue.',
      resolve: (q) => (q.filter ?? null) as { tags?: string[] | null } | null,
    }),
    last_polled: t.expose('last_polled', { type: 'DateTime', nullable: true, description: 'The last time an agent polled this queue for work.' }),
    work_pool_name: t.string({ nullable: true, description: 'The name of the work pool the work queue belongs to.', resolve: (q, _args, ctx) => poolName(ctx, q.work_pool_id) }),
    status: t.field({ type: WorkQueueStatus, nullable: true, description: 'The queue status.', resolve: (q) => q.status as 'READY' | 'NOT_READY' | 'PAUSED' }),
    active_slots: t.int({
      nullable: true,
      description: 'Runs holding a slot of the queue; null without a concurrency limit.',
      resolve: (q, _args, ctx) => {
        if (q.concurrency_limit === null) return null;
        const row = q as unknown as QueueRow & { active_slots?: number };
        return row.active_slots ?? queueActiveSlots(ctx, row);
      },
    }),
  }),
});

export const WorkPoolStorageConfigurationInput = builder.inputType('WorkPoolStorageConfiguration', {
  description: 'A work pool storage configuration.',
  fields: (t) => ({
    bundle_upload_step: t.field({ type: 'JSON', description: 'The bundle upload step for the work pool (an object).' }),
    bundle_execution_step: t.field({ type: 'JSON', description: 'The bundle execution step for the work pool (an object).' }),
    default_result_storage_block_id: t.field({ type: 'UUID', description: 'The block document ID of the default result storage block.' }),
  }),
});

export const WorkPoolCreate = builder.inputType('WorkPoolCreate', {
  description: 'Data used by the Prefect REST API to create a work pool.',
  fields: (t) => ({
    name: t.field({ type: 'Name', required: true, description: 'The name of the work pool.' }),
    description: t.string({ description: 'The work pool description.' }),
    type: t.string({ defaultValue: AGENT_POOL_TYPE, description: 'The work pool type.' }),
    // No defaultValue: GraphQL cannot print an object default of a JSON scalar (introspection fails); absent means {}.
    base_job_template: t.field({ type: 'JSON', description: "The work pool's base job template (an object; default {})." }),
    is_paused: t.boolean({ defaultValue: false, description: 'Pausing the work pool stops the delivery of all work.' }),
    concurrency_limit: t.field({ type: 'NonNegativeInt', description: 'A concurrency limit for the work pool.' }),
    storage_configuration: t.field({ type: WorkPoolStorageConfigurationInput, description: 'The storage configuration for the work pool.' }),
  }),
});

export const WorkPoolUpdate = builder.inputType('WorkPoolUpdate', {
  description: 'Data used by the Prefect REST API to update a work pool; only the keys given are written. The name and type cannot change.',
  fields: (t) => ({
    description: t.string({ description: 'A description of the work pool.' }),
    is_paused: t.boolean({ description: 'Pausing the work pool stops the delivery of all work.' }),
    base_job_template: t.field({ type: 'JSON', description: 'An object.' }),
    concurrency_limit: t.field({ description: 'A concurrency limit for the work pool.', type: 'NonNegativeInt' }),
    storage_configuration: t.field({ type: WorkPoolStorageConfigurationInput, description: '`{}` resets all three keys.' }),
  }),
});

export const QueueFilterInput = builder.inputType('QueueFilterInput', {
  description: 'Filter criteria definition for a (deprecated, tag-based) work queue.',
  fields: (t) => ({
    tags: t.stringList({ description: 'Only include flow runs with these tags in the work queue.' }),
    deployment_ids: t.field({ type: ['UUID'], description: 'Only include flow runs from these deployments in the work queue.' }),
  }),
});

export const WorkQueueCreate = builder.inputType('WorkQueueCreate', {
  description: 'Data used by the Prefect REST API to create a work queue.',
  fields: (t) => ({
    name: t.field({ type: 'Name', required: true, description: 'The name of the work queue.' }),
    description: t.string({ defaultValue: '', description: 'An optional description for the work queue.' }),
    is_paused: t.boolean({ defaultValue: false, description: 'Whether or not the work queue is paused.' }),
    concurrency_limit: t.field({ type: 'NonNegativeInt', description: "The work queue's concurrency limit." }),
    priority: t.int({ description: "The queue's priority (> 0). Lower values are higher priority; absent or null: the first free slot." }),
    filter: t.field({ type: QueueFilterInput, description: 'DEPRECATED: Filter criteria for the work queue.' }),
  }),
});

export const WorkQueueUpdate = builder.inputType('WorkQueueUpdate', {
  description: 'Data used by the Prefect REST API to update a work queue; only the keys given are written.',
  fields: (t) => ({
    name: t.string({ description: 'Not pattern-checked (as Prefect).' }),
    description: t.string({ description: 'An optional description for the work queue.' }),
    is_paused: t.boolean({ description: 'Whether or not the work queue is paused (null is refused).' }),
    concurrency_limit: t.field({ description: 'An optional concurrency limit for the work queue.', type: 'NonNegativeInt' }),
    priority: t.int({ description: '> 0.' }),
    last_polled: t.field({ description: 'The last time an agent polled this queue for work.', type: 'DateTime' }),
    filter: t.field({ type: QueueFilterInput, description: 'DEPRECATED: Filter criteria for the work queue.' }),
  }),
});
