// The list relations of the graph (Flow.flow_runs, FlowRun.task_runs,
// FlowRun.states, ...) and their counts. Each list takes a filter, a sort,
// limit and offset, compiled by the same filter layer as the root fields, and
// runs them in the database per parent: for all parents of a level,
//   1. one statement picks each parent's page of ids (src/filters/sql/window.ts:
//      ORDER BY ... LIMIT/OFFSET per parent, through LATERAL or json_each),
//   2. one Prisma findMany loads those rows by id with the nested selection
//      Pothos planned for them, so to-one relations below (state, flow) still
//      merge and deeper lists batch the same way.
// Usually one statement does both (./lean.ts): the page rows themselves, only
// the columns the selection needs, with the to-one relations Pothos planned
// joined in (src/filters/sql/pages.ts). When the planned selection needs
// Prisma (list relations inside it), two statements: the page ids, then one
// Prisma findMany by id that loads the selection below.
// Counts are one grouped statement per level.
import type { Context } from '../../graphql/context.ts';
import { resolveLimit } from '../../pagination.ts';
import { own, toWhere } from '../../filters/related.ts';
import type { FilterDef } from '../../filters/define.ts';
import type { OrderBy } from '../../filters/sort.ts';
import { modelsOf } from '../../filters/sql/datamodel.ts';
import { pageStatements, rowPageStatements } from '../../filters/sql/window.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { queryRows } from '../../db/raw-rows.ts';
import { leanShape } from './lean.ts';
import { loaderFor } from './loaders.ts';
import { sqlCount, sqlList, type Find } from '../../graphql/sql-reads/marks.ts';

/** Ids per findMany, below both databases' bound-parameter limits. */
export const IDS_PER_STATEMENT = 30_000;

export interface ListRelationSpec {
  /** Names the loader: `Flow.flow_runs`. */
  name: string;
  /** The Prisma model of the listed rows. */
  model: string;
  /** The column of the listed rows that holds the parent's id. */
  parentColumn: string;
  filter?: FilterDef;
  /** The relation's sort argument → Prisma orderBy; `id` is appended by the window. */
  orderBy: (sort: any) => OrderBy;
  defaultSort: string;
}

interface ListArgs {
  filter?: Record<string, unknown> | null;
  sort?: string | null;
  limit?: number | null;
  offset?: number | null;
}

type Row = Record<string, unknown>;
type Delegate = { findMany(args: object): Promise<Row[]>; groupBy(args: object): Promise<Row[]> };

const delegate = (ctx: Context, model: string) => (ctx.db as unknown as Record<string, Delegate>)[model[0].toLowerCase() + model.slice(1)];

/** The rows a list relation's arguments ask for, per parent. */
function relationFind(spec: ListRelationSpec, args: ListArgs, ctx: Context): Find {
  return {
    where: filterWhere(spec.filter, args.filter, ctx),
    orderBy: spec.orderBy(args.sort ?? spec.defaultSort),
    take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
    skip: args.offset ?? 0,
  };
}

/**
 * A list relation field's resolver and extensions (GraphQL-only; answerable
 * in SQL, graphql/sql-reads): spread into its field definition.
 */
export function listRelationField<T = Row>(spec: ListRelationSpec) {
  const read = { model: spec.model, parentColumn: spec.parentColumn, find: (args: ListArgs, ctx: Context) => relationFind(spec, args, ctx) };
  return { extensions: { ...GRAPHQL_ONLY.extensions, ...sqlList(read) }, resolve: listRelation<T>(spec) };
}

/** A relation count field's resolver and extensions, as listRelationField. */
export function countRelationField(spec: CountRelationSpec) {
  const read = {
    model: spec.model,
    parentColumn: spec.parentColumn,
    where: (args: { filter?: Record<string, unknown> | null }, ctx: Context) => filterWhere(spec.filter, args.filter, ctx),
  };
  return { extensions: { ...GRAPHQL_ONLY.extensions, ...sqlCount(read) }, resolve: countRelation(spec) };
}

/**
 * The resolver of a list relation: `(query, parent, args, ctx)` as t.prismaField
 * gives it (`query` is the nested selection; `{}` for non-Prisma types).
 */
