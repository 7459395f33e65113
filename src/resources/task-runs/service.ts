// Task-run reads and writes (flows-and-runs §3). State changes go through orchestration.
import { INTEGRITY_CONFLICT, ValidationError, notFound, type ValidationItem, isMissingRecord, isUniqueViolation } from '../../errors.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import type { Prisma } from '../../generated/sqlite/client.ts';
import { tagRowsOnCreate } from '../../db/tags.ts';
import { MAX_CACHE_KEY_LENGTH, setTaskRunState, setTaskRunStateIn, withKeyLock, type OrchestrationOptions, type StateCreateInput, type Tx } from '../../orchestration/index.ts';
import { nameOrRandom } from '../runs/names.ts';
import { deleteRunLogs } from '../logs/service.ts';
import { slotWaits } from '../concurrency-limits/slots.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';

const MAX_RETRY_DELAYS = 50;

export async function readTaskRunById(ctx: Context, id: string, query: object = {}) {
  const run = await ctx.db.taskRun.findUnique({ ...query, where: { id } });
  if (!run) throw notFound('Task not found');
  return run;
}

export interface TaskRunCreateInput {
  id?: string | null;
  name?: string | null;
  flow_run_id?: string | null;
  task_key: string;
  dynamic_key: string;
  cache_key?: string | null;
  cache_expiration?: Date | null;
  task_version?: string | null;
  empirical_policy?: Record<string, unknown> | null;
  tags?: string[] | null;
  labels?: Record<string, unknown> | null;
  task_inputs?: Record<string, unknown> | null;
  state?: StateCreateInput | null;
}

/** The checks Prefect's TaskRunCreate validators make (422 value errors). */
function checkCreate(input: TaskRunCreateInput) {
  const items: ValidationItem[] = [];
  const valueError = (loc: string[], message: string, value: unknown) =>
    items.push({ type: 'value_error', loc: ['body', ...loc], msg: `Value error, ${message}`, input: value, ctx: { error: {} } });
  if (input.cache_key && input.cache_key.length > MAX_CACHE_KEY_LENGTH) {
    valueError(['cache_key'], `Cache key exceeded maximum allowed length of ${MAX_CACHE_KEY_LENGTH} characters.`, input.cache_key);
  }
  const policy = input.empirical_policy ?? {};
  if (Array.isArray(policy.retry_delay) && policy.retry_delay.length > MAX_RETRY_DELAYS) {
    valueError(['empirical_policy', 'retry_delay'], `Can not configure more than ${MAX_RETRY_DELAYS} retry delays per task.`, policy.retry_delay);
  }
  if (typeof policy.retry_jitter_factor === 'number' && policy.retry_jitter_factor < 0) {
    valueError(['empirical_policy', 'retry_jitter_factor'], '`retry_jitter_factor` must be >= 0.', policy.retry_jitter_factor);
  }
  if (items.length) throw new ValidationError(items);
}

/**
 * Upsert on (flow_run_id, task_key, dynamic_key): an existing task run is
 * returned untouched; a new one gets its first state with force, in the same
 * transaction. Racing creates: the insert that wins the unique index creates
 * (201), the others return its row (200). The index does not cover a null
 * flow_run_id, so that case is looked up again and inserted under a key lock.
 */
export async function createTaskRun(ctx: Context, input: TaskRunCreateInput, query: object = {}) {
  checkCreate(input);
  const flowRunId = input.flow_run_id ?? null;
  const keys = { flow_run_id: flowRunId, task_key: input.task_key, dynamic_key: input.dynamic_key };
  const existing = () => ctx.db.taskRun.findFirst({ ...query, where: keys });
  const found = await existing();
  if (found) return found;
  let labels: Record<string, unknown> = input.labels ?? {};
  if (flowRunId) {
    const flowRun = await ctx.db.flowRun.findUnique({ where: { id: flowRunId }, select: { labels: true } });
    if (!flowRun) throw INTEGRITY_CONFLICT;
    labels = { ...((flowRun.labels as object | null) ?? {}), 'prefect.flow-run.id': flowRunId, ...labels };
  }
  const tags = input.tags ?? [];
  // A keyed result artifact's collection event (artifacts §7), published once the insert committed.
  let initialEvents: ReceivedEvent[] = [];
  const insert = async (tx: Tx) => {
    const run = await tx.taskRun.create({
      select: { id: true },
      data: {
        ...(input.id ? { id: input.id } : {}),
        name: nameOrRandom(input.name),
        flow_run_id: flowRunId,
        task_key: input.task_key,
        dynamic_key: input.dynamic_key,
        cache_key: input.cache_key ?? null,
        cache_expiration: input.cache_expiration ?? null,
        task_version: input.task_version ?? null,
        empirical_policy: (input.empirical_policy ?? {}) as Prisma.InputJsonObject,
        tags,
        tag_rows: tagRowsOnCreate(tags),
        labels: labels as Prisma.InputJsonObject,
        task_inputs: (input.task_inputs ?? {}) as Prisma.InputJsonObject,
      },
    });
    const initial = await setTaskRunStateIn(tx, run.id, input.state ?? { type: 'PENDING' }, { force: true });
    initialEvents = initial.events ?? [];
    return run.id;
  };
  try {
    const id = flowRunId
      ? await ctx.db.$transaction(insert)
      : // No index guards a NULL flow_run_id: look again and insert under a lock on the keys.
        await withKeyLock(ctx.db, `task_run:${JSON.stringify([input.task_key, input.dynamic_key])}`, async (tx) =>
          (await tx.taskRun.findFirst({ where: keys, select: { id: true } })) ? null : insert(tx),
        );
    if (id === null) return (await existing())!;
    publishCommitted(ctx.events, initialEvents);
    // This request's insert won (the unique index, or the key lock): it created the task run.
    markCreated(ctx);
    return await readTaskRunById(ctx, id, query);
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Lost a race for the same keys: return the winner. Otherwise the client's id was taken.
      const winner = await existing();
      if (winner) return winner;
      throw INTEGRITY_CONFLICT;
    }
    throw error;
  }
}

/** set_task_run_state: orchestration decides; 201 when it wrote a state row for this request. */
export async function proposeTaskRunState(ctx: Context, id: string, state: StateCreateInput, options: OrchestrationOptions) {
  const result = await setTaskRunState(ctx.db, id, state, { ...options, concurrency: slotWaits(ctx.settings) });
  publishCommitted(ctx.events, result.events);
  if (result.written) markCreated(ctx);
  return result;
}

export async function updateTaskRun(ctx: Context, id: string, input: { name?: string | null }, query: object = {}) {
  try {
    return await ctx.db.taskRun.update({
      ...query,
      where: { id },
      data: { updated: new Date(), ...('name' in input ? { name: nameOrRandom(input.name) } : {}) },
    });
  } catch (error) {
    if (isMissingRecord(error)) throw notFound('Task run not found');
    throw error;
  }
}

export async function deleteTaskRun(ctx: Context, id: string) {
  const { count } = await ctx.db.taskRun.deleteMany({ where: { id } });
  if (count === 0) throw notFound('Task not found');
  await deleteRunLogs(ctx, { taskRunIds: [id] });
  return true;
}

export async function readTaskRunState(ctx: Context, id: string) {
  const state = await ctx.db.taskRunState.findUnique({ where: { id } });
  // Prefect's task-run route uses the flow-run wording.
  if (!state) throw notFound('Flow run state not found');
  return state;
}

export function readTaskRunStates(ctx: Context, taskRunId: string) {
  return ctx.db.taskRunState.findMany({ where: { task_run_id: taskRunId }, orderBy: [{ timestamp: 'asc' }] });
}
