// The TaskRun type (flows-and-runs §3.4), the reduced TaskRunResponse of
// /task_runs/paginate, its policy, and the GraphQL-only relations.
import { builder } from '../../graphql/builder.ts';
import { sharedPolicyFields, sharedPolicyInputFields } from '../runs/policy-fields.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs, paginationType, type Page } from '../../pagination.ts';
import { taskRunPolicy } from '../runs/policy.ts';
import { GRAPHQL_ONLY, listRelation } from '../runs/relations.ts';
import { runTimingFields } from '../runs/run-times.ts';
import { State, type StateRow } from '../states/types.ts';
import { currentState } from '../states/current.ts';
import { computedField, sqlColumn, sqlJoin } from '../../graphql/sql-reads/marks.ts';
import { RUN_STATE_COLUMNS } from '../../orchestration/bookkeeping/run-columns.ts';

/** A policy as taskRunPolicy answers it: every field present. */
interface TaskRunPolicyShape {
  max_retries: number;
  retry_delay_seconds: number;
  retries: number | null;
  retry_delay: unknown;
  retry_jitter_factor: number | null;
}

const policyOf = (r: { empirical_policy: unknown }) => taskRunPolicy(r.empirical_policy) as unknown as TaskRunPolicyShape;

export const TaskRunPolicy = builder.objectRef<TaskRunPolicyShape>('TaskRunPolicy').implement({
  description: 'How a task run retries.',
  fields: (t) => ({
    ...sharedPolicyFields(t),
    // Exposed: taskRunPolicy gives every field (and SQL reads print a computed object's properties).
    retry_delay: t.expose('retry_delay', { type: 'JSON', nullable: true, description: 'Seconds, or a list of seconds per retry.' }),
    retry_jitter_factor: t.exposeFloat('retry_jitter_factor', { description: 'Determines the amount a retry should jitter', nullable: true }),
  }),
});

export const TaskRunPolicyInput = builder.inputType('TaskRunPolicyInput', {
  description: 'A task run policy; unknown keys are dropped.',
  extensions: { unknownKeys: 'ignore' },
  fields: (t) => ({
    ...sharedPolicyInputFields(t),
    retry_delay: t.field({ type: 'JSON', description: 'Seconds, or a list of at most 50 delays.' }),
    retry_jitter_factor: t.float({ description: 'Determines the amount a retry should jitter' }),
  }),
});

const taskRunStates = listRelation<StateRow>({
  name: 'TaskRun.states',
  model: 'TaskRunState',
  parentColumn: 'task_run_id',
  orderBy: () => [{ timestamp: 'asc' }],
  defaultSort: 'TIMESTAMP_ASC',
});

const stateField = (t: any) =>
  t.field({
    type: State,
    nullable: true,
    description: 'The current task run state.',
    extensions: sqlJoin('state', RUN_STATE_COLUMNS),
    resolve: (r: { state_id?: string | null; state?: unknown }, _args: unknown, ctx: Context) => currentState(ctx, 'TaskRunState', r),
  });

/**
 * The fields of Prefect's TaskRun JSON (flows-and-runs §3.4), shared by TaskRun
 * and the UI's UITaskRun. `t` is a TaskRun field builder of either variant.
 */
