// "The first `limit` rows after `offset` of each parent", for many parents in
// one statement: ROW_NUMBER() numbers each parent's rows in the requested
// order, and only the rows of the page leave the database. Works on SQLite
// (3.25+) and PostgreSQL alike. `id` ends every order, so pages are stable.
import type { OrderBy } from '../sort.ts';
import type { Models } from './datamodel.ts';
import { compileOrderBy } from './order-by.ts';
import { Params, quote, type Provider } from './params.ts';
import { compileWhere, newScope } from './where.ts';

export interface WindowRequest {
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

export interface Statement {
  sql: string;
  values: unknown[];
}

/** Selects `id`, `parent` and `rank` (1-based within the page order) of each parent's page. */
export function windowStatement(models: Models, provider: Provider, request: WindowRequest): Statement {
  const model = models.get(request.model);
  if (!model) throw new Error(`SQL window: unknown model ${request.model}`);
  const params = new Params(provider);
  const scope = newScope(models, params);
  const t = 't';
  const id = quote(model.id);
  const parent = `${t}.${quote(request.parentColumn)}`;
  const order = compileOrderBy(model, t, withId(request.orderBy, model.id));
  const parents = params.list(request.parents);
  const filter = compileWhere(scope, model, t, request.where);
  const sql =
    `SELECT w.id AS "id", w.parent AS "parent", w.rn AS "rank" FROM (` +
    `SELECT ${t}.${id} AS id, ${parent} AS parent, ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${order}) AS rn ` +
    `FROM ${quote(model.table)} ${t} WHERE ${parent} IN (${parents}) AND ${filter}` +
    `) w WHERE w.rn > ${integer(request.offset)} AND w.rn <= ${integer(request.offset + request.limit)}`;
  return { sql, values: params.values };
}

/** Limits are validated integers; written inline so neither driver has to guess a parameter type. */
function integer(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`SQL window: bad bound ${n}`);
  return String(n);
}

function withId(orderBy: OrderBy, id: string): OrderBy {
  return orderBy.some((term) => id in term) ? orderBy : [...orderBy, { [id]: 'desc' }];
}
