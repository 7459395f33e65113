// Automation writes and reads (events §5.4). Every write is one transaction:
// the row, its tag rows, its related resources and (PostgreSQL) the NOTIFY to
// trigger engines; lifecycle events and this process's change notice follow
// the commit.
import { ApiError, ValidationError } from '../../errors.ts';
import type { Db } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { AutomationChange } from '../../automations/types.ts';
import { tagRowsOnCreate, tagRowsOnReplace } from '../../db/tags.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import { automationJson, automationLifecycleEvent } from './events.ts';
import { checkActionJobVariables } from './job-variables.ts';
import { toAutomation, type AutomationRow } from './model.ts';
import { announceCommitted, notifyInTransaction } from './notify.ts';
import { relateToResource, syncDeploymentRelations } from './related.ts';
import { validateAutomation, type AutomationFields, type AutomationInput } from './validation/automation.ts';
import { loopProblem } from './validation/loop-guard.ts';
import { valueErrorItem } from './validation/model.ts';

/** A missing automation: Prefect's model-layer 404, `exception_message` rather than `detail`. */
export const automationNotFound = () => new ApiError(404, { exception_message: 'Automation not found' });

/** Where the body's 422 items are: the REST body, which is the model itself. */
const BODY = ['body'];

const json = (value: unknown) => value as never;

/** The automation's columns as Prisma takes them (the JSON ones typed loosely). */
const storedColumns = (fields: AutomationFields) => ({
  ...fields,
  trigger: json(fields.trigger),
  actions: json(fields.actions),
  actions_on_trigger: json(fields.actions_on_trigger),
  actions_on_resolve: json(fields.actions_on_resolve),
});

/** After the write committed: this process's trigger engine is told, and the lifecycle event published. */
function committed(ctx: Context, change: AutomationChange, row: AutomationRow): void {
  announceCommitted(ctx.db, [change]);
  publishCommitted(ctx.events, [automationLifecycleEvent(change.event_type, row)]);
}

/** Deletes automations with their children, in one order for every delete (Prefect's deadlock rule); the cascade would do it too. */
async function deleteWithChildren(tx: Pick<Db, 'automationBucket' | 'automationRelatedResource' | 'compositeTriggerChildFiring' | 'automation'>, ids: string[]): Promise<void> {
  await tx.automationBucket.deleteMany({ where: { automation_id: { in: ids } } });
  await tx.automationRelatedResource.deleteMany({ where: { automation_id: { in: ids } } });
  await tx.compositeTriggerChildFiring.deleteMany({ where: { automation_id: { in: ids } } });
  await tx.automation.deleteMany({ where: { id: { in: ids } } });
}

export async function readAutomation(ctx: Context, id: string): Promise<AutomationRow> {
  const row = await ctx.db.automation.findUnique({ where: { id } });
  if (!row) throw automationNotFound();
  return row;
}

export async function createAutomation(ctx: Context, input: AutomationInput): Promise<AutomationRow> {
  const fields = validateAutomation(input, BODY);
  await checkActionJobVariables(ctx, fields.actions, 'create');
  const now = new Date();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.automation.create({
      data: {
        ...storedColumns(fields),
        created: now,
        updated: now,
        tag_rows: tagRowsOnCreate(fields.tags),
      },
    });
    await syncDeploymentRelations(tx, created.id, fields.actions, now);
    if (input.owner_resource) await relateToResource(tx, created.id, input.owner_resource, true, now);
    await notifyInTransaction(tx, ctx.target, [{ automation_id: created.id, event_type: 'created' }]);
    return created;
  });
  committed(ctx, { automation_id: row.id, event_type: 'created' }, row);
  return row;
}

/** PUT: a full replacement (omitted fields back to their defaults); the owner relation stays. */
export async function replaceAutomation(ctx: Context, id: string, input: AutomationInput): Promise<boolean> {
  const change: AutomationChange = { automation_id: id, event_type: 'updated' };
  const fields = validateAutomation(input, BODY);
  await checkActionJobVariables(ctx, fields.actions, 'update');
  const now = new Date();
  const row = await ctx.db.$transaction(async (tx) => {
    const found = await tx.automation.findUnique({ where: { id }, select: { id: true } });
    if (!found) return null;
    const updated = await tx.automation.update({
      where: { id },
      data: {
        ...storedColumns(fields),
        updated: now,
        tag_rows: tagRowsOnReplace(fields.tags),
      },
    });
    await syncDeploymentRelations(tx, id, fields.actions, now);
    await notifyInTransaction(tx, ctx.target, [change]);
    return updated;
  });
  if (!row) throw automationNotFound();
  committed(ctx, change, row);
  return true;
}

/**
 * PATCH: only `enabled`, true when absent (events §5.4: a default, as PUT's
 * omitted fields take theirs). The automation as it would be must pass the
 * loop guard: a 422 item with an empty loc.
 */
export async function patchAutomation(ctx: Context, id: string, input: { enabled?: boolean | null }): Promise<boolean> {
  const change: AutomationChange = { automation_id: id, event_type: 'updated' };
  const enabled = input.enabled ?? true;
  const now = new Date();
  const row = await ctx.db.$transaction(async (tx) => {
    const current = await tx.automation.findUnique({ where: { id } });
    if (!current) return null;
    const merged = { ...toAutomation(current), enabled };
    const loop = loopProblem(merged);
    if (loop) throw new ValidationError([valueErrorItem([], loop, { ...automationJson(current), enabled })]);
    const updated = await tx.automation.update({ where: { id }, data: { enabled, updated: now } });
    await notifyInTransaction(tx, ctx.target, [change]);
    return updated;
  });
  if (!row) throw automationNotFound();
  committed(ctx, change, row);
  return true;
}

export async function deleteAutomation(ctx: Context, id: string): Promise<boolean> {
  const change: AutomationChange = { automation_id: id, event_type: 'deleted' };
  const row = await ctx.db.$transaction(async (tx) => {
    const current = await tx.automation.findUnique({ where: { id } });
    if (!current) return null;
    await deleteWithChildren(tx, [id]);
    await notifyInTransaction(tx, ctx.target, [change]);
    return current;
  });
  if (!row) throw automationNotFound();
  committed(ctx, change, row);
  return true;
}

/** Automations related to exactly this resource id, owned or not. */
export function readAutomationsRelatedTo(ctx: Context, resourceId: string): Promise<AutomationRow[]> {
  return ctx.db.automation.findMany({ where: { related_resources: { some: { resource_id: resourceId } } } });
}

/**
 * Deletes the automations owned by the resource and created before now.
 * No lifecycle events (Prefect emits none here); trigger engines are told.
 */
export async function deleteAutomationsOwnedBy(ctx: Context, resourceId: string, now: Date = new Date()): Promise<string[]> {
  const changes: AutomationChange[] = await ctx.db.$transaction(async (tx) => {
    const owned = await tx.automation.findMany({
      where: { created: { lte: now }, related_resources: { some: { resource_id: resourceId, automation_owned_by_resource: true } } },
      select: { id: true },
    });
    const ids = owned.map((a) => a.id);
    if (ids.length === 0) return [];
    await deleteWithChildren(tx, ids);
    const deleted = ids.map((automation_id) => ({ automation_id, event_type: 'deleted' as const }));
    await notifyInTransaction(tx, ctx.target, deleted);
    return deleted;
  });
  announceCommitted(ctx.db, changes);
  return changes.map((c) => c.automation_id);
}
