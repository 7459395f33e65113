// Global concurrency limits (v2) with Prefect's JSON names (§4.1, §4.4).
import { builder } from '../../graphql/builder.ts';
import type { LimitRow } from './slots.ts';

export interface MinimalLimit {
  id: string;
  name: string;
  limit: number;
}

export interface LimitWithLease {
  lease_id: string;
  limits: MinimalLimit[];
}

/** What create answers: the stored values, denied slots and average occupancy included. */
export const ConcurrencyLimitV2 = builder.objectRef<LimitRow>('ConcurrencyLimitV2').implement({
  description: 'A global concurrency limit as stored (the answer of create_concurrency_limit_v2).',
  fields: (t) => ({
    id: t.field({ description: 'The id of the global concurrency limit.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the global concurrency limit was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the global concurrency limit was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    active: t.exposeBoolean('active', { description: 'Inactive limits are never incremented or decremented.' }),
    name: t.exposeString('name', { description: 'The name of the concurrency limit.' }),
    limit: t.exposeInt('limit', { description: 'The concurrency limit.' }),
    active_slots: t.exposeInt('active_slots', { description: 'The stored counter, before decay.' }),
    denied_slots: t.exposeInt('denied_slots', { description: 'The stored counter, before decay.' }),
    slot_decay_per_second: t.field({ type: 'Seconds', description: 'Slots released per second (> 0: a rate limit).', resolve: (r) => r.slot_decay_per_second }),
    avg_slot_occupancy_seconds: t.field({ type: 'Seconds', description: 'Running average of how long a slot is held.', resolve: (r) => r.avg_slot_occupancy_seconds }),
  }),
});

/** What reads answer: active slots after decay; no denied slots or average. */
export const GlobalConcurrencyLimitResponse = builder.objectRef<LimitRow>('GlobalConcurrencyLimitResponse').implement({
  description: 'A global concurrency limit with its active slots after decay.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the global concurrency limit.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the global concurrency limit was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the global concurrency limit was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    active: t.exposeBoolean('active', { description: 'Whether the global concurrency limit is active.' }),
    name: t.exposeString('name', { description: 'The name of the global concurrency limit.' }),
    limit: t.exposeInt('limit', { description: 'The concurrency limit.' }),
    active_slots: t.int({ description: 'Active slots after decay, computed by the database.', resolve: (r) => r.decayed_active_slots }),
    slot_decay_per_second: t.field({ description: 'The decay rate for active slots when used as a rate limit.', type: 'Seconds', resolve: (r) => r.slot_decay_per_second }),
  }),
});

export const MinimalConcurrencyLimitResponse = builder.objectRef<MinimalLimit>('MinimalConcurrencyLimitResponse').implement({
  description: 'A global concurrency limit whose slots a lease holds.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the global concurrency limit.', type: 'UUID', resolve: (r) => r.id }),
    name: t.exposeString('name', { description: 'The name of the global concurrency limit.' }),
    limit: t.exposeInt('limit', { description: 'The concurrency limit.' }),
  }),
});

export const ConcurrencyLimitWithLeaseResponse = builder.objectRef<LimitWithLease>('ConcurrencyLimitWithLeaseResponse').implement({
  description: 'Slots taken under a lease, and the limits they were taken from.',
  fields: (t) => ({
    lease_id: t.field({ description: 'The lease that holds the slots; renew it to keep them, release it to free them.', type: 'UUID', resolve: (r) => r.lease_id }),
    limits: t.field({ description: 'The limits whose slots the lease holds.', type: [MinimalConcurrencyLimitResponse], resolve: (r) => r.limits }),
  }),
});

export const ConcurrencyLimitV2Create = builder.inputType('ConcurrencyLimitV2Create', {
  description: 'Data used by the Prefect REST API to create a v2 concurrency limit.',
  fields: (t) => ({
    active: t.boolean({ defaultValue: true, description: 'Whether the concurrency limit is active.' }),
    name: t.field({ type: 'Name', required: true, description: 'The name of the concurrency limit.' }),
    limit: t.field({ type: 'NonNegativeInt', required: true, description: 'The concurrency limit.' }),
    active_slots: t.field({ type: 'NonNegativeInt', defaultValue: 0, description: 'The number of active slots.' }),
    denied_slots: t.field({ type: 'NonNegativeInt', defaultValue: 0, description: 'The number of denied slots.' }),
    slot_decay_per_second: t.field({ type: 'Seconds', defaultValue: 0, description: 'The decay rate for active slots when used as a rate limit (slots per second, ≥ 0).' }),
  }),
});

export const ConcurrencyLimitV2Update = builder.inputType('ConcurrencyLimitV2Update', {
  description: 'Data used by the Prefect REST API to update a v2 concurrency limit; only the keys given are written.',
  fields: (t) => ({
    active: t.boolean({ description: 'Whether the concurrency limit is active.' }),
    name: t.field({ description: 'The name of the concurrency limit.', type: 'Name' }),
    limit: t.field({ description: 'The concurrency limit.', type: 'NonNegativeInt' }),
    active_slots: t.field({ description: 'The number of active slots.', type: 'NonNegativeInt' }),
    denied_slots: t.field({ description: 'The number of denied slots.', type: 'NonNegativeInt' }),
    slot_decay_per_second: t.field({ type: 'Seconds', description: 'Slots per second, ≥ 0.' }),
  }),
});

export const ConcurrencyMode = builder.enumType('ConcurrencyMode', {
  description: '`concurrency` holds slots until released; `rate_limit` takes slots that decay.',
  values: {
    concurrency: { value: 'concurrency', description: 'Slots are held until they are released.' },
    rate_limit: { value: 'rate_limit', description: 'Slots are taken and freed again as they decay (slot_decay_per_second).' },
  } as const,
});

export const ConcurrencyLeaseHolderType = builder.enumType('ConcurrencyLeaseHolderType', {
  description: 'What kind of object holds a concurrency lease.',
  values: {
    flow_run: { value: 'flow_run', description: 'A flow run holds the lease.' },
    task_run: { value: 'task_run', description: 'A task run holds the lease.' },
    deployment: { value: 'deployment', description: 'A deployment holds the lease.' },
  } as const,
});

export const ConcurrencyLeaseHolder = builder.inputType('ConcurrencyLeaseHolder', {
  description: 'Who holds a lease.',
  fields: (t) => ({
    type: t.field({ description: 'What kind of object holds the lease.', type: ConcurrencyLeaseHolderType, required: true }),
    id: t.field({ description: 'The id of the concurrency lease holder.', type: 'UUID', required: true }),
  }),
});
