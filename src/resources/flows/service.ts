// Flow queries and writes (flows-and-runs §1). Resolvers stay thin; this is
// where the rules live.
import { notFound, isMissingRecord, isUniqueViolation } from '../../errors.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import { tagRowsOnCreate, tagRowsOnReplace } from '../../db/tags.ts';
import { flowLifecycleEvent } from '../../events/emitters/flows.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';

const FLOW_NOT_FOUND = 'Flow not found';

export async function readFlowById(ctx: Context, id: string, query: object = {}) {
  const flow = await ctx.db.flow.findUnique({ ...query, where: { id } });
  if (!flow) throw notFound(FLOW_NOT_FOUND);
  return flow;
}

export async function readFlowByName(ctx: Context, name: string, query: object = {}) {
  const flow = await ctx.db.flow.findUnique({ ...query, where: { name } });
  if (!flow) throw notFound(FLOW_NOT_FOUND);
  return flow;
}

export interface FlowCreateInput {
  name: string;
  tags?: string[] | null;
  labels?: Record<string, unknown> | null;
}

/**
 * Upsert by name: an existing flow is returned untouched (its tags and labels
 * win). Two concurrent creates of one name race on the unique index: the
 * insert that wins is the one creation (markCreated, REST 201); a loser's
 * insert fails on the index and it reads the winner's row (200).
 */
export async function createFlow(ctx: Context, input: FlowCreateInput, query: object = {}) {
  const existing = await ctx.db.flow.findUnique({ ...query, where: { name: input.name } });
  if (existing) return existing;
  const tags = input.tags ?? [];
  try {
    const flow = await ctx.db.flow.create({
      ...query,
      data: {
        name: input.name,
        tags,
        // Absent labels default to {}; an explicit null is kept.
        labels: input.labels === undefined ? {} : ((input.labels as Prisma.InputJsonObject | null) ?? Prisma.DbNull),
        tag_rows: tagRowsOnCreate(tags),
      },
    });
    markCreated(ctx);
    publishCommitted(ctx.events, [flowLifecycleEvent('created', flow)]);
    return flow;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return readFlowByName(ctx, input.name, query);
  }
}

export async function updateFlow(ctx: Context, id: string, input: { tags?: string[] | null }, query: object = {}) {
  const tags = input.tags ?? undefined;
  try {
    const flow = await ctx.db.flow.update({
      ...query,
      where: { id },
      // Even an empty update bumps `updated`, as Prefect's UPDATE statement does.
      data: { updated: new Date(), ...(tags ? { tags, tag_rows: tagRowsOnReplace(tags) } : {}) },
    });
    // Prefect emits prefect.flow.updated for every update of an existing flow, an empty one too.
    publishCommitted(ctx.events, [flowLifecycleEvent('updated', flow)]);
    return flow;
  } catch (error) {
    if (isMissingRecord(error)) throw notFound(FLOW_NOT_FOUND);
    throw error;
  }
}

export async function deleteFlow(ctx: Context, id: string) {
  // One DELETE that answers the row it removed: the event describes what was deleted.
  const flow = await ctx.db.flow.delete({ where: { id }, select: { id: true, name: true, tags: true, labels: true } }).catch((error: unknown) => {
    throw isMissingRecord(error) ? notFound(FLOW_NOT_FOUND) : error;
  });
  publishCommitted(ctx.events, [flowLifecycleEvent('deleted', flow)]);
  return true;
}

/** Up to `limit` flows matching the filter, by name; their runs and deployments go with them. */
export async function bulkDeleteFlows(ctx: Context, where: object, limit: number) {
  const flows = await ctx.db.flow.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit, select: { id: true, name: true, tags: true, labels: true } });
  const ids = flows.map((f) => f.id);
  if (ids.length > 0) await ctx.db.flow.deleteMany({ where: { id: { in: ids } } });
  // As Prefect: one prefect.flow.deleted per flow found for deletion.
  publishCommitted(
    ctx.events,
    flows.map((flow) => flowLifecycleEvent('deleted', flow)),
  );
  return { deleted: ids };
}
