// Deployment reads and writes (deployments-and-work-pools §1.4–§1.8). Each
// write is one transaction; events are published after it commits.
import { INTEGRITY_CONFLICT, httpError, notFound } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import { tagRowsOnReplace } from '../../db/tags.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import { inRunTransaction, dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { EVENT_SELECT, deploymentEvent, updatedPayload } from './events.ts';
import { jobVariablesFailure, variablesSchema } from './job-variables.ts';
import { resolveQueue, poolNotFound } from './queue.ts';
import { deleteScheduledRuns } from './scheduled-runs.ts';
import { applyScheduleUpdates, checkMaxRuns, insertSchedules, maxScheduledRuns, planScheduleUpdates, type ScheduleInput } from './schedules.ts';
import { hydrateParameters } from './parameters.ts';
import { checkCreateSchema, checkDeploymentName, checkParametersAgainst, checkWriteBody, normalizeSchema } from './validation.ts';
import { validateAgainstSchema, pyRepr } from './schema-validation.ts';

export const DEPLOYMENT_NOT_FOUND = 'Deployment not found';

type Json = Record<string, unknown>;
const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

export async function readDeploymentById(ctx: Context, id: string, query: object = {}) {
  const row = await ctx.db.deployment.findUnique({ ...query, where: { id } });
  if (!row) throw notFound(DEPLOYMENT_NOT_FOUND);
  return row;
}

export async function readDeploymentByName(ctx: Context, flowName: string, name: string, query: object = {}) {
  const row = await ctx.db.deployment.findFirst({ ...query, where: { name, flow: { name: flowName } } });
  if (!row) throw notFound(DEPLOYMENT_NOT_FOUND);
  return row;
}

/** Fields whose change makes a prefect.deployment.updated event. */
const TRACKED = [
  'version',
  'description',
  'paused',
  'parameters',
  'parameter_openapi_schema',
  'tags',
  'work_queue_name',
  'work_queue_id',
  'path',
  'entrypoint',
  'pull_steps',
  'infra_overrides',
  'enforce_parameter_schema',
  'concurrency_limit',
  'concurrency_options',
  'storage_document_id',
  'infrastructure_document_id',
  'concurrency_limit_id',
];

/** The stored columns a body's present keys write (both create and update). */
function columnsOf(input: Json): Json {
  const data: Json = {};
  for (const key of ['version', 'description', 'path', 'entrypoint', 'work_queue_name', 'storage_document_id', 'infrastructure_document_id']) {
    if (key in input) data[key] = input[key] ?? null;
  }
  if (input.paused != null) data.paused = input.paused;
  if (input.enforce_parameter_schema != null) data.enforce_parameter_schema = input.enforce_parameter_schema;
  if ('concurrency_options' in input) data.concurrency_options = json(input.concurrency_options ?? null);
  if ('parameter_openapi_schema' in input) data.parameter_openapi_schema = json(normalizeSchema(input.parameter_openapi_schema) ?? null);
  if ('pull_steps' in input) data.pull_steps = json(input.pull_steps ?? null);
  if (input.tags != null) Object.assign(data, { tags: input.tags, tag_rows: tagRowsOnReplace(input.tags as string[]) });
  if (input.job_variables && Object.keys(input.job_variables as Json).length > 0) data.infra_overrides = input.job_variables;
  if ('global_concurrency_limit_id' in input) data.concurrency_limit_id = input.global_concurrency_limit_id ?? null;
  return data;
}

async function checkGlobalLimit(ctx: Context, id: unknown) {
  if (id == null) return;
  const found = await ctx.db.concurrencyLimitV2.findUnique({ where: { id: String(id) }, select: { id: true } });
  if (!found) throw httpError(404, 'Concurrency limit not found');
}

const blockMissing = (kind: string, id: string) =>
  httpError(
    409,
    `Error creating deployment. Could not find ${kind} block with id: ${id}. This usually occurs when applying a deployment specification that was built against a different Prefect database / workspace.`,
  );

