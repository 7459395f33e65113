// Caps on the lists inside one filter argument, checked before it is compiled,
// so both doors (GraphQL and REST) refuse an oversized filter with a 422 naming
// the list instead of building a statement that blocks the event loop or the
// database. Measured (2 cores, empty tables): 20,000 ids in any_ held the
// event loop ~190 ms on SQLite while Prisma built the statement; more than
// 32,766 values overflow SQLite's bound-parameter limit (500); all_ becomes one
// EXISTS per tag, and PostgreSQL's planner took 0.2 s for 10 tags, 1.5 s for
// 50, 22 s for 200; SQLite refuses more than ~1,000 (expression depth).
import { ValidationError } from '../errors.ts';
import type { FilterDef, ListUse } from './define.ts';

export interface FilterLimits {
  /** Values across every list operator of the filter (PREFECT_SERVER_API_MAX_FILTER_VALUES). */
  maxFilterValues: number;
  /** Values across its all_ operators (PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES). */
  maxFilterAllValues: number;
}

function tooLong(root: string, use: ListUse, max: number, given: number, setting: string, total: boolean) {
  const length = use.values.length;
  const msg = total
    ? `Filter lists should have at most ${max} values in total, not ${given} (${setting})`
    : `List should have at most ${max} items after validation, not ${length} (${setting})`;
  return new ValidationError([{ type: 'too_long', loc: [root, ...use.path], msg, input: use.values, ctx: { field_type: 'List', max_length: max, actual_length: given } }]);
}

/** Throws a 422 when `value` (a filter of type `filter`) holds more list values than the limits allow. */
export function checkFilterLists(filter: FilterDef, value: Record<string, unknown>, limits: FilterLimits): void {
  let values = 0;
  let allValues = 0;
  const root = filter.ref.name;
  for (const use of filter.lists(value)) {
    const n = use.values.length;
    values += n;
    if (use.subqueryPerValue) {
      allValues += n;
      if (allValues > limits.maxFilterAllValues) {
        throw tooLong(root, use, limits.maxFilterAllValues, allValues, 'PREFECT_SERVER_API_MAX_FILTER_ALL_VALUES', allValues > n);
      }
    }
    if (values > limits.maxFilterValues) throw tooLong(root, use, limits.maxFilterValues, values, 'PREFECT_SERVER_API_MAX_FILTER_VALUES', values > n);
  }
}
