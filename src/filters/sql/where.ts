// Prisma `where` objects → a parameterised SQL condition, for the statements
// Prisma cannot express (per-parent windows). It covers the shapes the filter
// layer (src/filters/operators.ts, condition.ts) emits and fails loudly on any
// other, so a new operator cannot silently mean something else here.
// test/relations/where-sql.test.ts checks it against Prisma on both databases.
import type { ModelInfo, Models } from './datamodel.ts';
import { quote, type Params } from './params.ts';

type Where = Record<string, unknown>;

export interface Scope {
  models: Models;
  params: Params;
  /** Makes a fresh table alias for a subquery. */
  alias(): string;
}

export function newScope(models: Models, params: Params): Scope {
  let next = 0;
  return { models, params, alias: () => `r${next++}` };
}

const TRUE_SQL = '1=1';
const FALSE_SQL = '1=0';

/** The condition `where` places on rows of `model` aliased `alias`. */
export function compileWhere(scope: Scope, model: ModelInfo, alias: string, where: Where | undefined | null): string {
  if (!where) return TRUE_SQL;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND') parts.push(all(listOf(value).map((w) => compileWhere(scope, model, alias, w))));
    else if (key === 'OR') parts.push(any(listOf(value).map((w) => compileWhere(scope, model, alias, w))));
    else if (key === 'NOT') parts.push(`NOT (${all(listOf(value).map((w) => compileWhere(scope, model, alias, w)))})`);
    else if (model.relations.has(key)) parts.push(relation(scope, model, alias, key, value as Where));
    else if (model.columns.has(key)) parts.push(column(scope, `${alias}.${quote(key)}`, value));
    else throw new Error(`SQL where: unknown field ${model.name}.${key}`);
  }
  return all(parts);
}

const listOf = (value: unknown): Where[] => (Array.isArray(value) ? value : [value as Where]);

function all(parts: string[]): string {
  const real = parts.filter((p) => p !== TRUE_SQL);
  if (real.length === 0) return TRUE_SQL;
  return real.length === 1 ? real[0] : `(${real.join(' AND ')})`;
}

/** Prisma: OR [] matches nothing. */
function any(parts: string[]): string {
  if (parts.length === 0) return FALSE_SQL;
  if (parts.includes(TRUE_SQL)) return TRUE_SQL;
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

const isFilterObject = (value: unknown): value is Where => typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value);

function column(scope: Scope, col: string, filter: unknown): string {
  if (filter === null) return `${col} IS NULL`;
  if (!isFilterObject(filter)) return `${col} = ${scope.params.add(filter)}`;
  const insensitive = filter.mode === 'insensitive' && scope.params.provider === 'postgresql';
  const like = insensitive ? 'ILIKE' : 'LIKE';
  const parts: string[] = [];
  for (const [op, value] of Object.entries(filter)) {
    if (value === undefined || op === 'mode') continue;
    switch (op) {
      case 'equals':
        parts.push(column(scope, col, value));
        break;
      case 'in':
        parts.push((value as unknown[]).length === 0 ? FALSE_SQL : `${col} IN (${scope.params.list(value as unknown[])})`);
        break;
      case 'notIn':
        parts.push((value as unknown[]).length === 0 ? TRUE_SQL : `${col} NOT IN (${scope.params.list(value as unknown[])})`);
        break;
      case 'not':
        if (value === null) parts.push(`${col} IS NOT NULL`);
        else if (isFilterObject(value)) parts.push(`NOT (${column(scope, col, value)})`);
        else parts.push(`${col} <> ${scope.params.add(value)}`);
        break;
      case 'lt':
        parts.push(`${col} < ${scope.params.add(value)}`);
        break;
      case 'lte':
        parts.push(`${col} <= ${scope.params.add(value)}`);
        break;
      case 'gt':
        parts.push(`${col} > ${scope.params.add(value)}`);
        break;
      case 'gte':
        parts.push(`${col} >= ${scope.params.add(value)}`);
        break;
      // Like Prisma, `%` and `_` in the value are not escaped (Prefect's like_ relies on it).
      case 'contains':
        parts.push(`${col} ${like} ${scope.params.add(`%${value}%`)}`);
        break;
      case 'startsWith':
        parts.push(`${col} ${like} ${scope.params.add(`${value}%`)}`);
        break;
      case 'endsWith':
        parts.push(`${col} ${like} ${scope.params.add(`%${value}`)}`);
        break;
      default:
        throw new Error(`SQL where: unsupported operator ${op}`);
    }
  }
  return all(parts);
}

/** `some` / `none` over a list relation, `is` over a to-one relation, as EXISTS. */
function relation(scope: Scope, model: ModelInfo, alias: string, name: string, filter: Where): string {
  const rel = model.relations.get(name)!;
  const target = scope.models.get(rel.model)!;
  const exists = (inner: Where | null) => {
    const sub = scope.alias();
    const join = rel.on.map(([mine, theirs]) => `${sub}.${quote(theirs)} = ${alias}.${quote(mine)}`);
    return `EXISTS (SELECT 1 FROM ${quote(target.table)} ${sub} WHERE ${all([...join, compileWhere(scope, target, sub, inner)])})`;
  };
  const keys = Object.keys(filter).filter((k) => filter[k] !== undefined);
  if (rel.isList) {
    if (keys.length !== 1 || !['some', 'none'].includes(keys[0])) throw new Error(`SQL where: unsupported list relation filter on ${model.name}.${name}: ${keys.join(', ')}`);
    return keys[0] === 'some' ? exists(filter.some as Where) : `NOT ${exists(filter.none as Where)}`;
  }
  // SQLite runs a correlated EXISTS once per row, and with it the condition
  // on the related row: `flows: { name: { like_ } }` called like() (a JS
  // function, see db/sqlite-functions.ts) for every flow run scanned, half of
  // the flat filter's time. As an uncorrelated IN list it runs once per
  // statement. Same answer: the key IS NOT NULL on both sides keeps NULL out
  // of IN, so a NOT around it still means NOT EXISTS.
  const matching = (inner: Where) => {
    if (scope.params.provider !== 'sqlite' || rel.on.length !== 1) return exists(inner);
    const [[mine, theirs]] = rel.on;
    const sub = scope.alias();
    const condition = all([`${sub}.${quote(theirs)} IS NOT NULL`, compileWhere(scope, target, sub, inner)]);
    return `(${alias}.${quote(mine)} IS NOT NULL AND ${alias}.${quote(mine)} IN (SELECT ${sub}.${quote(theirs)} FROM ${quote(target.table)} ${sub} WHERE ${condition}))`;
  };
  if (keys.length === 1 && keys[0] === 'is') return filter.is === null ? `NOT ${exists(null)}` : matching(filter.is as Where);
  if (keys.includes('is') || keys.includes('isNot')) throw new Error(`SQL where: unsupported to-one relation filter on ${model.name}.${name}: ${keys.join(', ')}`);
  return matching(filter); // Prisma's shorthand: `{ rel: { ...where } }` means `is`.
}
