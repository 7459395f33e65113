// States as data (flows-and-runs §4): the State object both run kinds share,
// its StateDetails, and the StateCreate input of create and set_state bodies.
import { builder } from '../../graphql/builder.ts';
import { fullStateDetails, STATE_TYPES } from '../../orchestration/index.ts';
import { stateData } from './data.ts';

export const StateTypeEnum = builder.enumType('StateType', {
  description: 'The type of a state. COMPLETED, FAILED, CANCELLED and CRASHED are final.',
  values: STATE_TYPES,
});

/** A flow_run_state or task_run_state row: the columns both tables have. */
export type { StateRowLike as StateRow } from '../../orchestration/states.ts';
import type { StateRowLike as StateRow } from '../../orchestration/states.ts';

type Details = Record<string, unknown>;

const uuid = (t: any, name: string) => t.field({ type: 'UUID', nullable: true, resolve: (d: Details) => d[name] ?? null });
const time = (t: any, name: string) => t.field({ type: 'DateTime', nullable: true, resolve: (d: Details) => d[name] ?? null });
const text = (t: any, name: string) => t.string({ nullable: true, resolve: (d: Details) => d[name] ?? null });
const flag = (t: any, name: string, nullable = true) => t.boolean({ nullable, resolve: (d: Details) => d[name] ?? (nullable ? null : false) });

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
    run_input_keyset: t.field({ type: 'JSON', nullable: true, resolve: (d) => d.run_input_keyset ?? null }),
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
    id: t.field({ type: 'UUID', resolve: (s) => s.id }),
    type: t.field({ description: 'The type of the state to create', type: StateTypeEnum, resolve: (s) => s.type as (typeof STATE_TYPES)[number] }),
    name: t.string({ description: 'The name of the state to create', nullable: true, resolve: (s) => s.name }),
    timestamp: t.field({ type: 'DateTime', resolve: (s) => s.timestamp }),
    message: t.string({ description: 'The message of the state to create', nullable: true, resolve: (s) => s.message }),
    data: t.field({ description: 'Data associated with the state, e.g. a result. Content must be storable as JSON.', type: 'JSON', nullable: true, resolve: (s, _args, ctx) => stateData(ctx, s) }),
    state_details: t.field({ description: 'The details of the state to create', type: StateDetails, resolve: (s) => fullStateDetails(s.state_details) }),
  }),
});

// Inputs. StateDetails ignores unknown keys (Prefect drops them); StateCreate forbids them.
const IGNORE_UNKNOWN = { extensions: { unknownKeys: 'ignore' } };

export const StateDetailsCreate = builder.inputType('StateDetailsCreate', {
  description: 'State details sent with a proposed state; unknown keys are dropped.',
  ...IGNORE_UNKNOWN,
  fields: (t) => ({
    flow_run_id: t.field({ type: 'UUID' }),
    task_run_id: t.field({ type: 'UUID' }),
    child_flow_run_id: t.field({ type: 'UUID' }),
    scheduled_time: t.field({ type: 'DateTime' }),
    cache_key: t.string(),
    cache_expiration: t.field({ type: 'DateTime' }),
    deferred: t.boolean(),
    untrackable_result: t.boolean(),
    pause_timeout: t.field({ type: 'DateTime' }),
    pause_reschedule: t.boolean(),
    pause_key: t.string(),
    run_input_keyset: t.field({ type: 'JSON' }),
    refresh_cache: t.boolean(),
    retriable: t.boolean(),
    transition_id: t.field({ type: 'UUID' }),
    task_parameters_id: t.field({ type: 'UUID' }),
    traceparent: t.string(),
    deployment_concurrency_lease_id: t.field({ type: 'UUID' }),
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
