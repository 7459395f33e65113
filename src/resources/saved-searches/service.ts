// Saved searches (§8): an upsert on the name decided by the database, reads,
// and deletes.
import { checkStorable } from '../../db/unstorable-text.ts';
import { ValidationError, notFound, type ValidationItem } from '../../errors.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import type { SavedSearchFilterValue, SavedSearchRow } from './types.ts';

const SAVED_SEARCH_NOT_FOUND = 'Saved search not found';

export interface SavedSearchInput {
  name: string;
  filters?: Partial<SavedSearchFilterValue>[] | null;
}

/** Each filter needs its `value` key (null is a value); the other keys are checked by the input type. */
function checkedFilters(filters: Partial<SavedSearchFilterValue>[]): SavedSearchFilterValue[] {
  const items: ValidationItem[] = [];
  filters.forEach((filter, i) => {
    if (!('value' in filter) || filter.value === undefined) items.push({ type: 'missing', loc: ['body', 'filters', i, 'value'], msg: 'Field required', input: filter });
  });
  if (items.length > 0) throw new ValidationError(items);
  filters.forEach((filter, i) => checkStorable({ ...filter }, ['body', 'filters', i]));
  // Prefect's key order, whatever the client's.
  return filters.map((f) => ({ object: f.object!, property: f.property!, type: f.type!, operation: f.operation!, value: f.value ?? null }));
}

/**
 * One INSERT ... ON CONFLICT (name) DO UPDATE SET filters: a new name is
 * inserted (201), a taken one gets only its filters replaced (200; id, created
 * and, as in Prefect, updated stay). The row returned tells which: its id is
 * the fresh one this request generated only when this request inserted it.
 */
export async function upsertSavedSearch(ctx: Context, input: SavedSearchInput): Promise<SavedSearchRow> {
  const filters = JSON.stringify(checkedFilters(input.filters ?? []));
  const id = crypto.randomUUID();
  const now = new Date();
  const rows =
    ctx.target.provider === 'postgresql'
      ? await ctx.db.$queryRawUnsafe<{ id: string }[]>(
          'INSERT INTO saved_search (id, name, filters, created, updated) VALUES ($1::uuid, $2, $3::jsonb, $4::timestamptz, $4::timestamptz) ' +
            'ON CONFLICT (name) DO UPDATE SET filters = excluded.filters RETURNING id::text AS id',
          id,
          input.name,
          filters,
          now.toISOString(),
        )
      : await ctx.db.$queryRawUnsafe<{ id: string }[]>(
          'INSERT INTO saved_search (id, name, filters, created, updated) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET filters = excluded.filters RETURNING id',
          id,
          input.name,
          filters,
          now,
          now,
        );
  const storedId = String(rows[0].id);
  if (storedId === id) markCreated(ctx);
  return readSavedSearch(ctx, storedId);
}

export async function readSavedSearch(ctx: Context, id: string): Promise<SavedSearchRow> {
  const search = await ctx.db.savedSearch.findUnique({ where: { id } });
  if (!search) throw notFound(SAVED_SEARCH_NOT_FOUND);
  return search;
}

export async function deleteSavedSearch(ctx: Context, id: string): Promise<boolean> {
  const { count } = await ctx.db.savedSearch.deleteMany({ where: { id } });
  if (count === 0) throw notFound(SAVED_SEARCH_NOT_FOUND);
  return true;
}
