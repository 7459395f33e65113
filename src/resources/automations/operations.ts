// Root fields for automations, named after Prefect's operations (api/automations.py).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import { own, toWhere } from '../../filters/related.ts';
import { AutomationFilter } from './filters.ts';
import { createAutomation, deleteAutomation, deleteAutomationsOwnedBy, patchAutomation, readAutomation, readAutomationsRelatedTo, replaceAutomation } from './service.ts';
import { Automation, AutomationCreate, AutomationPartialUpdate, AutomationSort, AutomationUpdate } from './types.ts';

const automationWhere = (filter: Record<string, unknown> | null | undefined, ctx: Context) => toWhere(own(AutomationFilter, filter, ctx));

builder.queryFields((t) => ({
  read_automation: t.field({
    type: Automation,
    description: 'Get an automation by id.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The automation id' }) },
    resolve: (_root, args, ctx) => readAutomation(ctx, args.id),
  }),
  read_automations: t.field({
    type: [Automation],
    description: 'Query for automations (by name A to Z unless sorted otherwise; no tie-breaker).',
    args: {
      automations: t.arg({ type: AutomationFilter.ref, description: 'Filter criteria for automations' }),
      sort: t.arg({ type: AutomationSort.ref, defaultValue: 'NAME_ASC', description: 'The order of the results; defaults to NAME_ASC' }),
      ...listArgs,
    },
    resolve: (_root, args, ctx) =>
      ctx.db.automation.findMany({
        where: automationWhere(args.automations, ctx),
        orderBy: AutomationSort.orderBy(args.sort ?? 'NAME_ASC') as never,
        take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
        skip: args.offset ?? 0,
      }),
  }),
  count_automations: t.int({
    description: 'Count all automations (Prefect takes no filter here).',
    resolve: (_root, _args, ctx) => ctx.db.automation.count(),
  }),
  read_automations_related_to_resource: t.field({
    type: [Automation],
    description: 'The automations related to exactly this resource id (a deployment they run, or their owner), in no particular order.',
    args: { resource_id: t.arg.string({ required: true, description: 'A resource id, e.g. `prefect.deployment.<id>`' }) },
    resolve: (_root, args, ctx) => readAutomationsRelatedTo(ctx, args.resource_id),
  }),
}));

builder.mutationFields((t) => ({
  create_automation: t.field({
    type: Automation,
    description: 'Create an automation. Trigger ids are replaced by the server.',
    args: { automation: t.arg({ type: AutomationCreate, required: true, description: 'The automation to create' }) },
    resolve: (_root, args, ctx) => createAutomation(ctx, args.automation as never),
  }),
  update_automation: t.boolean({
    description: 'Replace an automation (PUT): omitted fields revert to their defaults; its owner stays.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The automation id' }),
      automation: t.arg({ type: AutomationUpdate, required: true, description: 'The automation as it should be' }),
    },
    resolve: (_root, args, ctx) => replaceAutomation(ctx, args.id, args.automation as never),
  }),
  patch_automation: t.boolean({
    description: 'Enable or disable an automation.',
    args: {
      id: t.arg({ type: 'UUID', required: true, description: 'The automation id' }),
      automation: t.arg({ type: AutomationPartialUpdate, required: true, description: 'The fields to change' }),
    },
    resolve: (_root, args, ctx) => patchAutomation(ctx, args.id, args.automation as never),
  }),
  delete_automation: t.boolean({
    description: 'Delete an automation.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The automation id' }) },
    resolve: (_root, args, ctx) => deleteAutomation(ctx, args.id),
  }),
  delete_automations_owned_by_resource: t.boolean({
    nullable: true,
    description: 'Delete the automations owned by this resource and created before now. Answers null, as Prefect does.',
    args: { resource_id: t.arg.string({ required: true, description: 'The owner resource id' }) },
    resolve: async (_root, args, ctx) => {
      await deleteAutomationsOwnedBy(ctx, args.resource_id);
      return null;
    },
  }),
}));
