// States as data (flows-and-runs §4): the State object both run kinds share,
// its StateDetails, and the StateCreate input of create and set_state bodies.
import { builder } from '../../graphql/builder.ts';
import { computedField, sqlColumn } from '../../graphql/sql-reads/marks.ts';
import { fullStateDetails, type STATE_TYPES } from '../../orchestration/index.ts';
import { stateData, stateDataRead } from './data.ts';

/** Each state type, in Prefect's order (STATE_TYPES); TypeScript checks none is missing. */
const STATE_TYPE_VALUES: Record<(typeof STATE_TYPES)[number], { description: string }> = {
  SCHEDULED: { description: 'Waiting for its scheduled start time.' },
  PENDING: { description: 'About to start: the run has been picked up and is preparing to execute.' },
  RUNNING: { description: 'Executing.' },
  COMPLETED: { description: 'Finished successfully (final).' },
  FAILED: { description: 'Finished with an error in user code (final).' },
  CANCELLED: { description: 'Stopped on request before it finished (final).' },
  CRASHED: { description: 'Stopped by an infrastructure or process failure outside user code (final).' },
  PAUSED: { description: 'Suspended until it is resumed, or until its pause times out.' },
  CANCELLING: { description: 'Cancellation requested; waiting for the infrastructure to stop the run.' },
};

export const StateTypeEnum = builder.enumType('StateType', {
  description: 'The type of a state. COMPLETED, FAILED, CANCELLED and CRASHED are final.',
  values: STATE_TYPE_VALUES,
});

/** A flow_run_state or task_run_state row: the columns both tables have. */
export type { StateRowLike as StateRow } from '../../orchestration/states.ts';
import type { StateRowLike as StateRow } from '../../orchestration/states.ts';

type Details = Record<string, unknown>;

/** What each state detail means; StateDetails and StateDetailsCreate share these. */
const DETAILS = {
  flow_run_id: 'The flow run this state belongs to, or, for a task run state, the flow run of the task run.',
  task_run_id: 'The task run this state belongs to.',
  child_flow_run_id: "For the state of a subflow's parent task run: the subflow run it tracks.",
  scheduled_time: 'When a SCHEDULED (or rescheduled PAUSED) run is due to start.',
  cache_key: 'An optional cache key. If a COMPLETED state associated with this cache key is found, the cached COMPLETED state will be used instead of executing the task run.',
  cache_expiration: 'Specifies when the cached state should expire.',
  deferred: 'Whether the task run was submitted to run later by a task worker (background tasks).',
  untrackable_result: 'Whether the result cannot be tracked (stored or referenced) by Prefect.',
  pause_timeout: 'When a PAUSED run stops waiting to be resumed.',
  pause_reschedule: 'Whether a paused run gives up its infrastructure and is rescheduled when resumed.',
  pause_key: 'A key identifying the pause, so one pause point is only honoured once per run.',
  run_input_keyset: 'The keys of the flow run inputs that a paused or suspended run waits for.',
  refresh_cache: 'If `True`, enables a refresh of cached results: re-executing the task will refresh the cached results.',
  retriable: 'Whether a FAILED state may still be retried.',
  transition_id: 'An id for the transition that produced this state, to recognise a repeated proposal.',
  task_parameters_id: 'The id under which a deferred task run’s parameters are stored.',
  traceparent: 'The W3C trace context of the run, for distributed tracing.',
  deployment_concurrency_lease_id: 'The lease holding a slot of the deployment’s concurrency limit for this run.',
};

// Exposed, not resolved: state_details answers fullStateDetails (every field
// present, defaults applied), so each field is its property. graphql-jit reads
// an exposed property inline; a resolver cost a call and a GraphQLResolveInfo
// (with its path) per field per row, 18 per state of a 200-run page.
const uuid = (t: any, name: keyof typeof DETAILS) => t.expose(name, { type: 'UUID', nullable: true, description: DETAILS[name] });
const time = (t: any, name: keyof typeof DETAILS) => t.expose(name, { type: 'DateTime', nullable: true, description: DETAILS[name] });
const text = (t: any, name: keyof typeof DETAILS) => t.exposeString(name, { nullable: true, description: DETAILS[name] });
const flag = (t: any, name: keyof typeof DETAILS, nullable = true) => t.exposeBoolean(name, { nullable, description: DETAILS[name] });

