// The body keys of list routes (flows, flow_runs, task_runs, ...) AND together;
// each related key becomes an EXISTS through a Prisma relation (conventions
// §5.7). A related filter, even `{}`, requires the related row to exist.
import type { Context } from '../graphql/context.ts';
import { and, is, some, TRUE, toWhere, type Condition, type Where } from './condition.ts';
import type { FilterDef } from './define.ts';
import { checkFilterLists } from './limits.ts';

type Value = Record<string, unknown> | null | undefined;

/** Compiles a filter given as an argument; absent or null means no condition. Oversized lists are a 422. */
export function own(filter: FilterDef, value: Value, ctx: Context): Condition {
  if (!value) return TRUE;
  checkFilterLists(filter, value, ctx.settings.api);
  return filter.compile(value, ctx.target);
}

/** Whether a related-filter argument was given at all (`{}` counts). */
export const given = (value: Value): value is Record<string, unknown> => value !== null && value !== undefined;

/** `relation` (to-many) has a row satisfying all of `conditions`. */
export function someRelated(relation: string, conditions: Condition[]): Where {
  return some(relation, and(conditions));
}

/** `relation` (to-one) exists and satisfies all of `conditions`. */
export function isRelated(relation: string, conditions: Condition[]): Where {
  return is(relation, and(conditions));
}

export { and, toWhere };
export type { Condition };
