// The lean read path: a list is read in one SQL statement that fetches only
// the columns the GraphQL selection needs (REST's fixed selection asks for
// all of them) plus the to-one relations Pothos planned (the current `state`,
// the `flow`) as LEFT JOINs, instead of Prisma's findMany (every column, one
// more statement per relation, and its query engine's per-row mapping).
//
// The shape comes from two places: Pothos's `query` (select/include) says
// which relations to load; the GraphQL selection of the field says which
// columns. A field is its column when one has its name; the fields computed
// from other columns say so in FIELD_COLUMNS; any other field (one added
// later, say) makes the read take every column, so a new field is never
// answered from a column that was not read. A query this path cannot express
// (list relations or relation arguments inside `query`) returns null, and the
// caller uses Prisma.
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Context } from '../../graphql/context.ts';
import type { OrderBy } from '../../filters/sort.ts';
import { modelsOf, type ModelInfo, type Models } from '../../filters/sql/datamodel.ts';
import { compileOrderBy } from '../../filters/sql/order-by.ts';
import { Params, inlineInteger, quote } from '../../filters/sql/params.ts';
import { compileRows, type RowShape } from '../../filters/sql/rows.ts';
import { compileWhere, newScope } from '../../filters/sql/where.ts';
import { splitFrom, splitOnIn } from '../../filters/sql/split-in.ts';
import { queryValues } from '../../db/raw-rows.ts';

/** Fields of a model's GraphQL type that read columns other than their own name ([] reads none but the id). */
const FIELD_COLUMNS: Record<string, Record<string, readonly string[]>> = {
  Flow: { flow_runs: [], flow_runs_count: [] },
  FlowRun: {
    estimated_run_time: ['state_type', 'state_timestamp', 'total_run_time'],
    estimated_start_time_delta: ['start_time', 'expected_start_time', 'state_type'],
    // From the linked queue (flow-runs/placement.ts).
    work_queue_name: ['work_queue_name', 'work_queue_id'],
    work_pool_id: ['work_queue_id'],
    work_pool_name: ['work_queue_id'],
    work_pool: ['work_queue_id'],
    task_runs_count: [],
    states_count: [],
  },
  TaskRun: {
    estimated_run_time: ['state_type', 'state_timestamp', 'total_run_time'],
    estimated_start_time_delta: ['start_time', 'expected_start_time', 'state_type'],
    states_count: [],
  },
  // A state's data lives in its result artifact (states/data.ts).
  FlowRunState: { data: ['data', 'result_artifact_id'] },
  TaskRunState: { data: ['data', 'result_artifact_id'] },
};

/**
 * To-one relations read through a plain field (not a Pothos relation) that the
 * lean read joins when the selection asks for the field: the current `state`
 * (states/current.ts reads it by id for the other reads).
 */
const JOINED_FIELDS: Record<string, ReadonlySet<string>> = {
  FlowRun: new Set(['state']),
  TaskRun: new Set(['state']),
};

type Query = Record<string, unknown>;

const ALL = Symbol('all columns');

/**
 * The columns and joins to read for a list of `model` resolved with Pothos's
 * `query` at `info`; null when the query needs Prisma.
 */
export function leanShape(models: Models, model: ModelInfo, query: Query, info: GraphQLResolveInfo | undefined): RowShape | null {
  const planned = plannedShape(models, model, query);
  if (!planned) return null;
  const selected = info ? selectedFields(model, info) : ALL;
  const joins = new Map(planned.joins);
  const joinable = JOINED_FIELDS[model.name];
  if (joinable) {
    // Without the selection (info) every such relation is joined: its field may be read.
    for (const name of selected === ALL ? joinable : selected.joins) {
      const relation = model.relations.get(name)!;
      const target = models.get(relation.model)!;
      // The current state's result artifact (its data) comes in the same statement.
      const artifact = target.relations.get('result_artifact');
      const nested = new Map(artifact ? [['result_artifact', { columns: ['data'], joins: new Map() }]] : []);
      if (!joins.has(name)) joins.set(name, { columns: [...target.columns], joins: nested });
    }
  }
  const columns = selected === ALL ? [...model.columns] : [...new Set([...planned.columns, ...selected.columns])];
  return { columns, joins };
}