/** `concurrency_limit` present in a body (even null): the deployment-owned global limit follows it. */
async function syncConcurrencyLimit(tx: Tx, id: string, limit: number | null, linkedId: string | null) {
  if (limit === null) {
    if (linkedId) await tx.concurrencyLimitV2.deleteMany({ where: { id: linkedId } });
    await tx.deployment.update({ where: { id }, data: { concurrency_limit: null, concurrency_limit_id: null } });
    return;
  }
  if (linkedId) {
    const { count } = await tx.concurrencyLimitV2.updateMany({ where: { id: linkedId }, data: { limit, updated: new Date() } });
    if (count > 0) {
      await tx.deployment.update({ where: { id }, data: { concurrency_limit: limit } });
      return;
    }
  }
  const row = await tx.concurrencyLimitV2.upsert({
    where: { name: `deployment:${id}` },
    create: { name: `deployment:${id}`, limit, active: true },
    update: { limit, updated: new Date() },
    select: { id: true },
  });
  await tx.deployment.update({ where: { id }, data: { concurrency_limit: limit, concurrency_limit_id: row.id } });
}

/** INSERT ... ON CONFLICT (flow_id, name) DO NOTHING RETURNING id: the database says whether this request created the row. */
async function insertKeyRow(tx: Tx, flowId: string, name: string, now: Date): Promise<{ id: string; inserted: boolean }> {
  const id = crypto.randomUUID();
  const pg = dialectOf(tx) === 'postgresql';
  const rows = pg
    ? await tx.$queryRawUnsafe<{ id: string }[]>(
        'INSERT INTO deployment (id, flow_id, name, created, updated) VALUES ($1::uuid, $2::uuid, $3, $4::timestamptz, $4::timestamptz) ON CONFLICT (flow_id, name) DO NOTHING RETURNING id::text AS id',
        id,
        flowId,
        name,
        now.toISOString(),
      )
    : await tx.$queryRawUnsafe<{ id: string }[]>(
        'INSERT INTO deployment (id, flow_id, name, created, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT (flow_id, name) DO NOTHING RETURNING id',
        id,
        flowId,
        name,
        now,
        now,
      );
  if (rows.length > 0) return { id: rows[0].id, inserted: true };
  const existing = await tx.deployment.findUniqueOrThrow({ where: { flow_id_name: { flow_id: flowId, name } }, select: { id: true } });
  return { id: existing.id, inserted: false };
}

async function checkPoolJobVariables(ctx: Context, input: Json) {
  const poolName = input.work_pool_name as string | null | undefined;
  if (!poolName || poolName === 'default-agent-pool') return;
  const pool = await ctx.db.workPool.findUnique({ where: { name: poolName }, select: { base_job_template: true } });
  if (!pool) throw poolNotFound(poolName);
  const jobVariables = input.job_variables as Json | null | undefined;
  if (!jobVariables || Object.keys(jobVariables).length === 0) return;
  const failure = await jobVariablesFailure(ctx.db as never, pool.base_job_template, [jobVariables], false);
  if (failure) throw httpError(422, `Error creating deployment: ${failure}`);
}

