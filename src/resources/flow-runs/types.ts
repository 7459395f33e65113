// The FlowRun type (FlowRunResponse, flows-and-runs §2.4), its policy, and the
// GraphQL-only relations to its flow, task runs and states.
import { builder } from '../../graphql/builder.ts';
import { listArgs, paginationType, type Page } from '../../pagination.ts';
import type { Context } from '../../graphql/context.ts';
import { flowRunPolicy } from '../runs/policy.ts';
import { runTimingFields } from '../runs/run-times.ts';
import { GRAPHQL_ONLY, countRelation, listRelation } from '../runs/relations.ts';
import { State, type StateRow } from '../states/types.ts';
import { currentState } from '../states/current.ts';
import { runPlacement, runQueueName } from './placement.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { TaskRunSort } from '../task-runs/sort.ts';

export const FlowRunPolicy = builder.objectRef<Record<string, unknown>>('FlowRunPolicy').implement({
  description: 'How a flow run retries and pauses.',
  fields: (t) => ({
    max_retries: t.int({ deprecationReason: 'Use retries', resolve: (p) => p.max_retries as number }),
    retry_delay_seconds: t.float({ deprecationReason: 'Use retry_delay', resolve: (p) => p.retry_delay_seconds as number }),
    retries: t.int({ nullable: true, resolve: (p) => p.retries as number | null }),
    retry_delay: t.int({ nullable: true, resolve: (p) => p.retry_delay as number | null }),
    pause_keys: t.stringList({ nullable: true, resolve: (p) => p.pause_keys as string[] | null }),
    resuming: t.boolean({ nullable: true, resolve: (p) => p.resuming as boolean | null }),
    retry_type: t.string({ nullable: true, resolve: (p) => p.retry_type as string | null }),
  }),
});

export const FlowRunPolicyInput = builder.inputType('FlowRunPolicyInput', {
  description: 'A flow run policy; unknown keys are dropped.',
  extensions: { unknownKeys: 'ignore' },
  fields: (t) => ({
    max_retries: t.int(),
    retry_delay_seconds: t.float(),
    retries: t.int(),
    retry_delay: t.int(),
    pause_keys: t.stringList(),
    resuming: t.boolean(),
    retry_type: t.string(),
  }),
});

export const CreatedBy = builder.objectRef<Record<string, unknown>>('CreatedBy').implement({
  description: 'Who created a run (an automation or a deployment).',
  fields: (t) => ({
    id: t.field({ type: 'UUID', nullable: true, resolve: (c) => (c.id as string) ?? null }),
    type: t.string({ nullable: true, resolve: (c) => (c.type as string) ?? null }),
    display_value: t.string({ nullable: true, resolve: (c) => (c.display_value as string) ?? null }),
  }),
});

const taskRunArgs = builder.args((t) => ({
  filter: t.field({ type: TaskRunFilter.ref }),
  sort: t.field({ type: TaskRunSort.ref, defaultValue: 'ID_DESC' }),
  ...listArgs,
}));

const STATES_OLDEST_FIRST = { orderBy: () => [{ timestamp: 'asc' as const }], defaultSort: 'TIMESTAMP_ASC' };
const flowRunStates = listRelation<StateRow>({ name: 'FlowRun.states', model: 'FlowRunState', parentColumn: 'flow_run_id', ...STATES_OLDEST_FIRST });
const flowRunStatesCount = countRelation({ name: 'FlowRun.states', model: 'FlowRunState', parentColumn: 'flow_run_id' });

export const FlowRun = builder.prismaObject('FlowRun', {
  description: 'A run of a flow.',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    created: t.expose('created', { type: 'DateTime' }),
    updated: t.expose('updated', { type: 'DateTime' }),
    name: t.exposeString('name'),
    flow_id: t.expose('flow_id', { type: 'UUID' }),
    state_id: t.expose('state_id', { type: 'UUID', nullable: true }),
    deployment_id: t.expose('deployment_id', { type: 'UUID', nullable: true }),
    deployment_version: t.exposeString('deployment_version', { nullable: true }),
    work_queue_id: t.expose('work_queue_id', { type: 'UUID', nullable: true }),
    work_queue_name: t.string({ nullable: true, description: 'The linked queue’s name, else the stored column.', resolve: (r, _args, ctx) => runQueueName(ctx, r) }),
    flow_version: t.exposeString('flow_version', { nullable: true }),
    parameters: t.expose('parameters', { type: 'JSON' }),
    idempotency_key: t.exposeString('idempotency_key', { nullable: true }),
    context: t.expose('context', { type: 'JSON' }),
    empirical_policy: t.field({ type: FlowRunPolicy, resolve: (r) => flowRunPolicy(r.empirical_policy) }),
    tags: t.field({ type: ['String'], resolve: (r) => r.tags as string[] }),
    labels: t.field({ type: 'KeyValueLabels', resolve: (r) => r.labels ?? {} }),
    parent_task_run_id: t.expose('parent_task_run_id', { type: 'UUID', nullable: true }),
    state_type: t.string({ nullable: true, resolve: (r) => r.state_type }),
    state_name: t.exposeString('state_name', { nullable: true }),
    run_count: t.exposeInt('run_count'),
    expected_start_time: t.expose('expected_start_time', { type: 'DateTime', nullable: true }),
    next_scheduled_start_time: t.expose('next_scheduled_start_time', { type: 'DateTime', nullable: true }),
    ...runTimingFields(t),
    auto_scheduled: t.exposeBoolean('auto_scheduled'),
    infrastructure_document_id: t.expose('infrastructure_document_id', { type: 'UUID', nullable: true }),
    infrastructure_pid: t.exposeString('infrastructure_pid', { nullable: true }),
    created_by: t.field({ type: CreatedBy, nullable: true, resolve: (r) => r.created_by as Record<string, unknown> | null }),
    work_pool_id: t.field({ type: 'UUID', nullable: true, description: 'The pool of the linked work queue.', resolve: async (r, _args, ctx) => (await runPlacement(ctx, r))?.work_pool_id ?? null }),
    work_pool_name: t.string({ nullable: true, description: 'The pool of the linked work queue.', resolve: async (r, _args, ctx) => (await runPlacement(ctx, r))?.work_pool_name ?? null }),
    state: t.field({ type: State, nullable: true, resolve: (r, _args, ctx) => currentState(ctx, 'FlowRunState', r) }),
    job_variables: t.field({ type: 'JSON', nullable: true, resolve: (r) => r.job_variables ?? {} }),

    flow: t.relation('flow', { description: 'The flow this run belongs to.', ...GRAPHQL_ONLY }),
    task_runs: t.prismaField({
      type: ['TaskRun'],
      description: "The run's task runs, filtered, sorted and paged like read_task_runs.",
      ...GRAPHQL_ONLY,
      args: taskRunArgs,
      resolve: listRelation({ name: 'FlowRun.task_runs', model: 'TaskRun', parentColumn: 'flow_run_id', filter: TaskRunFilter, orderBy: TaskRunSort.orderBy, defaultSort: 'ID_DESC' }),
    } as any),
    task_runs_count: t.int({
      description: 'How many task runs match the filter.',
      ...GRAPHQL_ONLY,
      args: { filter: t.arg({ type: TaskRunFilter.ref }) },
      resolve: countRelation({ name: 'FlowRun.task_runs', model: 'TaskRun', parentColumn: 'flow_run_id', filter: TaskRunFilter }),
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
  results: t.prismaField({ type: [FlowRun], resolve: (query: object, page: Page, _args: unknown, ctx: Context) => ctx.db.flowRun.findMany({ ...query, ...page.find }) }),
}));
