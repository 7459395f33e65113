// Work pool reads and writes (deployments-and-work-pools §4.2, §4.5). Each write
// is one transaction; its events are published after it commits.
import { INTEGRITY_CONFLICT, httpError, isUniqueViolation, type ValidationItem } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { own, toWhere } from '../../filters/related.ts';
import type { Prisma } from '../../generated/sqlite/client.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import { resolveLimit } from '../../pagination.ts';
import { poolLifecycleEvent, poolStatusEvent, poolUpdatedEvent, queueLifecycleEvent, type Changes } from './events.ts';
import { WorkPoolFilter } from './filters.ts';
import { POOL_EXISTS, insertPool, lockPool, poolNotFound, type PoolInput, type PoolRow } from './placement.ts';
import { fullStorageConfiguration } from './storage.ts';
import { AGENT_POOL_TYPE } from './types.ts';
import { checkBaseJobTemplate, checkJobVariableDefaults, checkNonEmptyishName, throwIfAny } from './validation.ts';

const RESERVED = "Work pools starting with 'Prefect' are reserved for internal use.";
const RESERVED_UPDATE = "Work pools starting with 'Prefect' are reserved for internal use and can only be updated to set concurrency limits or pause.";
const RESERVED_DELETE = "Work pools starting with 'Prefect' are reserved for internal use and can not be deleted.";

const isReserved = (name: string) => name.toLowerCase().startsWith('prefect');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** bundle_upload_step / bundle_execution_step are objects (or null). */
function checkStorageConfiguration(value: Record<string, unknown> | null | undefined, items: ValidationItem[]): void {
  if (!value) return;
  for (const key of ['bundle_upload_step', 'bundle_execution_step']) {
    const step = value[key];
    if (step !== undefined && step !== null && !isObject(step))
      items.push({ type: 'dict_type', loc: ['body', 'storage_configuration', key], msg: 'Input should be a valid dictionary', input: step });
  }
}

export async function createWorkPool(ctx: Context, input: PoolInput): Promise<PoolRow> {
  const items: ValidationItem[] = [];
  checkNonEmptyishName(input.name, ['body', 'name'], items);
  checkBaseJobTemplate(input.base_job_template, ['body', 'base_job_template'], items);
  checkStorageConfiguration(input.storage_configuration, items);
  throwIfAny(items);
  if (isReserved(input.name)) throw httpError(403, RESERVED);
  const events: ReceivedEvent[] = [];
  try {
    const pool = await inRunTransaction(ctx.db, async (tx) => {
      await checkJobVariableDefaults(tx, input.base_job_template);
      return insertPool(tx, { ...input, storage_configuration: fullStorageConfiguration(input.storage_configuration) }, { events });
    });
    publishCommitted(ctx.events, events);
    return pool;
  } catch (error) {
    if (isUniqueViolation(error)) throw httpError(409, POOL_EXISTS);
    throw error;
  }
}

export async function readWorkPoolByName(ctx: Context, name: string, query: object = {}): Promise<PoolRow> {
  const pool = await ctx.db.workPool.findUnique({ ...query, where: { name } });
  if (!pool) throw poolNotFound(name);
  return pool;
}

export const workPoolWhere = (args: { work_pools?: Record<string, unknown> | null }, ctx: Context) => toWhere(own(WorkPoolFilter, args.work_pools, ctx));

export function readWorkPools(ctx: Context, args: { work_pools?: Record<string, unknown> | null; limit?: number | null; offset?: number | null }, query: object = {}) {
  return ctx.db.workPool.findMany({
    ...query,
    where: workPoolWhere(args, ctx),
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
    skip: args.offset ?? 0,
  });
}

export function countWorkPools(ctx: Context, args: { work_pools?: Record<string, unknown> | null }) {
  return ctx.db.workPool.count({ where: workPoolWhere(args, ctx) });
}

export interface PoolUpdate {
  description?: string | null;
  is_paused?: boolean | null;
  base_job_template?: Record<string, unknown> | null;
  concurrency_limit?: number | null;
  storage_configuration?: Record<string, unknown> | null;
}

