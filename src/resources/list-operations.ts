// The three list fields every resource has, named after Prefect's operations:
// read_<plural> (filter), count_<plural> and paginate_<plural>. A resource gives
// its type, filter arguments, sort and where-builder; the rules for limit,
// offset, page and sorting live here once.
import { builder } from '../graphql/builder.ts';
import type { Context } from '../graphql/context.ts';
import type { OrderBy } from '../filters/sort.ts';
import { listArgs, pageArgs, pageOf, resolveLimit } from '../pagination.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { leanFindMany } from './runs/lean.ts';
import { sqlRoot } from '../graphql/sql-reads/marks.ts';

interface Delegate {
  findMany(args: object): Promise<unknown[]>;
  count(args: { where: object }): Promise<number>;
}

export interface ListSpec<Args> {
  /** `flows` gives read_flows, count_flows and paginate_flows. */
  plural: string;
  type: any;
  pagination: any;
  model: (ctx: Context) => Delegate;
  /** The body keys that filter (flows, flow_runs, ...). */
  filterArgs: any;
  sort: { ref: any; orderBy: (value: any) => OrderBy; default: string };
  /** May be async: a condition that needs a lookup first (deployments' flow_runs key). */
  where: (args: Args, ctx: Context) => object | Promise<object>;
  /** The Prisma model: read_<plural> then reads through the lean path (runs/lean.ts). */
  lean?: string;
}

export function defineListOperations<Args>(spec: ListSpec<Args>) {
  const words = spec.plural.replaceAll('_', ' ');
  const sortArgs = builder.args((t) => ({
    sort: t.field({ type: spec.sort.ref, defaultValue: spec.sort.default, description: `The order of the ${words}; ties are broken by id.` }),
  }));
  const orderBy = (sort: string | null | undefined) => spec.sort.orderBy(sort ?? spec.sort.default);
  const find = async (args: any, ctx: Context) => ({
    where: (await spec.where(args, ctx)) as Record<string, unknown>,
    orderBy: orderBy(args.sort),
    take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
    skip: (args.offset as number | null) ?? 0,
  });
  const lean = spec.lean;
  builder.queryFields((t) => ({
    [`read_${spec.plural}`]: t.prismaField({
      type: [spec.type],
      description: `Query for ${words}.`,
      args: { ...spec.filterArgs, ...sortArgs, ...listArgs },
      // The lean resources' reads can also be answered in one statement with their relations (graphql/sql-reads).
      ...(lean ? { extensions: sqlRoot({ model: lean, find }) } : {}),
      resolve: async (query: object, _root: unknown, args: any, ctx: Context, info: GraphQLResolveInfo) => {
        const found = await find(args, ctx);
        const prisma = () => spec.model(ctx).findMany({ ...query, ...found });
        return lean ? leanFindMany(ctx, lean, query, info, found, prisma) : prisma();
      },
    } as any),
    [`count_${spec.plural}`]: t.int({
      description: `Count ${words}.`,
      args: spec.filterArgs,
      resolve: async (_root: unknown, args: any, ctx: Context) => spec.model(ctx).count({ where: await spec.where(args, ctx) }),
    } as any),
    [`paginate_${spec.plural}`]: t.field({
      type: spec.pagination,
      description: `Pagination query for ${words}.`,
      args: { ...spec.filterArgs, ...sortArgs, ...pageArgs },
      resolve: async (_root: unknown, args: any, ctx: Context) => {
        const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
        const where = await spec.where(args, ctx);
        return pageOf({ where, orderBy: orderBy(args.sort) }, await spec.model(ctx).count({ where }), limit, args.page ?? 1);
      },
    } as any),
  }));
}
