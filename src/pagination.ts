// limit / offset / page: Prefect's rules in one place (conventions §4).
import { httpError } from './errors.ts';
import { builder } from './graphql/builder.ts';

/** Absent → the default limit, which is also the maximum; 0 is allowed. */
export function resolveLimit(limit: number | null | undefined, defaultLimit: number): number {
  if (limit === null || limit === undefined) return defaultLimit;
  if (limit < 0) throw httpError(422, 'Invalid limit: must be greater than or equal to 0.');
  if (limit > defaultLimit) throw httpError(422, `Invalid limit: must be less than or equal to ${defaultLimit}.`);
  return limit;
}

/** Marks the paging `limit` argument: the REST door checks it before the rest of the body. */
const PAGING_LIMIT = { pagingLimit: true };

export const isPagingLimit = (arg: { extensions: object }) => (arg.extensions as { pagingLimit?: boolean }).pagingLimit === true;

const limit = builder.args((t) => ({
  limit: t.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT (200), which is also the maximum.', extensions: PAGING_LIMIT }),
}));

/** `limit` of the bulk routes (1–50, default 50). */
export const bulkLimitArgs = builder.args((t) => ({ limit: t.field({ type: 'BulkLimit', defaultValue: 50, description: 'The most rows to act on (1 to 50); defaults to 50.' }) }));

/** `limit` and `offset` of list fields. */
export const listArgs = builder.args((t) => ({
  ...limit,
  offset: t.field({ type: 'NonNegativeInt', defaultValue: 0, description: 'How many results to skip before the first one returned.' }),
}));

/** `limit` and `page` of /paginate fields. */
export const pageArgs = builder.args((t) => ({
  ...limit,
  page: t.field({ type: 'PositiveInt', defaultValue: 1, description: 'The page to return, counting from 1; each page holds `limit` results.' }),
}));

/**
 * One page of a /paginate route. `find` holds the Prisma arguments of the
 * page's rows: the `results` field runs them with the nested selection merged
 * in, so relations below stay one statement per level.
 */
export interface Page {
  find: { where: object; orderBy: object[]; take: number; skip: number };
  count: number;
  limit: number;
  pages: number;
  page: number;
}

export function pageOf(find: Omit<Page['find'], 'take' | 'skip'>, count: number, limit: number, page: number): Page {
  return { find: { ...find, take: limit, skip: (page - 1) * limit }, count, limit, pages: limit === 0 ? 0 : Math.ceil(count / limit), page };
}

/** The `{results, count, limit, pages, page}` type of a /paginate route. */
export function paginationType(name: string, fields: (t: any) => { results: any }) {
  const noun = name
    .replace(/PaginationResponse$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return builder.objectRef<Page>(name).implement({
    description: `One page of ${noun}s, with the total count and the number of pages.`,
    fields: (t) => ({
      ...fields(t),
      count: t.exposeInt('count', { description: `How many ${noun}s match the filters, on all pages.` }),
      limit: t.exposeInt('limit', { description: 'The most results a page holds.' }),
      pages: t.exposeInt('pages', { description: 'How many pages the matching results fill (0 when `limit` is 0).' }),
      page: t.exposeInt('page', { description: 'The number of this page, counting from 1.' }),
    }),
  });
}
