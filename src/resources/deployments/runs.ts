// Runs of a deployment (§1.9–§1.12): create_flow_run (+ bulk), the runner's
// poll, pause and resume.
import { ApiError, httpError, notFound } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { createFlowRun } from '../flow-runs/service.ts';
import { checkParameterSize } from '../runs/parameters.ts';
import { EVENT_SELECT, deploymentEvent } from './events.ts';
import { jobVariablesFailure } from './job-variables.ts';
import { hydrateParameters } from './parameters.ts';
import { ensureQueue } from './queue.ts';
import { deleteScheduledRuns } from './scheduled-runs.ts';
import { validateAgainstSchema } from './schema-validation.ts';
import { DEPLOYMENT_NOT_FOUND } from './service.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface DeploymentFlowRunInput {
  state?: Json | null;
  name?: string | null;
  parameters?: Json | null;
  enforce_parameter_schema?: boolean | null;
  context?: Json | null;
  infrastructure_document_id?: string | null;
  empirical_policy?: Json | null;
  tags?: string[] | null;
  idempotency_key?: string | null;
  labels?: Json | null;
  parent_task_run_id?: string | null;
  work_queue_name?: string | null;
  job_variables?: Json | null;
}

const DEPLOYMENT_FOR_RUNS = {
  id: true,
  flow_id: true,
  version: true,
  parameters: true,
  parameter_openapi_schema: true,
  enforce_parameter_schema: true,
  tags: true,
  labels: true,
  infra_overrides: true,
  infrastructure_document_id: true,
  work_queue_name: true,
  work_queue: { select: { name: true, work_pool: { select: { id: true, name: true, base_job_template: true } } } },
} as const;

type DeploymentForRuns = NonNullable<Awaited<ReturnType<typeof loadDeployment>>>;

const loadDeployment = (ctx: Context, id: string) => ctx.db.deployment.findUnique({ where: { id }, select: DEPLOYMENT_FOR_RUNS });

/** The messages of one run's failures, as the single and the bulk route word them. */
class RunRefusal extends Error {
  constructor(
    readonly single: ApiError,
    readonly bulk: string,
  ) {
    super(single.message);
  }
}

async function prepareRun(ctx: Context, deployment: DeploymentForRuns, input: DeploymentFlowRunInput) {
  checkParameterSize(input.parameters, ctx.settings.api.maxParameterSize);
  const merged = { ...((deployment.parameters as Json) ?? {}), ...(input.parameters ?? {}) };
  let parameters: Json;
  try {
    parameters = await hydrateParameters(ctx, merged, 'Error hydrating flow run parameters');
  } catch (error) {
    if (error instanceof ApiError) throw new RunRefusal(error, error.message.replace(/^Error hydrating flow run parameters: /, ''));
    throw error;
  }
  const enforce = input.enforce_parameter_schema ?? deployment.enforce_parameter_schema;
  if (enforce) {
    const schema = deployment.parameter_openapi_schema;
    if (!isObject(schema)) {
      throw new RunRefusal(
        httpError(
          409,
          'Error updating deployment: Cannot update parameters because parameter schema enforcement is enabled and the deployment does not have a valid parameter schema.',
        ),
        'Parameter schema enforcement is enabled but deployment has no valid schema.',
      );
    }
    let failure: string | null;
    try {
      failure = validateAgainstSchema(parameters, schema, { ignoreRequired: false });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) throw new RunRefusal(error, 'Invalid schema: circular references detected.');
      throw error;
    }
    if (failure) throw new RunRefusal(httpError(409, `Error creating flow run: ${failure}`), `Parameter validation failed: ${failure}`);
  }
  const pool = deployment.work_queue?.work_pool ?? null;
  if (pool) {
    const failure = await jobVariablesFailure(ctx.db as never, pool.base_job_template, [deployment.infra_overrides as Json, input.job_variables], true);
    if (failure) {
      const detail = `Error creating flow run: ${failure}`;
      throw new RunRefusal(httpError(422, detail), detail);
    }
  }
  if (input.work_queue_name && !pool) {
    throw new RunRefusal(
      httpError(
        400,
        `Cannot create flow run in work queue ${input.work_queue_name} because deployment ${deployment.id} is not associated with a work pool. Please remove work_pool_name and try again.`,
      ),
      `Cannot create flow run in work queue ${input.work_queue_name} because deployment is not associated with a work pool.`,
    );
  }
  return parameters;
}

