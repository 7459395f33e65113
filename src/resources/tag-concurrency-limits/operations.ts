// Root fields for tag-based concurrency limits (api/concurrency_limits.py).
import { builder } from '../../graphql/builder.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import { MinimalConcurrencyLimitResponse } from '../concurrency-limits/types.ts';
import {
  createTagLimit,
  decrementTagLimits,
  deleteTagLimitById,
  deleteTagLimitByTag,
  incrementTagLimits,
  readTagLimitById,
  readTagLimitByTag,
  readTagLimits,
  resetTagLimit,
} from './service.ts';
import { ConcurrencyLimit, ConcurrencyLimitCreate } from './types.ts';

builder.queryFields((t) => ({
  read_concurrency_limit: t.field({
    type: ConcurrencyLimit,
    description: 'Get a tag concurrency limit by id (the id of its `tag:` global limit).',
    args: { id: t.arg({ description: 'The concurrency limit id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readTagLimitById(ctx, args.id),
  }),
  read_concurrency_limit_by_tag: t.field({
    type: ConcurrencyLimit,
    description: 'Get a tag concurrency limit by tag.',
    args: { tag: t.arg.string({ description: 'The tag name', required: true }) },
    resolve: (_root, args, ctx) => readTagLimitByTag(ctx, args.tag),
  }),
  read_concurrency_limits: t.field({
    type: [ConcurrencyLimit],
    description: "Tag concurrency limits. Prefect's window: of the first limit + offset global limits by name, the tag ones, from offset.",
    args: listArgs,
    resolve: (_root, args, ctx) => readTagLimits(ctx, resolveLimit(args.limit, ctx.settings.api.defaultLimit), args.offset ?? 0),
  }),
}));

const slotArgs = builder.args((t) => ({
  names: t.stringList({ required: true, description: 'Tags.' }),
  task_run_id: t.field({ type: 'UUID', required: true, description: 'The ID of the task run acquiring (increment) or releasing (decrement) the slots.' }),
}));

builder.mutationFields((t) => ({
  create_concurrency_limit: t.field({
    type: ConcurrencyLimit,
    description: 'Create the limit of a tag, or set the limit of an existing one.',
    args: { concurrency_limit: t.arg({ description: 'The concurrency limit.', type: ConcurrencyLimitCreate, required: true }) },
    resolve: (_root, args, ctx) => createTagLimit(ctx, args.concurrency_limit),
  }),
  delete_concurrency_limit: t.boolean({
    nullable: true,
    description: 'Delete a concurrency limit by id (any global limit) and revoke its leases. Answers null.',
    args: { id: t.arg({ description: 'The concurrency limit id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteTagLimitById(ctx, args.id),
  }),
  delete_concurrency_limit_by_tag: t.boolean({
    nullable: true,
    description: 'Delete the limit of a tag and revoke its leases. Answers null.',
    args: { tag: t.arg.string({ description: 'The tag name', required: true }) },
    resolve: (_root, args, ctx) => deleteTagLimitByTag(ctx, args.tag),
  }),
  reset_concurrency_limit_by_tag: t.boolean({
    nullable: true,
    description: "Revoke the tag limit's leases, then give one slot to each task run of slot_override. Answers null.",
    args: { tag: t.arg.string({ description: 'The tag name', required: true }), slot_override: t.arg({ type: ['UUID'], description: 'Task runs that hold a slot afterwards.' }) },
    resolve: (_root, args, ctx) => resetTagLimit(ctx, args.tag, args.slot_override),
  }),
  increment_concurrency_limits_v1: t.field({
    type: [MinimalConcurrencyLimitResponse],
    description: 'Take a slot for a task run on the limits of these tags, all or none (423 when one is 0 or full).',
    args: slotArgs,
    resolve: (_root, args, ctx) => incrementTagLimits(ctx, args.names, args.task_run_id),
  }),
  decrement_concurrency_limits_v1: t.field({
    type: [MinimalConcurrencyLimitResponse],
    description: "Release a task run's slots on the limits of these tags.",
    args: slotArgs,
    resolve: (_root, args, ctx) => decrementTagLimits(ctx, args.names, args.task_run_id),
  }),
}));
