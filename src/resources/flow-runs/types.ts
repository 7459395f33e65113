// The FlowRun type (FlowRunResponse, flows-and-runs §2.4), its policy, and the
// GraphQL-only relations to its flow, task runs and states.
import { builder } from '../../graphql/builder.ts';
import { sharedPolicyFields, sharedPolicyInputFields } from '../runs/policy-fields.ts';
import { listArgs, paginationType, type Page } from '../../pagination.ts';
import type { Context } from '../../graphql/context.ts';
import { flowRunPolicy } from '../runs/policy.ts';
import { runTimingFields } from '../runs/run-times.ts';
import { GRAPHQL_ONLY, countRelation, countRelationField, listRelation, listRelationField } from '../runs/relations.ts';
import { computedField, sqlColumn, sqlJoin } from '../../graphql/sql-reads/marks.ts';
import { State, type StateRow } from '../states/types.ts';
import { currentState } from '../states/current.ts';
import { poolIdRead, poolNameRead, queueNameRead, runPoolId, runPoolName, runQueueName } from './placement.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { TaskRunSort } from '../task-runs/sort.ts';
import { RUN_STATE_COLUMNS } from '../../orchestration/bookkeeping/run-columns.ts';

/** A policy as flowRunPolicy answers it: every field present. */
interface FlowRunPolicyShape {
  max_retries: number;
  retry_delay_seconds: number;
  retries: number | null;
  retry_delay: number | null;
  pause_keys: string[] | null;
  resuming: boolean | null;
  retry_type: string | null;
}

export const FlowRunPolicy = builder.objectRef<FlowRunPolicyShape>('FlowRunPolicy').implement({
  description: 'How a flow run retries and pauses.',
  fields: (t) => ({
    ...sharedPolicyFields(t),
    // Exposed: flowRunPolicy gives every field (and SQL reads print a computed object's properties).
    retry_delay: t.exposeInt('retry_delay', { description: 'The delay time between retries, in seconds.', nullable: true }),
    pause_keys: t.exposeStringList('pause_keys', { description: 'Tracks pauses this run has observed.', nullable: true }),
    resuming: t.exposeBoolean('resuming', { description: 'Indicates if this run is resuming from a pause.', nullable: true }),
    retry_type: t.exposeString('retry_type', { description: 'The type of retry this run is undergoing.', nullable: true }),
  }),
});

export const FlowRunPolicyInput = builder.inputType('FlowRunPolicyInput', {
  description: 'A flow run policy; unknown keys are dropped.',
  extensions: { unknownKeys: 'ignore' },
  fields: (t) => ({
    ...sharedPolicyInputFields(t),
    retry_delay: t.int({ description: 'The delay time between retries, in seconds.' }),
    pause_keys: t.stringList({ description: 'Tracks pauses this run has observed.' }),
    resuming: t.boolean({ description: 'Indicates if this run is resuming from a pause.' }),
    retry_type: t.string({ description: 'The type of retry this run is undergoing.' }),
  }),
});

export const CreatedBy = builder.objectRef<{ id?: string | null; type?: string | null; display_value?: string | null }>('CreatedBy').implement({
  description: 'Who created a run (an automation or a deployment).',
  fields: (t) => ({
    // Exposed (a missing key answers null), as SQL reads print a computed object's properties.
    id: t.expose('id', { description: 'The id of the creator of the object.', type: 'UUID', nullable: true }),
    type: t.exposeString('type', { description: 'The type of the creator of the object.', nullable: true }),
    display_value: t.exposeString('display_value', { description: 'The display value for the creator.', nullable: true }),
  }),
});