async function createRun(ctx: Context, deployment: DeploymentForRuns, input: DeploymentFlowRunInput, parameters: Json, query: object) {
  const pool = deployment.work_queue?.work_pool ?? null;
  const queueName = input.work_queue_name || deployment.work_queue?.name || null;
  if (pool && input.work_queue_name) await inRunTransaction(ctx.db, (tx) => ensureQueue(tx, pool.id, input.work_queue_name!, null));
  const tags = [...new Set([...((deployment.tags as string[]) ?? []), ...(input.tags ?? [])])];
  return createFlowRun(
    ctx,
    {
      flow_id: deployment.flow_id,
      deployment_id: deployment.id,
      deployment_version: deployment.version,
      name: input.name,
      state: (input.state ?? { type: 'SCHEDULED' }) as never,
      parameters,
      context: input.context ?? {},
      infrastructure_document_id: input.infrastructure_document_id ?? deployment.infrastructure_document_id,
      empirical_policy: input.empirical_policy ?? {},
      tags,
      labels: { ...((deployment.labels as Json | null) ?? {}), 'prefect.deployment.id': deployment.id, ...(input.labels ?? {}) } as never,
      idempotency_key: input.idempotency_key ?? null,
      parent_task_run_id: input.parent_task_run_id ?? null,
      work_pool_name: pool && queueName ? pool.name : null,
      work_queue_name: pool ? queueName : deployment.work_queue_name,
      job_variables: input.job_variables ?? {},
    } as never,
    query,
  );
}

export async function createFlowRunFromDeployment(ctx: Context, id: string, input: DeploymentFlowRunInput, query: object = {}) {
  const deployment = await loadDeployment(ctx, id);
  if (!deployment) throw notFound(DEPLOYMENT_NOT_FOUND);
  let parameters: Json;
  try {
    parameters = await prepareRun(ctx, deployment, input);
  } catch (error) {
    throw error instanceof RunRefusal ? error.single : error;
  }
  return createRun(ctx, deployment, input, parameters, query);
}

export const MAX_BULK_RUNS = 100;

export async function createFlowRunsFromDeployment(ctx: Context, id: string, inputs: DeploymentFlowRunInput[]) {
  if (inputs.length > MAX_BULK_RUNS) throw httpError(400, `Cannot create more than ${MAX_BULK_RUNS} flow runs at once.`);
  const deployment = await loadDeployment(ctx, id);
  if (!deployment) throw notFound(DEPLOYMENT_NOT_FOUND);
  const results: { flow_run_id: string | null; status: string; error: string | null }[] = [];
  for (const input of inputs) {
    try {
      const parameters = await prepareRun(ctx, deployment, input);
      const run = await createRun(ctx, deployment, input, parameters, { select: { id: true } });
      results.push({ flow_run_id: (run as { id: string }).id, status: 'CREATED', error: null });
    } catch (error) {
      const text = error instanceof RunRefusal ? error.bulk : error instanceof ApiError ? error.message : String((error as Error).message ?? error);
      results.push({ flow_run_id: null, status: 'FAILED', error: text });
    }
  }
  return { results };
}

/** READY + last_polled for each listed existing deployment; a ready event for each that was NOT_READY. */
export async function markDeploymentsPolled(ctx: Context, ids: string[], now = new Date()) {
  if (ids.length === 0) return;
  const events = await inRunTransaction(ctx.db, async (tx) => {
    const wasNotReady = await tx.deployment.findMany({ where: { id: { in: ids }, status: 'NOT_READY' }, select: EVENT_SELECT });
    await tx.deployment.updateMany({ where: { id: { in: ids } }, data: { status: 'READY', last_polled: now } });
    return wasNotReady.map((d) => deploymentEvent('ready', d as never, {}, now));
  });
  publishCommitted(ctx.events, events as ReceivedEvent[]);
}

/** The runner's poll (§1.9): runs are answered, then the bookkeeping (not before the answer is computed). */
export async function getScheduledFlowRuns(ctx: Context, ids: string[], scheduledBefore: Date | null | undefined, limit: number, query: object = {}) {
  const existing = await ctx.db.deployment.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const found = existing.map((d) => d.id);
  const runs = await ctx.db.flowRun.findMany({
    ...query,
    where: { deployment_id: { in: found }, state_type: 'SCHEDULED', ...(scheduledBefore ? { next_scheduled_start_time: { lte: scheduledBefore } } : {}) },
    orderBy: [{ next_scheduled_start_time: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  await markDeploymentsPolled(ctx, found);
  return runs;
}

export async function setDeploymentPaused(ctx: Context, id: string, paused: boolean) {
  const events = await inRunTransaction(ctx.db, async (tx) => {
    const before = await tx.deployment.findUnique({ where: { id }, select: { ...EVENT_SELECT, paused: true } });
    if (!before) throw notFound(DEPLOYMENT_NOT_FOUND);
    const now = new Date();
    if (before.paused !== paused) await tx.deployment.update({ where: { id }, data: { paused, updated: now } });
    if (paused) await deleteScheduledRuns(tx, [id], { autoOnly: true, futureOnly: false, now });
    return before.paused === paused ? [] : [deploymentEvent('updated', before as never, { updated_fields: ['paused'], updates: { paused: { from: before.paused, to: paused } } })];
  });
  publishCommitted(ctx.events, events);
  return null;
}
