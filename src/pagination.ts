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

const limit = builder.args((t) => ({
  limit: t.int({ description: 'Defaults to PREFECT_SERVER_API_DEFAULT_LIMIT (200), which is also the maximum.' }),
}));

/** `limit` and `offset` of list fields. */
export const listArgs = builder.args((t) => ({ ...limit, offset: t.field({ type: 'NonNegativeInt', defaultValue: 0 }) }));

/** `limit` and `page` of /paginate fields. */
export const pageArgs = builder.args((t) => ({ ...limit, page: t.field({ type: 'PositiveInt', defaultValue: 1 }) }));

export interface Page<T> {
  results: T;
  count: number;
  limit: number;
  pages: number;
  page: number;
}

export function pageOf<T>(results: T, count: number, limit: number, page: number): Page<T> {
  return { results, count, limit, pages: limit === 0 ? 0 : Math.ceil(count / limit), page };
}

/** The `{results, count, limit, pages, page}` type of a /paginate route. */
export function paginationType(name: string, fields: (t: any) => { results: any }) {
  return builder.objectRef<Page<any>>(name).implement({
    fields: (t) => ({
      ...fields(t),
      count: t.exposeInt('count'),
      limit: t.exposeInt('limit'),
      pages: t.exposeInt('pages'),
      page: t.exposeInt('page'),
    }),
  });
}