export const StateDetails = builder.objectRef<Details>('StateDetails').implement({
  description: 'Details of a state: links to runs, scheduling, caching, pausing.',
  fields: (t) => ({
    flow_run_id: uuid(t, 'flow_run_id'),
    task_run_id: uuid(t, 'task_run_id'),
    child_flow_run_id: uuid(t, 'child_flow_run_id'),
    scheduled_time: time(t, 'scheduled_time'),
    cache_key: text(t, 'cache_key'),
    cache_expiration: time(t, 'cache_expiration'),
    deferred: flag(t, 'deferred'),
    untrackable_result: flag(t, 'untrackable_result', false),
    pause_timeout: time(t, 'pause_timeout'),
    pause_reschedule: flag(t, 'pause_reschedule', false),
    pause_key: text(t, 'pause_key'),
    run_input_keyset: t.expose('run_input_keyset', { type: 'JSON', nullable: true, description: DETAILS.run_input_keyset }),
    refresh_cache: flag(t, 'refresh_cache'),
    retriable: flag(t, 'retriable'),
    transition_id: uuid(t, 'transition_id'),
    task_parameters_id: uuid(t, 'task_parameters_id'),
    traceparent: text(t, 'traceparent'),
    deployment_concurrency_lease_id: uuid(t, 'deployment_concurrency_lease_id'),
  }),
});

export const State = builder.objectRef<StateRow>('State').implement({
  description: 'The state of a flow run or task run.',
  fields: (t) => ({
    // Exposed: read inline by graphql-jit (see StateDetails), and marked as their columns for SQL reads.
    id: t.expose('id', { type: 'UUID', description: 'The id of the state.' }),
    type: t.field({ description: 'The type of the state.', type: StateTypeEnum, extensions: sqlColumn('type'), resolve: (s) => s.type as (typeof STATE_TYPES)[number] }),
    name: t.exposeString('name', { description: 'The name of the state.', nullable: true }),
    timestamp: t.expose('timestamp', { type: 'DateTime', description: 'When the run entered the state.' }),
    message: t.exposeString('message', { description: 'A message about the state, e.g. why it was entered.', nullable: true }),
    data: t.field({
      description: 'Data associated with the state, e.g. a result. Content must be storable as JSON.',
      type: 'JSON',
      nullable: true,
      extensions: stateDataRead,
      resolve: (s, _args, ctx) => stateData(ctx, s),
    }),
    state_details: t.field({
      description: 'Details of the state: links to runs, scheduling, caching, pausing.',
      type: StateDetails,
      ...computedField(['state_details'], (s: { state_details: unknown }) => fullStateDetails(s.state_details)),
    }),
  }),
});

// Inputs. StateDetails ignores unknown keys (Prefect drops them); StateCreate forbids them.
const IGNORE_UNKNOWN = { extensions: { unknownKeys: 'ignore' } };

export const StateDetailsCreate = builder.inputType('StateDetailsCreate', {
  description: 'State details sent with a proposed state; unknown keys are dropped.',
  ...IGNORE_UNKNOWN,
  fields: (t) => ({
    flow_run_id: t.field({ type: 'UUID', description: DETAILS.flow_run_id }),
    task_run_id: t.field({ type: 'UUID', description: DETAILS.task_run_id }),
    child_flow_run_id: t.field({ type: 'UUID', description: DETAILS.child_flow_run_id }),
    scheduled_time: t.field({ type: 'DateTime', description: DETAILS.scheduled_time }),
    cache_key: t.string({ description: DETAILS.cache_key }),
    cache_expiration: t.field({ type: 'DateTime', description: DETAILS.cache_expiration }),
    deferred: t.boolean({ description: DETAILS.deferred }),
    untrackable_result: t.boolean({ description: DETAILS.untrackable_result }),
    pause_timeout: t.field({ type: 'DateTime', description: DETAILS.pause_timeout }),
    pause_reschedule: t.boolean({ description: DETAILS.pause_reschedule }),
    pause_key: t.string({ description: DETAILS.pause_key }),
    run_input_keyset: t.field({ type: 'JSON', description: DETAILS.run_input_keyset }),
    refresh_cache: t.boolean({ description: DETAILS.refresh_cache }),
    retriable: t.boolean({ description: DETAILS.retriable }),
    transition_id: t.field({ type: 'UUID', description: DETAILS.transition_id }),
    task_parameters_id: t.field({ type: 'UUID', description: DETAILS.task_parameters_id }),
    traceparent: t.string({ description: DETAILS.traceparent }),
    deployment_concurrency_lease_id: t.field({ type: 'UUID', description: DETAILS.deployment_concurrency_lease_id }),
  }),
});

export const StateCreate = builder.inputType('StateCreate', {
  description: 'A proposed state. The server chooses its id and timestamp.',
  fields: (t) => ({
    type: t.field({ description: 'The type of the state to create', type: StateTypeEnum, required: true }),
    name: t.string({ description: 'Defaults to the capitalised type (Running, Completed, ...).' }),
    message: t.string({ description: 'The message of the state to create' }),
    data: t.field({ description: 'The data of the state to create', type: 'JSON' }),
    state_details: t.field({ description: 'The details of the state to create', type: StateDetailsCreate }),
  }),
});
