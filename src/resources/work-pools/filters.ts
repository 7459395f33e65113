// WorkPoolFilter and WorkQueueFilter (deployments-and-work-pools §4.8).
// WorkerFilter lives with the workers (src/resources/workers/).
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { TRUE, or } from '../../filters/condition.ts';
import { anyOf, type Operator } from '../../filters/operators.ts';

/**
 * OR of case-insensitive prefix matches (Prefect's `ILIKE 'v%'` per value);
 * an empty list adds no condition. SQLite's LIKE-based startsWith is already
 * case-insensitive (db/sqlite-functions.ts makes it Unicode-aware).
 */
const startsWithAny = (column: string): Operator => ({
  type: ['String'],
  description: "A list of case-insensitive starts-with matches. For example,  passing 'marvin' will match 'marvin', and 'Marvin-robot', but not 'sad-marvin'.",
  compile: (values: string[], ctx) =>
    values.length === 0 ? TRUE : or(values.map((value) => ({ [column]: ctx.provider === 'postgresql' ? { startsWith: value, mode: 'insensitive' } : { startsWith: value } }))),
});

export const WorkPoolFilter = resourceFilter('WorkPoolFilter', {
  description: 'Filter work pools. Only work pools matching all criteria will be returned',
  fields: {
    id: fieldFilter('WorkPoolFilterId', { description: 'Filter by `WorkPool.id`.', ops: { any_: anyOf('id', 'UUID') } }),
    name: fieldFilter('WorkPoolFilterName', { description: 'Filter by `WorkPool.name`.', ops: { any_: anyOf('name', 'String') } }),
    type: fieldFilter('WorkPoolFilterType', { description: 'Filter by `WorkPool.type`.', ops: { any_: anyOf('type', 'String') } }),
  },
});

export const WorkQueueFilter = resourceFilter('WorkQueueFilter', {
  description: 'Filter work queues. Only work queues matching all criteria will be returned',
  fields: {
    id: fieldFilter('WorkQueueFilterId', { description: 'Filter by `WorkQueue.id`.', ops: { any_: anyOf('id', 'UUID') } }),
    name: fieldFilter('WorkQueueFilterName', { description: 'Filter by `WorkQueue.name`.', ops: { any_: anyOf('name', 'String'), startswith_: startsWithAny('name') } }),
  },
});