export async function createDeployment(ctx: Context, input: Json, query: object = {}) {
  checkDeploymentName(input.name as string);
  checkWriteBody(input, input, ctx.settings.api.maxParameterSize);
  checkCreateSchema(input, input);
  const schedules = ((input.schedules as ScheduleInput[] | null | undefined) ?? []).map((s, i) => ({ ...s, loc: ['body', 'schedules', i] }));
  checkMaxRuns(schedules, maxScheduledRuns(ctx));
  const flow = await ctx.db.flow.findUnique({ where: { id: input.flow_id as string }, select: { labels: true } });
  if (!flow) throw INTEGRITY_CONFLICT;
  await checkPoolJobVariables(ctx, input);
  await checkGlobalLimit(ctx, input.global_concurrency_limit_id);
  for (const [key, kind] of [
    ['infrastructure_document_id', 'infrastructure'],
    ['storage_document_id', 'storage'],
  ] as const) {
    const id = input[key] as string | null | undefined;
    if (id && !(await ctx.db.blockDocument.findUnique({ where: { id }, select: { id: true } }))) throw blockMissing(kind, id);
  }
  const { id, inserted, events } = await inRunTransaction(ctx.db, async (tx) => {
    const now = new Date();
    const events: ReceivedEvent[] = [];
    const queueId = await resolveQueue(tx, input, { events });
    const key = await insertKeyRow(tx, input.flow_id as string, input.name as string, now);
    const before = key.inserted ? null : await tx.deployment.findUnique({ where: { id: key.id } });
    await deleteScheduledRuns(tx, [key.id], { autoOnly: true, futureOnly: true, now });
    const labels = { ...((flow.labels as Json | null) ?? {}), 'prefect.flow.id': input.flow_id, ...((input.labels as Json | null) ?? {}) };
    const data: Json = {
      ...columnsOf(input),
      updated: now,
      labels,
      parameters: (input.parameters as Json | null) ?? {},
      ...(queueId !== undefined ? { work_queue_id: queueId } : {}),
    };
    // A new row: what the body omits gets the create defaults.
    if (key.inserted) {
      if (!('parameter_openapi_schema' in input)) data.parameter_openapi_schema = {};
      if (!('pull_steps' in input)) data.pull_steps = [];
      if (input.tags == null) Object.assign(data, { tags: [], tag_rows: tagRowsOnReplace([]) });
    }
    await tx.deployment.update({ where: { id: key.id }, data: data as never });
    await tx.deploymentSchedule.deleteMany({ where: { deployment_id: key.id } });
    await insertSchedules(tx, key.id, schedules, { keepMaxRuns: false, now });
    if ('concurrency_limit' in input) {
      const linked = await tx.deployment.findUnique({ where: { id: key.id }, select: { concurrency_limit_id: true } });
      await syncConcurrencyLimit(tx, key.id, (input.concurrency_limit as number | null) ?? null, linked?.concurrency_limit_id ?? null);
    }
    const after = await tx.deployment.findUniqueOrThrow({ where: { id: key.id }, select: { ...EVENT_SELECT, ...Object.fromEntries(TRACKED.map((f) => [f, true])) } as never });
    if (key.inserted) events.push(deploymentEvent('created', after as never));
    else {
      const payload = updatedPayload(before as Json, after as Json, TRACKED);
      if (payload) events.push(deploymentEvent('updated', after as never, payload));
    }
    return { id: key.id, inserted: key.inserted, events };
  });
  publishCommitted(ctx.events, events);
  if (inserted) markCreated(ctx);
  return readDeploymentById(ctx, id, query);
}

