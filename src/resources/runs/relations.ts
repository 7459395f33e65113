// Arguments and queries shared by the list relations of the graph
// (Flow.flow_runs, FlowRun.task_runs, ...): a filter, a sort, limit and offset,
// compiled by the same filter layer as the root fields. Pothos merges these into
// the parent's Prisma query: one statement per level, not one per row.
import type { Context } from '../../graphql/context.ts';
import { resolveLimit } from '../../pagination.ts';
import { own, toWhere } from '../../filters/related.ts';
import type { FilterDef } from '../../filters/define.ts';
import type { OrderBy } from '../../filters/sort.ts';

export function relationQuery(filter: FilterDef, orderBy: (sort: any) => OrderBy, defaultSort: string) {
  return (args: Record<string, unknown>, ctx: Context) => ({
    where: filterWhere(filter, args, ctx),
    orderBy: orderBy((args.sort as string | null) ?? defaultSort),
    take: resolveLimit(args.limit as number | null | undefined, ctx.settings.api.defaultLimit),
    skip: (args.offset as number | null | undefined) ?? 0,
  });
}

export function relationCountWhere(filter: FilterDef) {
  return (args: Record<string, unknown>, ctx: Context) => filterWhere(filter, args, ctx);
}

/** The relation's `filter` argument as a Prisma where; none means every related row. */
function filterWhere(filter: FilterDef, args: Record<string, unknown>, ctx: Context) {
  return toWhere(own(filter, args.filter as Record<string, unknown> | null | undefined, ctx));
}

/** GraphQL-only fields: not part of Prefect's REST JSON. */
export const GRAPHQL_ONLY = { extensions: { restJson: false } } as const;
