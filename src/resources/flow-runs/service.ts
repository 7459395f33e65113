// Flow-run reads and writes (flows-and-runs §2). State changes go through
// orchestration; this module never writes state columns itself.
import { ApiError, INTEGRITY_CONFLICT, ValidationError, httpError, notFound, isMissingRecord, isUniqueViolation } from '../../errors.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import { MAX_LABELS } from '../../graphql/scalars.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { tagRowsOnCreate, tagRowsOnReplace } from '../../db/tags.ts';
import { resumeFlowRun, setFlowRunState, setFlowRunStateIn, withLockedRun, type OrchestrationOptions, type StateCreateInput } from '../../orchestration/index.ts';
import { nameOrRandom } from '../runs/names.ts';
import { checkParameterSize } from '../runs/parameters.ts';
import { automationCreator } from './created-by.ts';
import { runQueueId } from './placement.ts';
import { deleteRunLogs } from '../logs/service.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';

/** What orchestration needs to build state events: the related-resource cache TTL and bound. */
const eventOptions = (ctx: Context) => ({ relatedResourceCacheTtl: ctx.settings.events.relatedResourceCacheTtl, maxRelatedResources: ctx.settings.events.maxRelatedResources });

const FLOW_RUN_NOT_FOUND = 'Flow run not found';

export async function readFlowRunById(ctx: Context, id: string, query: object = {}) {
  const run = await ctx.db.flowRun.findUnique({ ...query, where: { id } });
  if (!run) throw notFound(FLOW_RUN_NOT_FOUND);
  return run;
}

export interface FlowRunCreateInput {
  flow_id: string;
  name?: string | null;
  state?: StateCreateInput | null;
  flow_version?: string | null;
  parameters?: Record<string, unknown> | null;
  context?: Record<string, unknown> | null;
  parent_task_run_id?: string | null;
  infrastructure_document_id?: string | null;
  empirical_policy?: Record<string, unknown> | null;
  tags?: string[] | null;
  labels?: Record<string, unknown> | null;
  idempotency_key?: string | null;
  work_pool_name?: string | null;
  work_queue_name?: string | null;
  job_variables?: Record<string, unknown> | null;
  deployment_id?: string | null;
  /** Set by create_flow_run_from_deployment (not a field of POST /flow_runs/). */
  deployment_version?: string | null;
}

/**
 * Creates a run and applies its first state with force, in one transaction.
 * With an idempotency key already used for this flow, the existing run is
 * returned untouched (the REST door answers 200 for it: it is not new).
 * Racing creates with one key: the transaction whose insert wins the unique
 * (flow_id, idempotency_key) index commits and marks the creation; the others
 * fail on the index, roll back and return the winner's run.
 */
