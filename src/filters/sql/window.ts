// "The first `limit` rows after `offset` of each parent", for many parents in
// one statement, reading only offset + limit index entries per parent (with an
// index on (parent, sort keys)) however many rows a parent has:
//   PostgreSQL: unnest(parents) CROSS JOIN LATERAL (... ORDER BY ... LIMIT n OFFSET m)
//   SQLite:     json_each(parents) and a correlated subquery per parent that
//               returns the page's ids as one ordered JSON array.
// Measured at 1,000 runs per flow and 200 parents (test/relations/explain-plans.ts):
// a single ROW_NUMBER() OVER (PARTITION BY parent ...) reads every row of every
// parent (53 ms for 20 flows on SQLite); UNION ALL of one arm per parent reads
// few rows but costs 80 ms of planning on PostgreSQL and 13-27 ms of prepare on
// SQLite at 200 arms. These two plan in ~1 ms and run in ~1 ms.
// The filter is the same compiled SQL on both (./where.ts); `id` ends every order.
import type { OrderBy } from '../sort.ts';
import type { Models } from './datamodel.ts';
import { compileOrderBy } from './order-by.ts';
import { Params, inlineInteger, quote, type Provider } from './params.ts';
import { compileWhere, newScope } from './where.ts';
import { compileRows, type RowShape } from './rows.ts';

/** Parents per statement (PostgreSQL binds one parameter each; 65,535 at most). */
export const PARENTS_PER_PAGE_STATEMENT = 10_000;

/**
 * PostgreSQL type of the parent keys: every relation of our model joins on a
 * UUID id (prisma/model.prisma). A relation on another key type needs this
 * to come from the model.
 */
const PG_KEY_TYPE = 'uuid';

export interface PageRequest {
  /** The Prisma model of the listed rows (FlowRun for Flow.flow_runs). */
  model: string;
  /** The column holding the parent's key (flow_id). */
  parentColumn: string;
  parents: readonly string[];
  where: Record<string, unknown>;
  orderBy: OrderBy;
  limit: number;
  offset: number;
}

/** A listed row: its id, its parent, and its place in the parent's page (ascending). */
export interface Picked {
  id: string;
  parent: string;
  rank: number;
}

export interface PageStatement {
  sql: string;
  values: unknown[];
  /** The statement's rows as picked rows. */
  read(rows: Record<string, unknown>[]): Picked[];
}

/** One statement per PARENTS_PER_PAGE_STATEMENT parents. */
export function pageStatements(models: Models, provider: Provider, request: PageRequest): PageStatement[] {
  const statements: PageStatement[] = [];
  for (let i = 0; i < request.parents.length; i += PARENTS_PER_PAGE_STATEMENT) {
    const chunk = { ...request, parents: request.parents.slice(i, i + PARENTS_PER_PAGE_STATEMENT) };
    statements.push(provider === 'postgresql' ? lateralStatement(models, chunk) : jsonEachStatement(models, chunk));
  }
  return statements;
}

function parts(models: Models, provider: Provider, request: PageRequest) {
  const model = models.get(request.model);
  if (!model) throw new Error(`SQL page: unknown model ${request.model}`);
  const params = new Params(provider);
  const orderBy = withId(request.orderBy, model.id);
  const t = 't';
  return {
    model,
    params,
    orderBy,
    /** `FROM table t WHERE t.parent = <parent> AND <filter> ORDER BY ... LIMIT ... OFFSET ...` */
    page: (parentPlaceholder: string) =>
      `FROM ${quote(model.table)} ${t} WHERE ${t}.${quote(request.parentColumn)} = ${parentPlaceholder} ` +
      `AND ${compileWhere(newScope(models, params), model, t, request.where)} ` +
      `ORDER BY ${compileOrderBy(model, t, orderBy)} LIMIT ${inlineInteger(request.limit)} OFFSET ${inlineInteger(request.offset)}`,
  };
}

function lateralStatement(models: Models, request: PageRequest): PageStatement {
  const { model, params, orderBy, page } = parts(models, 'postgresql', request);
  const parents = `unnest(ARRAY[${params.list(request.parents)}]::${PG_KEY_TYPE}[]) AS p(parent)`;
  const sql =
    `SELECT x.id AS "id", p.parent AS "parent", x.rn AS "rank" FROM ${parents} CROSS JOIN LATERAL (` +
    `SELECT t.${quote(model.id)} AS id, ROW_NUMBER() OVER (ORDER BY ${compileOrderBy(model, 't', orderBy)}) AS rn ${page('p.parent')}) x`;
  return {
    sql,
    values: params.values,
    read: (rows) => rows.map((r) => ({ id: String(r.id), parent: String(r.parent), rank: Number(r.rank) })),
  };
}