export const taskRunJsonFields = (t: any) => ({
  id: t.expose('id', { description: 'The id of the task run.', type: 'UUID' }),
  created: t.expose('created', { description: 'When the task run was created.', type: 'DateTime' }),
  updated: t.expose('updated', { description: 'When the task run was last updated.', type: 'DateTime' }),
  name: t.exposeString('name', { description: 'The name of the task run. Defaults to a random slug if not specified.' }),
  flow_run_id: t.expose('flow_run_id', { description: 'The flow run id of the task run.', type: 'UUID', nullable: true }),
  task_key: t.exposeString('task_key', { description: 'A unique identifier for the task being run.' }),
  dynamic_key: t.exposeString('dynamic_key', { description: 'A dynamic key used to differentiate between multiple runs of the same task within the same flow run.' }),
  cache_key: t.exposeString('cache_key', {
    description: 'An optional cache key. If a COMPLETED state associated with this cache key is found, the cached COMPLETED state will be used instead of executing the task run.',
    nullable: true,
  }),
  cache_expiration: t.expose('cache_expiration', { description: 'Specifies when the cached state should expire.', type: 'DateTime', nullable: true }),
  task_version: t.exposeString('task_version', { description: 'The version of the task being run.', nullable: true }),
  empirical_policy: t.field({ description: "The task run's empirical retry policy.", type: TaskRunPolicy, ...computedField(['empirical_policy'], policyOf) }),
  tags: t.field({ description: 'A list of tags for the task run.', type: ['String'], extensions: sqlColumn('tags'), resolve: (r: any) => r.tags as string[] }),
  labels: t.field({
    description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.',
    type: 'KeyValueLabels',
    nullable: true,
    ...computedField(['labels'], (r: { labels: unknown }) => r.labels),
  }),
  state_id: t.expose('state_id', { description: 'The id of the current task run state.', type: 'UUID', nullable: true }),
  task_inputs: t.expose('task_inputs', { description: 'Tracks the source of inputs to a task run. Used for internal bookkeeping.', type: 'JSON' }),
  state_type: t.exposeString('state_type', { description: 'The type of the current task run state.', nullable: true }),
  state_name: t.exposeString('state_name', { description: 'The name of the current task run state.', nullable: true }),
  run_count: t.exposeInt('run_count', { description: 'The number of times the task run has been executed.' }),
  flow_run_run_count: t.exposeInt('flow_run_run_count', { description: 'If the parent flow has retried, this indicates the flow retry this run is associated with.' }),
  expected_start_time: t.expose('expected_start_time', { description: "The task run's expected start time.", type: 'DateTime', nullable: true }),
  next_scheduled_start_time: t.expose('next_scheduled_start_time', { description: 'The next time the task run is scheduled to start.', type: 'DateTime', nullable: true }),
  ...runTimingFields(t),
  state: stateField(t),
});

export const TaskRun = builder.prismaObject('TaskRun', {
  description: 'A run of a task.',
  fields: (t) => ({
    ...taskRunJsonFields(t),

    flow_run: t.relation('flow_run', { nullable: true, description: 'The flow run this task run belongs to.', extensions: { ...GRAPHQL_ONLY.extensions, ...sqlJoin('flow_run') } }),
    states: t.field({
      type: [State],
      description: 'Every state of the task run, oldest first.',
      ...GRAPHQL_ONLY,
      args: listArgs,
      resolve: (run, args, ctx, info) => taskRunStates({}, run, args, ctx, info),
    }),
  }),
});

/** The elements of /task_runs/paginate: a reduced shape (flows-and-runs §3.4). */
export const TaskRunResponse = builder.prismaObject('TaskRun', {
  variant: 'TaskRunResponse',
  description: 'A task run as /task_runs/paginate lists it.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the task run.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the task run was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the task run was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the task run. Defaults to a random slug if not specified.' }),
    flow_run_id: t.expose('flow_run_id', { description: 'The flow run id of the task run.', type: 'UUID', nullable: true }),
    task_key: t.exposeString('task_key', { description: 'A unique identifier for the task being run.' }),
    state_id: t.expose('state_id', { description: 'The id of the current task run state.', type: 'UUID', nullable: true }),
    state: stateField(t),
    task_version: t.exposeString('task_version', { description: 'The version of the task being run.', nullable: true }),
    task_inputs: t.expose('task_inputs', { description: 'Tracks the source of inputs to a task run. Used for internal bookkeeping.', type: 'JSON' }),
    empirical_policy: t.field({ description: "The task run's empirical retry policy.", type: TaskRunPolicy, ...computedField(['empirical_policy'], policyOf) }),
    tags: t.field({ description: 'A list of tags for the task run.', type: ['String'], extensions: sqlColumn('tags'), resolve: (r) => r.tags as string[] }),
    ...runTimingFields(t),
  }),
});

export const TaskRunPaginationResponse = paginationType('TaskRunPaginationResponse', (t) => ({
  results: t.prismaField({
    description: 'The task runs of this page.',
    type: [TaskRunResponse],
    resolve: (query: object, page: Page, _args: unknown, ctx: Context) => ctx.db.taskRun.findMany({ ...query, ...page.find }),
  }),
}));