export async function createFlowRun(ctx: Context, input: FlowRunCreateInput, query: object = {}) {
  checkParameterSize(input.parameters, ctx.settings.api.maxParameterSize);
  const createdBy = automationCreator(ctx);
  // Before the idempotency key, as Prefect's route looks the queue up first.
  const workQueueId = await runQueueId(ctx, input.work_pool_name, input.work_queue_name);
  const existing = () => ctx.db.flowRun.findFirst({ ...query, where: { flow_id: input.flow_id, idempotency_key: input.idempotency_key! } });
  if (input.idempotency_key != null) {
    const run = await existing();
    if (run) return run;
  }
  const flow = await ctx.db.flow.findUnique({ where: { id: input.flow_id }, select: { labels: true } });
  if (!flow) throw INTEGRITY_CONFLICT;
  const tags = input.tags ?? [];
  try {
    const { id, events } = await ctx.db.$transaction(async (tx) => {
      const run = await tx.flowRun.create({
        select: { id: true },
        data: {
          flow_id: input.flow_id,
          name: nameOrRandom(input.name),
          flow_version: input.flow_version ?? null,
          parameters: (input.parameters ?? {}) as Prisma.InputJsonObject,
          context: (input.context ?? {}) as Prisma.InputJsonObject,
          parent_task_run_id: input.parent_task_run_id ?? null,
          infrastructure_document_id: input.infrastructure_document_id ?? null,
          empirical_policy: (input.empirical_policy ?? {}) as Prisma.InputJsonObject,
          tags,
          tag_rows: tagRowsOnCreate(tags),
          // Later keys win: the flow's labels, the system label, the request's.
          labels: { ...((flow.labels as object | null) ?? {}), 'prefect.flow.id': input.flow_id, ...(input.labels ?? {}) } as Prisma.InputJsonObject,
          idempotency_key: input.idempotency_key ?? null,
          work_queue_name: input.work_queue_name ?? null,
          work_queue_id: workQueueId,
          job_variables: (input.job_variables ?? {}) as Prisma.InputJsonObject,
          deployment_id: input.deployment_id ?? null,
          deployment_version: input.deployment_version ?? null,
          ...(createdBy ? { created_by: { ...createdBy }, created_by_id: createdBy.id, created_by_type: createdBy.type } : {}),
        },
      });
      const initial = await setFlowRunStateIn(tx as never, run.id, input.state ?? { type: 'PENDING' }, { force: true, events: eventOptions(ctx) });
      return { id: run.id, events: initial.events };
    });
    publishCommitted(ctx.events, events);
    markCreated(ctx);
    return await readFlowRunById(ctx, id, query);
  } catch (error) {
    // Two creates with one idempotency key: the loser returns the winner's run.
    if (isUniqueViolation(error) && input.idempotency_key != null) {
      const run = await existing();
      if (run) return run;
    }
    throw error;
  }
}

/** set_flow_run_state: orchestration decides; 201 when it wrote a state row for this request. */
export async function proposeFlowRunState(ctx: Context, id: string, state: StateCreateInput, options: OrchestrationOptions) {
  const result = await setFlowRunState(ctx.db, id, state, { ...options, events: eventOptions(ctx) });
  publishCommitted(ctx.events, result.events);
  if (result.written) markCreated(ctx);
  return result;
}

/** resume_flow_run: 201 when the resume wrote the new state, 200 for ABORT/REJECT/WAIT. */
export async function resumePausedFlowRun(ctx: Context, id: string, runInput: Record<string, unknown> | null) {
  const result = await resumeFlowRun(ctx.db, id, runInput, { events: eventOptions(ctx) });
  publishCommitted(ctx.events, result.events);
  if (result.written) markCreated(ctx);
  return result;
}

export interface FlowRunUpdateInput {
  name?: string | null;
  flow_version?: string | null;
  parameters?: Record<string, unknown> | null;
  empirical_policy?: Record<string, unknown> | null;
  tags?: string[] | null;
  infrastructure_pid?: string | null;
  job_variables?: Record<string, unknown> | null;
}

/** Job variables can change only while the run is SCHEDULED and its deployment exists. */
async function checkJobVariablesUpdate(ctx: Context, id: string) {
  const run = await ctx.db.flowRun.findUnique({ where: { id }, select: { state_id: true, state_type: true, deployment_id: true } });
  if (!run) throw notFound(FLOW_RUN_NOT_FOUND);
  if (!run.state_id) throw httpError(400, 'Flow run state is required to update job variables but none exists');
  if (run.state_type !== 'SCHEDULED') throw httpError(400, `Job variables for a flow run in state ${run.state_type} cannot be updated`);
  // Deployments are not served yet, so no deployment_id resolves.
  throw httpError(400, 'A deployment for the flow run could not be found');
}

export async function updateFlowRun(ctx: Context, id: string, input: FlowRunUpdateInput, query: object = {}) {
  if ('parameters' in input) checkParameterSize(input.parameters, ctx.settings.api.maxParameterSize);
  if (input.job_variables != null) await checkJobVariablesUpdate(ctx, id);
  const data: Prisma.FlowRunUpdateInput = { updated: new Date() };
  if ('name' in input) data.name = nameOrRandom(input.name);
  if ('flow_version' in input) data.flow_version = input.flow_version ?? null;
  if (input.parameters != null) data.parameters = input.parameters as Prisma.InputJsonObject;
  if (input.empirical_policy != null) data.empirical_policy = input.empirical_policy as Prisma.InputJsonObject;
  if (input.tags != null) Object.assign(data, { tags: input.tags, tag_rows: tagRowsOnReplace(input.tags) });
  if ('infrastructure_pid' in input) data.infrastructure_pid = input.infrastructure_pid ?? null;
  if ('job_variables' in input) data.job_variables = input.job_variables === null ? Prisma.DbNull : (input.job_variables as Prisma.InputJsonObject);
  try {
    return await ctx.db.flowRun.update({ ...query, where: { id }, data });
  } catch (error) {
    if (isMissingRecord(error)) throw notFound(FLOW_RUN_NOT_FOUND);
    throw error;
  }
}