function jsonEachStatement(models: Models, request: PageRequest): PageStatement {
  const { model, params, orderBy, page } = parts(models, 'sqlite', request);
  const columns = [...new Set([model.id, ...orderBy.flatMap((term) => Object.keys(term))])].map((c) => `t.${quote(c)} AS ${quote(c)}`).join(', ');
  // `?` binds by position: the page's filter parameters come first in the text.
  const inner = page('p.value');
  const parents = params.add(JSON.stringify(request.parents));
  // The aggregate's own ORDER BY (SQLite 3.44+) keeps the page order in the array.
  const sql =
    `SELECT p.value AS "parent", (SELECT json_group_array(x.${quote(model.id)} ORDER BY ${compileOrderBy(model, 'x', orderBy)}) ` +
    `FROM (SELECT ${columns} ${inner}) x) AS "ids" FROM json_each(${parents}) p`;
  return {
    sql,
    values: params.values,
    read: (rows) => rows.flatMap((r) => (JSON.parse(String(r.ids)) as string[]).map((id, i) => ({ id, parent: String(r.parent), rank: i + 1 }))),
  };
}

function withId(orderBy: OrderBy, id: string): OrderBy {
  return orderBy.some((term) => id in term) ? orderBy : [...orderBy, { [id]: 'desc' }];
}

/** A listed row with its parent, in page order within the parent. */
export interface PageRow {
  parent: string;
  row: Record<string, unknown>;
}

export interface RowPageStatement {
  sql: string;
  values: unknown[];
  /** The statement's rows, in page order per parent. */
  read(rows: Record<string, unknown>[]): PageRow[];
}

/**
 * The pages themselves rather than their ids: `shape`'s columns of the listed
 * rows and of the to-one relations it joins (./rows.ts), one statement per
 * PARENTS_PER_PAGE_STATEMENT parents, reading the same index entries as above.
 *   PostgreSQL: the LATERAL page selects the row (and its joins) directly.
 *   SQLite:     the rows whose id is IN the parent's page (a correlated list
 *               subquery on the per-parent index, then a primary-key lookup each).
 */
export function rowPageStatements(models: Models, provider: Provider, request: PageRequest, shape: RowShape): RowPageStatement[] {
  const statements: RowPageStatement[] = [];
  for (let i = 0; i < request.parents.length; i += PARENTS_PER_PAGE_STATEMENT) {
    const chunk = { ...request, parents: request.parents.slice(i, i + PARENTS_PER_PAGE_STATEMENT) };
    statements.push(provider === 'postgresql' ? lateralRows(models, chunk, shape) : inPageRows(models, chunk, shape));
  }
  return statements;
}

function lateralRows(models: Models, request: PageRequest, shape: RowShape): RowPageStatement {
  const { model, params, orderBy, page } = parts(models, 'postgresql', request);
  const rows = compileRows(models, model, 't', shape);
  const parents = `unnest(ARRAY[${params.list(request.parents)}]::${PG_KEY_TYPE}[]) AS p(parent)`;
  // The page's FROM names the table as `t`; the joins follow it.
  const inner = page('p.parent').replace(/^FROM (\S+) t /, `FROM $1 t${rows.joins} `);
  const sql =
    `SELECT p.parent AS "__parent", x.* FROM ${parents} CROSS JOIN LATERAL (` +
    `SELECT ${rows.select}, ROW_NUMBER() OVER (ORDER BY ${compileOrderBy(model, 't', orderBy)}) AS "__rank" ${inner}) x`;
  return {
    sql,
    values: params.values,
    read: (result) => {
      const ranked = result.map((r) => ({ parent: String(r.__parent), rank: Number(r.__rank), row: rows.decode(r) }));
      ranked.sort((a, b) => a.rank - b.rank); // stable: parents stay apart, each in page order
      return ranked;
    },
  };
}

function inPageRows(models: Models, request: PageRequest, shape: RowShape): RowPageStatement {
  const model = models.get(request.model);
  if (!model) throw new Error(`SQL page: unknown model ${request.model}`);
  const params = new Params('sqlite');
  const orderBy = withId(request.orderBy, model.id);
  const rows = compileRows(models, model, 't', shape);
  // `?` binds by position: the parents come first in the text, then the filter's values.
  const parents = params.add(JSON.stringify(request.parents));
  const id = quote(model.id);
  const pageIds =
    `SELECT u.${id} FROM ${quote(model.table)} u WHERE u.${quote(request.parentColumn)} = p.value ` +
    `AND ${compileWhere(newScope(models, params), model, 'u', request.where)} ` +
    `ORDER BY ${compileOrderBy(model, 'u', orderBy)} LIMIT ${inlineInteger(request.limit)} OFFSET ${inlineInteger(request.offset)}`;
  const sql =
    `SELECT p.value AS "__parent", ${rows.select} FROM json_each(${parents}) p ` +
    `JOIN ${quote(model.table)} t ON t.${id} IN (${pageIds})${rows.joins} ` +
    `ORDER BY p.key, ${compileOrderBy(model, 't', orderBy)}`;
  return {
    sql,
    values: params.values,
    read: (result) => result.map((r) => ({ parent: String(r.__parent), row: rows.decode(r) })),
  };
}
