// Sort enums: Prefect's values, each an ORDER BY. `id` is always appended so
// pages are stable (house rule 2); NULLs sort as on PostgreSQL (last when
// ascending, first when descending) on both databases.
import { builder } from '../graphql/builder.ts';

type Direction = 'asc' | 'desc';
export type OrderBy = Record<string, Direction | { sort: Direction; nulls: 'first' | 'last' }>[];

export function sortEnum<V extends string>(name: string, values: Record<V, { description: string; orderBy: OrderBy }>) {
  const ref = builder.enumType(name, {
    description: `Defines ${name.replace(/Sort$/, '')} sorting options.`,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: k, description: (v as { description: string }).description }])) as unknown as Record<
      V,
      { value: V }
    >,
  });
  const orderBy = (value: V): OrderBy => {
    const keys = values[value].orderBy;
    return keys.some((k) => 'id' in k) ? keys : [...keys, { id: 'desc' }];
  };
  return { ref, orderBy };
}

/** A nullable column, placed as PostgreSQL places NULLs by default. */
export const nullable = (sort: Direction) => ({ sort, nulls: sort === 'asc' ? ('last' as const) : ('first' as const) });