/** Pothos's select/include as a shape (joined relations read all their columns). */
function plannedShape(models: Models, model: ModelInfo, query: Query): RowShape | null {
  const keys = Object.keys(query);
  if (keys.some((k) => k !== 'select' && k !== 'include')) return null;
  if (query.select && query.include) return null;
  const selection = (query.select ?? query.include ?? {}) as Record<string, unknown>;
  const columns: string[] = [];
  const joins = new Map<string, RowShape>();
  for (const [name, value] of Object.entries(selection)) {
    if (!value) continue;
    if (model.columns.has(name)) {
      columns.push(name);
      continue;
    }
    const relation = model.relations.get(name);
    if (!relation || relation.isList) return null;
    const target = models.get(relation.model)!;
    const inner = value === true ? {} : (value as Query);
    const nested = plannedShape(models, target, inner);
    if (!nested) return null;
    // A nested select names its columns; include (or true) means all of them.
    joins.set(name, { columns: inner.select ? nested.columns : [...target.columns], joins: nested.joins });
    for (const [mine] of relation.on) columns.push(mine);
  }
  return { columns, joins };
}

/** The columns (and JOINED_FIELDS) the selection of `info`'s field asks for, or ALL. */
function selectedFields(model: ModelInfo, info: GraphQLResolveInfo): { columns: Set<string>; joins: Set<string> } | typeof ALL {
  const columns = new Set<string>();
  const joins = new Set<string>();
  const joinable = JOINED_FIELDS[model.name];
  const extra = FIELD_COLUMNS[model.name] ?? {};
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode | undefined): boolean => {
    if (!selectionSet) return true;
    for (const node of selectionSet.selections) {
      if (node.kind === Kind.FIELD) {
        const name = node.name.value;
        if (name === '__typename') continue;
        if (Object.hasOwn(extra, name)) for (const c of extra[name]) columns.add(c);
        else if (model.columns.has(name)) columns.add(name);
        else if (model.relations.has(name)) {
          const relation = model.relations.get(name)!;
          if (!relation.isList) for (const [mine] of relation.on) columns.add(mine);
          if (joinable?.has(name)) joins.add(name);
        } else return false;
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        if (!walk(node.selectionSet)) return false;
      } else {
        if (visited.has(node.name.value)) continue;
        visited.add(node.name.value);
        const fragment = info.fragments[node.name.value];
        if (!fragment || !walk(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  for (const field of info.fieldNodes as readonly FieldNode[]) if (!walk(field.selectionSet)) return ALL;
  return { columns, joins };
}

export interface FindArgs {
  where: object;
  orderBy: OrderBy;
  take: number;
  skip: number;
}

/**
 * A root list (read_flow_runs, ...) in one statement: `SELECT <shape> FROM t
 * <joins> WHERE <filter> ORDER BY ... LIMIT ... OFFSET ...`; `prisma` answers
 * when the shape needs Prisma.
 */
export async function leanFindMany(ctx: Context, modelName: string, query: object, info: GraphQLResolveInfo, find: FindArgs, prisma: () => Promise<unknown[]>): Promise<unknown[]> {
  const models = modelsOf(ctx.db);
  const model = models.get(modelName)!;
  const shape = leanShape(models, model, query as Query, info);
  if (!shape || find.take === 0) return shape ? [] : prisma();
  const params = new Params(ctx.target.provider);
  const rows = compileRows(models, model, 't', shape);
  let sql: string;
  try {
    const scope = newScope(models, params);
    // SQLite: a short IN list on an indexed column (state types, latest first) reads one ordered range per value.
    const arms = splitOnIn(ctx.target.provider, model, find.where as Record<string, unknown>, find.orderBy);
    const from = arms ? splitFrom(scope, model, 't', arms, find.orderBy, find.take + find.skip) : `${quote(model.table)} t`;
    const where = arms ? '1=1' : compileWhere(scope, model, 't', find.where as Record<string, unknown>);
    const order = find.orderBy.length > 0 ? ` ORDER BY ${compileOrderBy(model, 't', find.orderBy)}` : '';
    sql = `SELECT ${rows.select} FROM ${from}${rows.joins} WHERE ${where}${order} LIMIT ${inlineInteger(find.take)} OFFSET ${inlineInteger(find.skip)}`;
  } catch {
    // A filter shape the SQL compiler does not know (it fails loudly rather than guess): Prisma reads it.
    return prisma();
  }
  const result = await queryValues(ctx.db, sql, params.values);
  return result.map(rows.decodeValues);
}