const EVENT_FIELDS = ['description', 'base_job_template', 'concurrency_limit', 'storage_configuration'] as const;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes only the keys given. Pools other than prefect-agent: is_paused true →
 * PAUSED; false → READY when a worker is stored ONLINE, else NOT_READY (even
 * when the pool was not paused); each such write emits a status event.
 */
export async function updateWorkPool(ctx: Context, name: string, input: PoolUpdate): Promise<boolean> {
  const items: ValidationItem[] = [];
  checkBaseJobTemplate(input.base_job_template, ['body', 'base_job_template'], items);
  checkStorageConfiguration(input.storage_configuration, items);
  throwIfAny(items);
  const given = Object.entries(input)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (isReserved(name) && given.some((k) => k !== 'is_paused' && k !== 'concurrency_limit')) throw httpError(403, RESERVED_UPDATE);
  // NOT NULL columns: Prefect's UPDATE fails on the constraint (its 409).
  if (input.is_paused === null || input.base_job_template === null || input.storage_configuration === null) throw INTEGRITY_CONFLICT;
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) => {
    const found = await tx.workPool.findUnique({ where: { name }, select: { id: true } });
    if (!found) throw poolNotFound(name);
    await lockPool(tx, found.id);
    const before = (await tx.workPool.findUnique({ where: { id: found.id } }))!;
    const data: Prisma.WorkPoolUpdateInput = { updated: new Date() };
    if (input.description !== undefined) data.description = input.description;
    if (input.is_paused !== undefined) data.is_paused = input.is_paused!;
    if (input.base_job_template !== undefined) data.base_job_template = input.base_job_template as Prisma.InputJsonObject;
    if (input.concurrency_limit !== undefined) data.concurrency_limit = input.concurrency_limit;
    if (input.storage_configuration !== undefined) data.storage_configuration = fullStorageConfiguration(input.storage_configuration) as Prisma.InputJsonObject;
    let status: string | undefined;
    if (before.type !== AGENT_POOL_TYPE && typeof input.is_paused === 'boolean') {
      if (input.is_paused) status = 'PAUSED';
      else status = (await tx.worker.count({ where: { work_pool_id: before.id, status: 'ONLINE' } })) > 0 ? 'READY' : 'NOT_READY';
    }
    const occurred = new Date();
    const statusEventId = uuid7(occurred.getTime());
    if (status) Object.assign(data, { status, last_status_event_id: statusEventId, last_transitioned_status_at: occurred });
    const after = await tx.workPool.update({ where: { id: before.id }, data });
    const changes: Changes = {};
    for (const field of EVENT_FIELDS) {
      if (input[field] === undefined) continue;
      const from = field === 'storage_configuration' ? fullStorageConfiguration(before[field]) : before[field];
      const to = field === 'storage_configuration' ? fullStorageConfiguration(after[field]) : after[field];
      if (!sameJson(from, to)) changes[field] = { from, to };
    }
    if (Object.keys(changes).length > 0) events.push(poolUpdatedEvent(after, changes, occurred));
    if (status) events.push(poolStatusEvent({ ...after, status }, statusEventId, occurred, before));
  });
  publishCommitted(ctx.events, events);
  return true;
}

/**
 * Deletes the pool; its queues and workers go with it (foreign keys), and
 * deployments and runs of those queues keep running without a queue
 * (work_queue_id set null). default_queue_id has no foreign key: the pool row
 * and its default queue leave together.
 */
export async function deleteWorkPool(ctx: Context, name: string): Promise<boolean> {
  if (isReserved(name)) throw httpError(403, RESERVED_DELETE);
  const events: ReceivedEvent[] = [];
  await inRunTransaction(ctx.db, async (tx) => {
    const found = await tx.workPool.findUnique({ where: { name }, select: { id: true } });
    if (!found) throw poolNotFound(name);
    await lockPool(tx, found.id);
    const pool = (await tx.workPool.findUnique({ where: { id: found.id } }))!;
    const queues = await tx.workQueue.findMany({ where: { work_pool_id: pool.id }, orderBy: { priority: 'asc' } });
    for (const queue of queues) events.push(queueLifecycleEvent('deleted', queue, pool));
    events.push(poolLifecycleEvent('deleted', pool));
    await tx.workPool.delete({ where: { id: pool.id } });
  });
  publishCommitted(ctx.events, events);
  return true;
}