export async function updateDeployment(ctx: Context, id: string, input: Json) {
  checkWriteBody(input, input, ctx.settings.api.maxParameterSize);
  const existing = await ctx.db.deployment.findUnique({ where: { id }, include: { schedules: true } });
  if (!existing) throw notFound('Deployment not found.');
  const plan = input.schedules != null ? planScheduleUpdates(existing.schedules, input.schedules as ScheduleInput[], maxScheduledRuns(ctx)) : null;
  const poolName = input.work_pool_name as string | null | undefined;
  if (poolName) {
    const pool = await ctx.db.workPool.findUnique({ where: { name: poolName }, select: { base_job_template: true } });
    if (!pool) throw poolNotFound(poolName);
    const schema = variablesSchema(pool.base_job_template);
    if (schema && input.job_variables != null) {
      const failure = validateAgainstSchema(input.job_variables, schema, { ignoreRequired: true, widenDefaults: true });
      if (failure)
        throw httpError(
          409,
          `Error creating deployment: <ValidationError: ${JSON.stringify(failure.replace(/^Validation failed(?: for field '[^']*')?\. Failure reason: /, ''))}>`,
        );
    }
  }
  let parameters: Json | undefined;
  if (input.parameters != null) parameters = await hydrateParameters(ctx, input.parameters as Json, 'Error hydrating deployment parameters');
  const enforce = (input.enforce_parameter_schema as boolean | null | undefined) ?? existing.enforce_parameter_schema;
  if (enforce) {
    const schema = input.parameter_openapi_schema ? normalizeSchema(input.parameter_openapi_schema) : existing.parameter_openapi_schema;
    checkParametersAgainst(schema, parameters ?? existing.parameters, 'Error updating deployment', true);
  }
  await checkGlobalLimit(ctx, input.global_concurrency_limit_id);
  const events = await inRunTransaction(ctx.db, async (tx) => {
    const now = new Date();
    const before = await tx.deployment.findUnique({ where: { id } });
    if (!before) throw notFound('Deployment not found.');
    const events: ReceivedEvent[] = [];
    const data: Json = { ...columnsOf(input), updated: now };
    if (parameters !== undefined) data.parameters = parameters;
    if (poolName === null && 'work_pool_name' in input) data.work_queue_id = null;
    else {
      const queueId = await resolveQueue(tx, { work_pool_name: poolName, work_queue_name: input.work_queue_name as string | null | undefined }, { events });
      if (queueId !== undefined) data.work_queue_id = queueId;
    }
    await tx.deployment.update({ where: { id }, data: data as never });
    await deleteScheduledRuns(tx, [id], { autoOnly: true, futureOnly: true, now });
    if (plan) await applyScheduleUpdates(tx, id, plan, now);
    if ('concurrency_limit' in input) await syncConcurrencyLimit(tx, id, (input.concurrency_limit as number | null) ?? null, before.concurrency_limit_id);
    const after = await tx.deployment.findUniqueOrThrow({ where: { id }, select: { ...EVENT_SELECT, ...Object.fromEntries(TRACKED.map((f) => [f, true])) } as never });
    const payload = updatedPayload(before as Json, after as Json, TRACKED);
    if (payload) events.push(deploymentEvent('updated', after as never, payload));
    return events;
  });
  publishCommitted(ctx.events, events);
  return true;
}

/** Deletes deployments exactly as Prefect does: their Scheduled runs, their linked global limit, then the rows. */
async function deleteDeployments(tx: Tx, ids: string[]) {
  const rows = await tx.deployment.findMany({ where: { id: { in: ids } }, select: EVENT_SELECT });
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.id);
  await deleteScheduledRuns(tx, found, { autoOnly: false, futureOnly: false, now: new Date() });
  const limits = rows.map((r) => r.concurrency_limit_id).filter((l): l is string => !!l);
  if (limits.length > 0) await tx.concurrencyLimitV2.deleteMany({ where: { id: { in: limits } } });
  await tx.deployment.deleteMany({ where: { id: { in: found } } });
  return rows.map((r) => deploymentEvent('deleted', r as never));
}

export async function deleteDeployment(ctx: Context, id: string) {
  const events = await inRunTransaction(ctx.db, (tx) => deleteDeployments(tx, [id]));
  if (events.length === 0) throw notFound(DEPLOYMENT_NOT_FOUND);
  publishCommitted(ctx.events, events);
  return true;
}

/** Up to `limit` deployments matching the filter, by name. */
export async function bulkDeleteDeployments(ctx: Context, where: object, limit: number) {
  const { ids, events } = await inRunTransaction(ctx.db, async (tx) => {
    const rows = await tx.deployment.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit, select: { id: true } });
    const ids = rows.map((r) => r.id);
    return { ids, events: await deleteDeployments(tx, ids) };
  });
  publishCommitted(ctx.events, events);
  return { deleted: ids };
}

export { pyRepr };