export function listRelation<T = Row>(spec: ListRelationSpec) {
  return (query: object, parent: { id: string }, args: ListArgs, ctx: Context, info?: GraphQLResolveInfo): Promise<T[]> => {
    // Every parent of a level asks the same: plan it once per field node and arguments.
    const { find, shape, key } = levelPlan(ctx, info, args, () => {
      const find = relationFind(spec, args, ctx);
      const models = modelsOf(ctx.db);
      const shape = leanShape(models, models.get(spec.model)!, query as Record<string, unknown>, info);
      const key = `${spec.name}|${JSON.stringify([find, query, shape && [shape.columns, [...shape.joins.keys()]]])}`;
      return { find, shape, key };
    });
    const { where, orderBy, take: limit, skip: offset } = find;
    if (limit === 0) return Promise.resolve([]);
    const models = modelsOf(ctx.db);
    if (shape) {
      const loader = loaderFor<Row[]>(ctx, key, async (parents) => {
        const statements = rowPageStatements(models, ctx.target.provider, { model: spec.model, parentColumn: spec.parentColumn, parents, where, orderBy, limit, offset }, shape);
        const pages = new Map<string, Row[]>(parents.map((p) => [p, []]));
        for (const statement of statements) {
          for (const { parent: p, row } of statement.read(await queryRows(ctx.db, statement.sql, statement.values))) pages.get(p)?.push(row);
        }
        return parents.map((p) => pages.get(p)!);
      });
      return loader.load(parent.id) as Promise<T[]>;
    }
    const loader = loaderFor<Row[]>(ctx, key, async (parents) => {
      const statements = pageStatements(models, ctx.target.provider, { model: spec.model, parentColumn: spec.parentColumn, parents, where, orderBy, limit, offset });
      const picked = (await Promise.all(statements.map(async (s) => s.read(await queryRows(ctx.db, s.sql, s.values))))).flat();
      const rows = await findByIds(
        ctx,
        spec.model,
        models.get(spec.model)!.id,
        query,
        picked.map((p) => p.id),
      );
      const byId = new Map(rows.map((row) => [row[models.get(spec.model)!.id] as string, row]));
      const pages = new Map<string, Row[]>(parents.map((p) => [p, []]));
      const ordered = [...picked].sort((a, b) => a.rank - b.rank);
      for (const { id, parent: p } of ordered) {
        const row = byId.get(id);
        if (row) pages.get(p)?.push(row); // a row deleted between the two statements drops out
      }
      return parents.map((p) => pages.get(p)!);
    });
    return loader.load(parent.id) as Promise<T[]>;
  };
}

interface LevelPlan {
  find: Find;
  shape: ReturnType<typeof leanShape>;
  key: string;
}

const levelPlans = new WeakMap<object, WeakMap<object, Map<string, LevelPlan>>>();

/**
 * The plan of a relation for one request, field node and argument values:
 * graphql-js hands every item of a list the same fieldNodes array, so the
 * parents of a level plan once instead of once each.
 */
function levelPlan(ctx: Context, info: GraphQLResolveInfo | undefined, args: ListArgs, plan: () => LevelPlan): LevelPlan {
  if (!info) return plan();
  let byNode = levelPlans.get(ctx);
  if (!byNode) levelPlans.set(ctx, (byNode = new WeakMap()));
  let byArgs = byNode.get(info.fieldNodes);
  if (!byArgs) byNode.set(info.fieldNodes, (byArgs = new Map()));
  // The parent type too: one fragment may be spread on several types.
  const argsKey = `${info.parentType.name}|${JSON.stringify(args)}`;
  let found = byArgs.get(argsKey);
  if (!found) byArgs.set(argsKey, (found = plan()));
  return found;
}

async function findByIds(ctx: Context, model: string, idColumn: string, query: object, ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const select = (query as { select?: Record<string, unknown> }).select;
  // In select mode the id must come back to map rows to parents.
  const shaped = select ? { ...query, select: { ...select, [idColumn]: true } } : query;
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) chunks.push(ids.slice(i, i + IDS_PER_STATEMENT));
  const results = await Promise.all(chunks.map((chunk) => delegate(ctx, model).findMany({ ...shaped, where: { [idColumn]: { in: chunk } } })));
  return results.flat();
}

export interface CountRelationSpec {
  name: string;
  model: string;
  parentColumn: string;
  filter?: FilterDef;
}

/** The resolver of a relation count: one GROUP BY parent statement for the level. */
export function countRelation(spec: CountRelationSpec) {
  return (parent: { id: string }, args: { filter?: Record<string, unknown> | null }, ctx: Context): Promise<number> => {
    const where = filterWhere(spec.filter, args.filter, ctx);
    const loader = loaderFor<number>(ctx, `${spec.name}#count|${JSON.stringify(where)}`, async (parents) => {
      const groups = await delegate(ctx, spec.model).groupBy({
        by: [spec.parentColumn],
        where: { AND: [where, { [spec.parentColumn]: { in: [...parents] } }] },
        _count: { _all: true },
      });
      const counts = new Map(groups.map((g) => [g[spec.parentColumn] as string, (g._count as { _all: number })._all]));
      return parents.map((p) => counts.get(p) ?? 0);
    });
    return loader.load(parent.id);
  };
}

/** The relation's `filter` argument as a Prisma where; none means every related row. */
function filterWhere(filter: FilterDef | undefined, value: Record<string, unknown> | null | undefined, ctx: Context) {
  return filter ? toWhere(own(filter, value, ctx)) : {};
}

/** GraphQL-only fields: not part of Prefect's REST JSON. */
export const GRAPHQL_ONLY = { extensions: { restJson: false } } as const;