/**
 * Shallow merge: given keys win, none are removed. Read and write happen under
 * the run's row lock (the one orchestration takes), so concurrent merges of
 * different keys all survive instead of the last writer's read winning.
 */
export async function updateFlowRunLabels(ctx: Context, id: string, labels: Record<string, unknown>) {
  const found = await withLockedRun(ctx.db, 'flow_run', id, async (tx, runId) => {
    const run = runId && (await tx.flowRun.findUnique({ where: { id: runId }, select: { labels: true } }));
    if (!run) return false;
    const merged = { ...((run.labels as object | null) ?? {}), ...labels } as Prisma.InputJsonObject;
    // The bound of one request's labels holds for the sum of merges too.
    const count = Object.keys(merged).length;
    if (count > MAX_LABELS) {
      throw new ValidationError([
        {
          type: 'too_long',
          loc: ['body'],
          msg: `The run would have ${count} labels; at most ${MAX_LABELS} are kept per object`,
          input: labels,
          ctx: { field_type: 'Dictionary', max_length: MAX_LABELS, actual_length: count },
        },
      ]);
    }
    await tx.flowRun.update({ where: { id: runId }, data: { labels: merged } });
    return true;
  });
  if (!found) throw new ApiError(404, { exception_message: `Flow run with id ${id} not found` });
  return true;
}

export async function deleteFlowRun(ctx: Context, id: string) {
  const { count } = await ctx.db.flowRun.deleteMany({ where: { id } });
  if (count === 0) throw notFound(FLOW_RUN_NOT_FOUND);
  await deleteRunLogs(ctx, { flowRunIds: [id] });
  return true;
}

export async function readFlowRunState(ctx: Context, id: string) {
  const state = await ctx.db.flowRunState.findUnique({ where: { id } });
  if (!state) throw notFound('Flow run state not found');
  return state;
}

export function readFlowRunStates(ctx: Context, flowRunId: string) {
  return ctx.db.flowRunState.findMany({ where: { flow_run_id: flowRunId }, orderBy: [{ timestamp: 'asc' }] });
}

/** Up to `limit` runs matching the filter, newest id first. */
export async function bulkDeleteFlowRuns(ctx: Context, where: object, limit: number) {
  const runs = await ctx.db.flowRun.findMany({ where, orderBy: [{ id: 'desc' }], take: limit, select: { id: true } });
  const ids = runs.map((r) => r.id);
  if (ids.length > 0) await ctx.db.flowRun.deleteMany({ where: { id: { in: ids } } });
  await deleteRunLogs(ctx, { flowRunIds: ids });
  return { deleted: ids };
}

/**
 * Proposes one state to up to `limit` matching runs, each in its own
 * transaction; a run that fails is reported as ABORT with the error's text.
 */
export async function bulkSetFlowRunState(ctx: Context, where: object, limit: number, state: StateCreateInput, options: OrchestrationOptions) {
  const runs = await ctx.db.flowRun.findMany({ where, orderBy: [{ id: 'desc' }], take: limit, select: { id: true } });
  const results = [];
  for (const { id } of runs) {
    try {
      const { events, ...result } = await setFlowRunState(ctx.db, id, state, { ...options, events: eventOptions(ctx) });
      publishCommitted(ctx.events, events);
      results.push({ flow_run_id: id, ...result });
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : String((error as Error).message ?? error);
      results.push({ flow_run_id: id, status: 'ABORT' as const, state: null, details: { type: 'abort_details' as const, reason } });
    }
  }
  return { results };
}