const taskRunArgs = builder.args((t) => ({
  filter: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
  sort: t.field({ type: TaskRunSort.ref, defaultValue: 'ID_DESC', description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

const STATES_OLDEST_FIRST = { orderBy: () => [{ timestamp: 'asc' as const }], defaultSort: 'TIMESTAMP_ASC' };
const flowRunStates = listRelation<StateRow>({ name: 'FlowRun.states', model: 'FlowRunState', parentColumn: 'flow_run_id', ...STATES_OLDEST_FIRST });
const flowRunStatesCount = countRelation({ name: 'FlowRun.states', model: 'FlowRunState', parentColumn: 'flow_run_id' });

export const FlowRun = builder.prismaObject('FlowRun', {
  description: 'A run of a flow.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the flow run.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the flow run was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the flow run was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the flow run. Defaults to a random slug if not specified.' }),
    flow_id: t.expose('flow_id', { description: 'The id of the flow being run.', type: 'UUID' }),
    state_id: t.expose('state_id', { description: "The id of the flow run's current state.", type: 'UUID', nullable: true }),
    deployment_id: t.expose('deployment_id', { description: 'The id of the deployment associated with this flow run, if available.', type: 'UUID', nullable: true }),
    deployment_version: t.exposeString('deployment_version', { description: 'The version of the deployment associated with this flow run.', nullable: true }),
    work_queue_id: t.expose('work_queue_id', { description: "The id of the run's work pool queue.", type: 'UUID', nullable: true }),
    work_queue_name: t.string({
      nullable: true,
      description: 'The linked queue’s name, else the stored column.',
      extensions: queueNameRead,
      resolve: (r, _args, ctx) => runQueueName(ctx, r),
    }),
    flow_version: t.exposeString('flow_version', { description: 'The version of the flow executed in this flow run.', nullable: true }),
    parameters: t.expose('parameters', { description: 'Parameters for the flow run.', type: 'JSON' }),
    idempotency_key: t.exposeString('idempotency_key', {
      description: 'An optional idempotency key for the flow run. Used to ensure the same flow run is not created multiple times.',
      nullable: true,
    }),
    context: t.expose('context', { description: 'Additional context for the flow run.', type: 'JSON' }),
    empirical_policy: t.field({
      description: 'The empirical policy for the flow run.',
      type: FlowRunPolicy,
      ...computedField(['empirical_policy'], (r: { empirical_policy: unknown }) => flowRunPolicy(r.empirical_policy) as unknown as FlowRunPolicyShape),
    }),
    tags: t.field({ description: 'A list of tags on the flow run', type: ['String'], extensions: sqlColumn('tags'), resolve: (r) => r.tags as string[] }),
    labels: t.field({
      description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.',
      type: 'KeyValueLabels',
      ...computedField(['labels'], (r: { labels: unknown }) => r.labels ?? {}),
    }),
    parent_task_run_id: t.expose('parent_task_run_id', {
      description: "If the flow run is a subflow, the id of the 'dummy' task in the parent flow used to track subflow state.",
      type: 'UUID',
      nullable: true,
    }),
    state_type: t.string({ description: 'The type of the current flow run state.', nullable: true, extensions: sqlColumn('state_type'), resolve: (r) => r.state_type }),
    state_name: t.exposeString('state_name', { description: 'The name of the current flow run state.', nullable: true }),
    run_count: t.exposeInt('run_count', { description: 'The number of times the flow run was executed.' }),
    expected_start_time: t.expose('expected_start_time', { description: "The flow run's expected start time.", type: 'DateTime', nullable: true }),
    next_scheduled_start_time: t.expose('next_scheduled_start_time', { description: 'The next time the flow run is scheduled to start.', type: 'DateTime', nullable: true }),
    ...runTimingFields(t),
    auto_scheduled: t.exposeBoolean('auto_scheduled', { description: 'Whether or not the flow run was automatically scheduled.' }),
    infrastructure_document_id: t.expose('infrastructure_document_id', {
      description: 'The block document defining infrastructure to use this flow run.',
      type: 'UUID',
      nullable: true,
    }),
    infrastructure_pid: t.exposeString('infrastructure_pid', { description: 'The id of the flow run as returned by an infrastructure block.', nullable: true }),
    created_by: t.field({
      description: 'Optional information about the creator of this flow run.',
      type: CreatedBy,
      nullable: true,
      ...computedField(['created_by'], (r: { created_by: unknown }) => r.created_by as { id?: string } | null),
    }),
    work_pool_id: t.field({
      type: 'UUID',
      nullable: true,
      description: 'The pool of the linked work queue.',
      extensions: poolIdRead,
      resolve: (r, _args, ctx) => runPoolId(ctx, r),
    }),
    work_pool_name: t.string({
      nullable: true,
      description: 'The pool of the linked work queue.',
      extensions: poolNameRead,
      resolve: (r, _args, ctx) => runPoolName(ctx, r),
    }),
    state: t.field({
      description: 'The current state of the flow run.',
      type: State,
      nullable: true,
      extensions: sqlJoin('state', RUN_STATE_COLUMNS),
      resolve: (r, _args, ctx) => currentState(ctx, 'FlowRunState', r),
    }),
    job_variables: t.field({
      description: 'Variables used as overrides in the base job template',
      type: 'JSON',
      nullable: true,
      ...computedField(['job_variables'], (r: { job_variables: unknown }) => r.job_variables ?? {}),
    }),

    flow: t.relation('flow', { description: 'The flow this run belongs to.', extensions: { ...GRAPHQL_ONLY.extensions, ...sqlJoin('flow') } }),
    task_runs: t.prismaField({
      type: ['TaskRun'],
      description: "The run's task runs, filtered, sorted and paged like read_task_runs.",
      args: taskRunArgs,
      ...listRelationField({
        name: 'FlowRun.task_runs',
        model: 'TaskRun',
        parentColumn: 'flow_run_id',
        filter: TaskRunFilter,
        orderBy: TaskRunSort.orderBy,
        defaultSort: 'ID_DESC',
      }),
    } as any),
    task_runs_count: t.int({
      description: 'How many task runs match the filter.',
      args: { filter: t.arg({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }) },
      ...countRelationField({ name: 'FlowRun.task_runs', model: 'TaskRun', parentColumn: 'flow_run_id', filter: TaskRunFilter }),
    }),
    states: t.field({
      type: [State],
      description: 'Every state of the run, oldest first.',
      ...GRAPHQL_ONLY,
      args: listArgs,
      resolve: (run, args, ctx, info) => flowRunStates({}, run, args, ctx, info),
    }),
    states_count: t.int({
      description: 'How many states the run has had.',
      ...GRAPHQL_ONLY,
      resolve: (run, _args, ctx) => flowRunStatesCount(run, {}, ctx),
    }),
  }),
});

export const FlowRunPaginationResponse = paginationType('FlowRunPaginationResponse', (t) => ({
  results: t.prismaField({
    description: 'The flow runs of this page.',
    type: [FlowRun],
    resolve: (query: object, page: Page, _args: unknown, ctx: Context) => ctx.db.flowRun.findMany({ ...query, ...page.find }),
  }),
}));
