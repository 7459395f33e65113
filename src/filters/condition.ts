// A tiny algebra over Prisma `where` objects. Prefect treats a filter with no
// criteria as TRUE, and TRUE inside `or_` makes the whole `or_` match everything;
// Prisma silently drops `{}` from OR lists, so TRUE is kept explicit until the end.
export type Where = Record<string, unknown>;
export type Condition = Where | true;

export const TRUE = true as const;

export function and(conditions: Condition[]): Condition {
  const real = conditions.filter((c): c is Where => c !== TRUE);
  if (real.length === 0) return TRUE;
  return real.length === 1 ? real[0] : { AND: real };
}

export function or(conditions: Condition[]): Condition {
  if (conditions.length === 0 || conditions.some((c) => c === TRUE)) return TRUE;
  return conditions.length === 1 ? conditions[0] : { OR: conditions };
}

export function combine(operator: 'and_' | 'or_' | null | undefined, conditions: Condition[]): Condition {
  return operator === 'or_' ? or(conditions) : and(conditions);
}

/** At least one related row (through a Prisma list relation) satisfies `condition`. */
export function some(relation: string, condition: Condition): Where {
  return { [relation]: { some: toWhere(condition) } };
}

/** The related row (through a Prisma to-one relation) exists and satisfies `condition`. */
export function is(relation: string, condition: Condition): Where {
  return { [relation]: { is: toWhere(condition) } };
}

export function toWhere(condition: Condition): Where {
  return condition === TRUE ? {} : condition;
}
