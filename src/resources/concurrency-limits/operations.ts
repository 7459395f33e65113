// Root fields for global concurrency limits (api/concurrency_limits_v2.py).
import { builder } from '../../graphql/builder.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import {
  createLimitV2,
  decrementActiveSlots,
  decrementActiveSlotsWithLease,
  deleteLimitV2,
  incrementActiveSlots,
  incrementActiveSlotsWithLease,
  readAllLimitsV2,
  readLimitV2,
  renewConcurrencyLease,
  updateLimitV2,
} from './service.ts';
import {
  ConcurrencyLeaseHolder,
  ConcurrencyLimitV2,
  ConcurrencyLimitV2Create,
  ConcurrencyLimitV2Update,
  ConcurrencyLimitWithLeaseResponse,
  ConcurrencyMode,
  GlobalConcurrencyLimitResponse,
  MinimalConcurrencyLimitResponse,
} from './types.ts';

const ID_OR_NAME = 'A UUID (any spelling) is an id; anything else is a name.';

builder.queryFields((t) => ({
  read_concurrency_limit_v2: t.field({
    type: GlobalConcurrencyLimitResponse,
    description: 'Get a global concurrency limit by id or name (active slots after decay).',
    args: { id_or_name: t.arg.string({ required: true, description: ID_OR_NAME }) },
    resolve: (_root, args, ctx) => readLimitV2(ctx, args.id_or_name),
  }),
  read_all_concurrency_limits_v2: t.field({
    type: [GlobalConcurrencyLimitResponse],
    description: 'Global concurrency limits by name, A to Z.',
    args: listArgs,
    resolve: (_root, args, ctx) => readAllLimitsV2(ctx, resolveLimit(args.limit, ctx.settings.api.defaultLimit), args.offset ?? 0),
  }),
}));

const slotArgs = builder.args((t) => ({
  slots: t.int({ required: true, description: 'Slots to take or give back (> 0).' }),
  names: t.stringList({ required: true, description: 'Names of the limits; unknown names are ignored.' }),
}));

builder.mutationFields((t) => ({
  create_concurrency_limit_v2: t.field({
    type: ConcurrencyLimitV2,
    description: 'Create a global concurrency limit (409 when the name is taken).',
    args: { concurrency_limit: t.arg({ description: 'Data used by the Prefect REST API to create a v2 concurrency limit.', type: ConcurrencyLimitV2Create, required: true }) },
    resolve: (_root, args, ctx) => createLimitV2(ctx, args.concurrency_limit),
  }),
  update_concurrency_limit_v2: t.boolean({
    description: 'Update a global concurrency limit; restarts its decay.',
    args: {
      id_or_name: t.arg.string({ required: true, description: ID_OR_NAME }),
      concurrency_limit: t.arg({ description: 'Data used by the Prefect REST API to update a v2 concurrency limit.', type: ConcurrencyLimitV2Update, required: true }),
    },
    resolve: (_root, args, ctx) => updateLimitV2(ctx, args.id_or_name, args.concurrency_limit),
  }),
  delete_concurrency_limit_v2: t.boolean({
    description: 'Delete a global concurrency limit (its leases are left as they are).',
    args: { id_or_name: t.arg.string({ required: true, description: ID_OR_NAME }) },
    resolve: (_root, args, ctx) => deleteLimitV2(ctx, args.id_or_name),
  }),
  bulk_increment_active_slots: t.field({
    type: [MinimalConcurrencyLimitResponse],
    description: 'Take slots on every active limit named, all or none (423 with Retry-After when any is full).',
    args: {
      ...slotArgs,
      mode: t.arg({ description: '`concurrency` holds slots until released; `rate_limit` takes slots that decay.', type: ConcurrencyMode, defaultValue: 'concurrency' }),
    },
    resolve: (_root, args, ctx) => incrementActiveSlots(ctx, args.names, args.slots, args.mode ?? 'concurrency'),
  }),
  bulk_increment_active_slots_with_lease: t.field({
    type: ConcurrencyLimitWithLeaseResponse,
    description: 'Take slots as bulk_increment_active_slots does, held by a lease that expires unless renewed.',
    args: {
      ...slotArgs,
      mode: t.arg({ description: '`concurrency` holds slots until released; `rate_limit` takes slots that decay.', type: ConcurrencyMode, defaultValue: 'concurrency' }),
      lease_duration: t.arg({ type: 'Seconds', defaultValue: 300, description: 'Seconds, 60 to 86400.' }),
      holder: t.arg({ description: 'The holder of the lease with type (flow_run, task_run, or deployment) and id.', type: ConcurrencyLeaseHolder }),
    },
    resolve: (_root, args, ctx) =>
      incrementActiveSlotsWithLease(ctx, {
        names: args.names,
        slots: args.slots,
        mode: args.mode ?? 'concurrency',
        lease_duration: args.lease_duration ?? 300,
        holder: args.holder ?? null,
      }),
  }),
  bulk_decrement_active_slots: t.field({
    type: [MinimalConcurrencyLimitResponse],
    description: 'Give back slots on every active limit named.',
    args: { ...slotArgs, occupancy_seconds: t.arg({ type: 'Seconds', description: 'How long the slots were held (> 0); updates the average.' }) },
    resolve: (_root, args, ctx) => decrementActiveSlots(ctx, args.names, args.slots, args.occupancy_seconds),
  }),
  bulk_decrement_active_slots_with_lease: t.boolean({
    description: 'Release a lease and give back its slots (an unknown lease is not an error).',
    args: { lease_id: t.arg({ description: 'The ID of the lease corresponding to the concurrency limits to decrement.', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => decrementActiveSlotsWithLease(ctx, args.lease_id),
  }),
  renew_concurrency_lease: t.boolean({
    description: 'Extend a lease to now + lease_duration (410 when it is gone).',
    args: {
      lease_id: t.arg.string({ required: true, description: 'The lease id (a UUID).' }),
      lease_duration: t.arg({ type: 'Seconds', defaultValue: 300, description: 'Seconds, 60 to 86400.' }),
    },
    resolve: (_root, args, ctx) => renewConcurrencyLease(ctx, args.lease_id, args.lease_duration ?? 300),
  }),
}));
