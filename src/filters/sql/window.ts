// "The first `limit` rows after `offset` of each parent", for many parents in
// one statement. Each parent gets its own arm, `WHERE parent = ? AND <filter>
// ORDER BY <sort> LIMIT n OFFSET m`, so an index on (parent, sort keys) reads
// only offset + limit entries per parent however many rows the parent has; the
// arms are joined by UNION ALL, and ROW_NUMBER() over those few rows gives
// each row its place in the page. Standard SQL that SQLite and PostgreSQL both
// run. (A single ROW_NUMBER() OVER (PARTITION BY parent ...) over all the
// parents' rows was 30× slower at 1,000 runs per flow: it reads every row of
// every parent.) `id` ends every order, so pages are stable.
import type { OrderBy } from '../sort.ts';
import type { Models } from './datamodel.ts';
import { compileOrderBy } from './order-by.ts';
import { Params, quote, type Provider } from './params.ts';
import { compileWhere, newScope } from './where.ts';

/** SQLite's default SQLITE_MAX_COMPOUND_SELECT: arms of one UNION ALL. */
export const PARENTS_PER_PAGE_STATEMENT = 500;

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

export interface Statement {
  sql: string;
  values: unknown[];
}

/**
 * Statements selecting `id`, `parent` and `rank` (1-based place in the page)
 * of each parent's page: one per PARENTS_PER_PAGE_STATEMENT parents.
 */
export function pageStatements(models: Models, provider: Provider, request: PageRequest): Statement[] {
  const statements: Statement[] = [];
  for (let i = 0; i < request.parents.length; i += PARENTS_PER_PAGE_STATEMENT) {
    statements.push(pageStatement(models, provider, { ...request, parents: request.parents.slice(i, i + PARENTS_PER_PAGE_STATEMENT) }));
  }
  return statements;
}

function pageStatement(models: Models, provider: Provider, request: PageRequest): Statement {
  const model = models.get(request.model);
  if (!model) throw new Error(`SQL page: unknown model ${request.model}`);
  const params = new Params(provider);
  const scope = newScope(models, params);
  const orderBy = withId(request.orderBy, model.id);
  const sortColumns = [...new Set([model.id, ...orderBy.flatMap((term) => Object.keys(term))])];
  const t = 't';
  const select = [`${t}.${quote(request.parentColumn)} AS "parent"`, ...sortColumns.map((c) => `${t}.${quote(c)} AS ${quote(c)}`)].join(', ');
  const arms = request.parents.map((parent, i) => {
    const condition = `${t}.${quote(request.parentColumn)} = ${params.add(parent)} AND ${compileWhere(scope, model, t, request.where)}`;
    const page = `ORDER BY ${compileOrderBy(model, t, orderBy)} LIMIT ${integer(request.limit)} OFFSET ${integer(request.offset)}`;
    // Wrapped: SQLite allows ORDER BY / LIMIT only on the last arm of a compound select.
    return `SELECT * FROM (SELECT ${select} FROM ${quote(model.table)} ${t} WHERE ${condition} ${page}) a${i}`;
  });
  const sql =
    `SELECT u.${quote(model.id)} AS "id", u."parent" AS "parent", ` +
    `ROW_NUMBER() OVER (PARTITION BY u."parent" ORDER BY ${compileOrderBy(model, 'u', orderBy)}) AS "rank" ` +
    `FROM (${arms.join(' UNION ALL ')}) u`;
  return { sql, values: params.values };
}

/** Limits are validated integers; written inline so neither driver has to guess a parameter type. */
function integer(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`SQL page: bad bound ${n}`);
  return String(n);
}

function withId(orderBy: OrderBy, id: string): OrderBy {
  return orderBy.some((term) => id in term) ? orderBy : [...orderBy, { [id]: 'desc' }];
}
