// The Deployment type (DeploymentResponse, deployments-and-work-pools §1.1), its
// schedules (§1.2), the request bodies and the GraphQL-only relations.
import { builder } from '../../graphql/builder.ts';
import { listArgs, paginationType, type Page } from '../../pagination.ts';
import type { Context } from '../../graphql/context.ts';
import { sortEnum } from '../../filters/sort.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { FlowRunSort } from '../flow-runs/sort.ts';
import { CreatedBy, FlowRunPolicyInput } from '../flow-runs/types.ts';
import { GRAPHQL_ONLY, countRelation, listRelation } from '../runs/relations.ts';
import { GlobalConcurrencyLimitResponse } from '../concurrency-limits/types.ts';
import { StateCreate } from '../states/types.ts';
import '../work-pools/types.ts';

/** Schedules newest-updated first, as Prefect's relationship orders them. */
export const SCHEDULE_ORDER = [{ updated: 'desc' as const }, { id: 'desc' as const }];

export const DeploymentSchedule = builder.prismaObject('DeploymentSchedule', {
  description: 'A schedule of a deployment.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the deployment schedule.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the deployment schedule was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the deployment schedule was last updated.', type: 'DateTime' }),
    deployment_id: t.expose('deployment_id', { description: 'The deployment id associated with this schedule.', type: 'UUID', nullable: true }),
    schedule: t.expose('schedule', { type: 'JSON', description: 'An interval, cron or rrule schedule.', extensions: { secondsKeys: ['interval'] } }),
    active: t.exposeBoolean('active', { description: 'Whether or not the schedule is active.' }),
    max_scheduled_runs: t.exposeInt('max_scheduled_runs', { description: 'The maximum number of scheduled runs for the schedule.', nullable: true }),
    parameters: t.expose('parameters', { description: 'A dictionary of parameter value overrides.', type: 'JSON' }),
    slug: t.exposeString('slug', { description: 'A unique slug for the schedule.', nullable: true }),
  }),
});

const flowRunArgs = builder.args((t) => ({
  filter: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  sort: t.field({ type: FlowRunSort.ref, defaultValue: 'ID_DESC', description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

const QUEUE_SELECT = { work_queue: { select: { name: true, work_pool: { select: { name: true } } } } };

export const ConcurrencyOptions = builder.objectRef<Record<string, unknown>>('ConcurrencyOptions').implement({
  description: 'How a deployment handles runs over its concurrency limit.',
  fields: (t) => ({
    collision_strategy: t.string({ description: 'Enumeration of concurrency collision strategies.', resolve: (o) => o.collision_strategy as string }),
    grace_period_seconds: t.int({
      description: 'Grace period in seconds for infrastructure to start before concurrency slots are revoked. If not set, falls back to server setting.',
      nullable: true,
      resolve: (o) => (o.grace_period_seconds as number | null | undefined) ?? null,
    }),
  }),
});

export const DeploymentStatus = builder.enumType('DeploymentStatus', {
  description: 'Enumeration of deployment statuses.',
  values: {
    READY: { description: 'A worker has polled for the deployment’s work recently.' },
    NOT_READY: { description: 'No worker has polled for the deployment’s work recently.' },
  } as const,
});

export const Deployment = builder.prismaObject('Deployment', {
  description: 'An ORM representation of deployment data.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the deployment.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the deployment was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the deployment was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the deployment.' }),
    version: t.exposeString('version', { description: 'An optional version for the deployment.', nullable: true }),
    description: t.exposeString('description', { description: 'A description for the deployment.', nullable: true }),
    flow_id: t.expose('flow_id', { description: 'The flow id associated with the deployment.', type: 'UUID' }),
    paused: t.exposeBoolean('paused', { description: 'Whether or not the deployment is paused.' }),
    schedules: t.relation('schedules', { description: 'Newest-updated first.', query: { orderBy: SCHEDULE_ORDER } }),
    concurrency_limit: t.int({
      description: 'DEPRECATED: Prefer `global_concurrency_limit`. Will always be None for backwards compatibility. Will be removed after December 2024.',
      nullable: true,
      deprecationReason: 'Use global_concurrency_limit.',
      resolve: () => null,
    }),
    global_concurrency_limit: t.field({
      description: 'The global concurrency limit object for enforcing the maximum number of flow runs that can be active at once.',
      type: GlobalConcurrencyLimitResponse,
      nullable: true,
      select: { global_concurrency_limit: true },
      resolve: (d) => {
        const limit = (d as { global_concurrency_limit?: Record<string, unknown> | null }).global_concurrency_limit;
        return limit ? ({ ...limit, decayed_active_slots: limit.active_slots } as never) : null;
      },
    }),
    concurrency_options: t.field({
      description: 'The concurrency options for the deployment.',
      type: ConcurrencyOptions,
      nullable: true,
      resolve: (d) => (d.concurrency_options as Record<string, unknown> | null) ?? null,
    }),
    job_variables: t.field({ description: 'Overrides to apply to the base infrastructure block at runtime.', type: 'JSON', resolve: (d) => d.infra_overrides ?? {} }),
    parameters: t.expose('parameters', { description: 'Parameters for flow runs scheduled by the deployment.', type: 'JSON' }),
    tags: t.field({ description: 'A list of tags for the deployment', type: ['String'], resolve: (d) => d.tags as string[] }),
    labels: t.field({ description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.', type: 'KeyValueLabels', resolve: (d) => d.labels ?? {} }),
    work_queue_name: t.string({
      nullable: true,
      description: "The linked queue's current name, else the stored name.",
      select: QUEUE_SELECT,
      resolve: (d) => (d as { work_queue?: { name: string } | null }).work_queue?.name ?? d.work_queue_name,
    }),
    work_queue_id: t.expose('work_queue_id', { description: 'The id of the work pool queue to which this deployment is assigned.', type: 'UUID', nullable: true }),
    last_polled: t.expose('last_polled', { description: 'The last time the deployment was polled for status updates.', type: 'DateTime', nullable: true }),
    parameter_openapi_schema: t.expose('parameter_openapi_schema', { description: 'The parameter schema of the flow, including defaults.', type: 'JSON', nullable: true }),
    path: t.exposeString('path', { description: 'The path to the working directory for the workflow, relative to remote storage or an absolute path.', nullable: true }),
    pull_steps: t.expose('pull_steps', { description: 'Pull steps for cloning and running this deployment.', type: 'JSON', nullable: true }),
    entrypoint: t.exposeString('entrypoint', { description: 'The path to the entrypoint for the workflow, relative to the `path`.', nullable: true }),
    storage_document_id: t.expose('storage_document_id', { description: 'The block document defining storage used for this flow.', type: 'UUID', nullable: true }),
    infrastructure_document_id: t.expose('infrastructure_document_id', {
      description: 'The block document defining infrastructure to use for flow runs.',
      type: 'UUID',
      nullable: true,
    }),
    created_by: t.field({ description: 'Optional information about the creator of this deployment.', type: CreatedBy, nullable: true, resolve: () => null }),
    updated_by: t.field({ description: 'Optional information about the updater of this deployment.', type: CreatedBy, nullable: true, resolve: () => null }),
    work_pool_name: t.string({
      nullable: true,
      description: "The linked queue's pool.",
      select: QUEUE_SELECT,
      resolve: (d) => (d as { work_queue?: { work_pool: { name: string } } | null }).work_queue?.work_pool.name ?? null,
    }),
    status: t.field({ type: DeploymentStatus, description: 'READY once a runner or worker polled for it recently.', resolve: (d) => d.status as 'READY' | 'NOT_READY' }),
    enforce_parameter_schema: t.exposeBoolean('enforce_parameter_schema', { description: 'Whether or not the deployment should enforce the parameter schema.' }),

    flow: t.relation('flow', { description: 'The flow of this deployment.', ...GRAPHQL_ONLY }),
    work_queue: t.relation('work_queue', { description: 'The linked work queue.', nullable: true, ...GRAPHQL_ONLY }),
    work_pool: t.field({
      type: 'WorkPool',
      nullable: true,
      description: "The linked queue's work pool.",
      ...GRAPHQL_ONLY,
      select: (_args: unknown, _ctx: unknown, nested: (selection: boolean) => unknown) => ({ work_queue: { select: { work_pool: nested(true) } } }),
      resolve: (d: { work_queue?: { work_pool?: unknown } | null }) => (d.work_queue?.work_pool ?? null) as never,
    } as any),
    flow_runs: t.prismaField({
      type: ['FlowRun'],
      description: "The deployment's runs, filtered, sorted and paged like read_flow_runs.",
      ...GRAPHQL_ONLY,
      args: flowRunArgs,
      resolve: listRelation({
        name: 'Deployment.flow_runs',
        model: 'FlowRun',
        parentColumn: 'deployment_id',
        filter: FlowRunFilter,
        orderBy: FlowRunSort.orderBy,
        defaultSort: 'ID_DESC',
      }),
    } as any),
    flow_runs_count: t.int({
      description: 'How many runs of the deployment match the filter.',
      ...GRAPHQL_ONLY,
      args: { filter: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }) },
      resolve: countRelation({ name: 'Deployment.flow_runs', model: 'FlowRun', parentColumn: 'deployment_id', filter: FlowRunFilter }),
    }),
  }),
});

export const DeploymentSort = sortEnum('DeploymentSort', {
  CREATED_DESC: { description: 'Newest first', orderBy: [{ created: 'desc' }] },
  UPDATED_DESC: { description: 'Most recently updated first', orderBy: [{ updated: 'desc' }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
});

export const DeploymentPaginationResponse = paginationType('DeploymentPaginationResponse', (t) => ({
  results: t.prismaField({
    description: 'The deployments of this page.',
    type: [Deployment],
    resolve: (query: object, page: Page, _args: unknown, ctx: Context) => ctx.db.deployment.findMany({ ...query, ...page.find }),
  }),
}));

export const ConcurrencyOptionsInput = builder.inputType('ConcurrencyOptionsInput', {
  description: 'Concurrency options of a deployment.',
  extensions: { modelName: 'ConcurrencyOptions' },
  fields: (t) => ({
    collision_strategy: t.field({
      description: 'Enumeration of concurrency collision strategies.',
      type: builder.enumType('ConcurrencyLimitStrategy', {
        description: 'Enumeration of concurrency collision strategies.',
        values: {
          ENQUEUE: { description: 'A run over the limit waits (AwaitingConcurrencySlot) until a slot frees.' },
          CANCEL_NEW: { description: 'A run over the limit is cancelled.' },
        } as const,
      }),
      required: true,
    }),
    grace_period_seconds: t.int({
      description: 'Grace period in seconds for infrastructure to start before concurrency slots are revoked. If not set, falls back to server setting.',
    }),
  }),
});

const scheduleFields = (t: any, required: boolean) => ({
  active: t.boolean({ ...(required ? { defaultValue: true } : {}), description: 'Whether or not the schedule is active.' }),
  schedule: t.field({ type: 'JSON', required, description: 'An interval, cron or rrule schedule.' }),
  max_scheduled_runs: t.int({ description: 'The maximum number of scheduled runs for the schedule.' }),
  parameters: t.field({ description: 'A dictionary of parameter value overrides.', type: 'JSON' }),
  slug: t.string({ description: 'A unique identifier for the schedule.' }),
  replaces: t.string({ description: 'PATCH /deployments/{id} only: the slug of the schedule this one replaces. Never stored.' }),
});

export const DeploymentScheduleCreate = builder.inputType('DeploymentScheduleCreate', {
  description: 'A schedule to create.',
  fields: (t) => scheduleFields(t, true),
});

export const DeploymentScheduleUpdate = builder.inputType('DeploymentScheduleUpdate', {
  description: 'A schedule update; absent keys are left as they are (parameters is reset to {}).',
  fields: (t) => scheduleFields(t, false),
});

/** Keys Prefect's clients of old sent; silently dropped. */
const legacyKeys = (t: any) => ({
  worker_pool_queue_id: t.field({ type: 'JSON', deprecationReason: 'Ignored.', description: 'A key of old clients; accepted and ignored.' }),
  worker_pool_name: t.field({ type: 'JSON', deprecationReason: 'Ignored.', description: 'A key of old clients; accepted and ignored.' }),
  worker_pool_queue_name: t.field({ type: 'JSON', deprecationReason: 'Ignored.', description: 'A key of old clients; accepted and ignored.' }),
  work_pool_queue_name: t.field({ type: 'JSON', deprecationReason: 'Ignored.', description: 'A key of old clients; accepted and ignored.' }),
});

const sharedFields = (t: any) => ({
  paused: t.boolean({ description: 'Whether or not the deployment is paused.' }),
  concurrency_limit: t.field({ description: "The deployment's concurrency limit.", type: 'PositiveInt' }),
  concurrency_options: t.field({ description: "The deployment's concurrency options.", type: ConcurrencyOptionsInput }),
  global_concurrency_limit_id: t.field({ description: 'The ID of the global concurrency limit to apply to the deployment.', type: 'UUID' }),
  enforce_parameter_schema: t.boolean({ description: 'Whether or not the deployment should enforce the parameter schema.' }),
  parameter_openapi_schema: t.field({ description: 'The parameter schema of the flow, including defaults.', type: 'JSON' }),
  parameters: t.field({ description: 'Parameters for flow runs scheduled by the deployment.', type: 'JSON' }),
  tags: t.stringList({ description: 'A list of deployment tags.' }),
  pull_steps: t.field({ description: 'Pull steps for cloning and running this deployment.', type: 'JSON' }),
  work_queue_name: t.string({ description: 'The work queue for the deployment. If no work queue is set, work will not be scheduled.' }),
  work_pool_name: t.string({ description: "The name of the deployment's work pool." }),
  storage_document_id: t.field({ description: 'The block document defining storage used for this flow.', type: 'UUID' }),
  infrastructure_document_id: t.field({ description: 'The block document defining infrastructure to use for flow runs.', type: 'UUID' }),
  description: t.string({ description: 'A description for the deployment.' }),
  path: t.string({ description: 'The path to the working directory for the workflow, relative to remote storage or an absolute path.' }),
  version: t.string({ description: 'An optional version for the deployment.' }),
  entrypoint: t.string({ description: 'The path to the entrypoint for the workflow, relative to the `path`.' }),
  job_variables: t.field({ description: "Overrides for the flow's infrastructure configuration.", type: 'JSON' }),
  version_info: t.field({ type: 'JSON', description: 'Accepted and ignored.' }),
  ...legacyKeys(t),
});

export const DeploymentCreate = builder.inputType('DeploymentCreate', {
  description: 'Data used to create (or upsert, on flow_id and name) a deployment.',
  fields: (t) => ({
    name: t.string({ description: 'The name of the deployment.', required: true }),
    flow_id: t.field({ description: 'The ID of the flow associated with the deployment.', type: 'UUID', required: true }),
    schedules: t.field({ description: 'A list of schedules for the deployment.', type: [DeploymentScheduleCreate] }),
    labels: t.field({ description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.', type: 'KeyValueLabels' }),
    ...sharedFields(t),
  }),
});

export const DeploymentUpdate = builder.inputType('DeploymentUpdate', {
  description: 'Data used to update a deployment; absent keys are left as they are.',
  fields: (t) => ({
    schedules: t.field({ description: 'A list of schedules for the deployment.', type: [DeploymentScheduleUpdate] }),
    ...sharedFields(t),
  }),
});

export const DeploymentFlowRunCreate = builder.inputType('DeploymentFlowRunCreate', {
  description: 'Data used to create a flow run from a deployment.',
  fields: (t) => ({
    state: t.field({ type: StateCreate, description: 'Defaults to Scheduled now.' }),
    name: t.string({ description: 'The name of the flow run. Defaults to a random slug if not specified.' }),
    parameters: t.field({ description: "Parameters for the flow run, merged over the deployment's parameters.", type: 'JSON' }),
    enforce_parameter_schema: t.boolean({ description: 'Whether or not to enforce the parameter schema on this run.' }),
    context: t.field({ description: 'Additional context for the flow run.', type: 'JSON' }),
    infrastructure_document_id: t.field({ description: 'The block document defining infrastructure to use for the flow run.', type: 'UUID' }),
    empirical_policy: t.field({ description: 'The empirical policy for the flow run.', type: FlowRunPolicyInput }),
    tags: t.stringList({ description: 'A list of tags for the flow run.' }),
    idempotency_key: t.string({
      description: 'An optional idempotency key. If a flow run with the same idempotency key has already been created, the existing flow run will be returned.',
    }),
    labels: t.field({ description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.', type: 'KeyValueLabels' }),
    parent_task_run_id: t.field({ description: "If the flow run is a subflow, the id of the 'dummy' task in the parent flow used to track subflow state.", type: 'UUID' }),
    work_queue_name: t.string({ description: "The work queue of the deployment's work pool to run in, instead of the deployment's own." }),
    job_variables: t.field({ description: "Overrides for the deployment's job variables, for this flow run only.", type: 'JSON' }),
  }),
});

export const FlowRunCreateResult = builder.objectRef<{ flow_run_id: string | null; status: string; error: string | null }>('DeploymentFlowRunCreateResult').implement({
  description: 'One item of create_flow_run/bulk.',
  fields: (t) => ({
    flow_run_id: t.field({ description: 'The created flow run, or null when its creation failed.', type: 'UUID', nullable: true, resolve: (r) => r.flow_run_id }),
    status: t.exposeString('status', { description: 'CREATED or FAILED.' }),
    error: t.exposeString('error', { description: 'Why the flow run was not created, when it was not.', nullable: true }),
  }),
});

export const BulkFlowRunCreateResponse = builder
  .objectRef<{ results: { flow_run_id: string | null; status: string; error: string | null }[] }>('DeploymentFlowRunBulkCreateResponse')
  .implement({
    description: 'The outcome of creating many flow runs of a deployment at once.',
    fields: (t) => ({
      results: t.field({ description: 'One result per requested flow run, in the order of the request.', type: [FlowRunCreateResult], resolve: (r) => r.results }),
    }),
  });
