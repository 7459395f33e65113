// Root fields for saved searches, named after Prefect's operations (api/saved_searches.py).
import { builder } from '../../graphql/builder.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import { deleteSavedSearch, readSavedSearch, upsertSavedSearch } from './service.ts';
import { SavedSearch, SavedSearchCreate } from './types.ts';

builder.queryFields((t) => ({
  read_saved_search: t.field({
    type: SavedSearch,
    description: 'Get a saved search by id.',
    args: { id: t.arg({ description: 'The saved search id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readSavedSearch(ctx, args.id),
  }),
  read_saved_searches: t.field({
    type: [SavedSearch],
    description: 'Query for saved searches, by name.',
    args: listArgs,
    resolve: (_root, args, ctx) =>
      ctx.db.savedSearch.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: resolveLimit(args.limit, ctx.settings.api.defaultLimit), skip: args.offset ?? 0 }),
  }),
}));

builder.mutationFields((t) => ({
  create_saved_search: t.field({
    type: SavedSearch,
    description: 'Creates a new saved search; an existing name gets its filters replaced (REST: 201 created, 200 replaced).',
    args: { saved_search: t.arg({ description: 'Data used by the Prefect REST API to create a saved search.', type: SavedSearchCreate, required: true }) },
    resolve: (_root, args, ctx) => upsertSavedSearch(ctx, args.saved_search as never),
  }),
  delete_saved_search: t.boolean({
    description: 'Delete a saved search by id.',
    args: { id: t.arg({ description: 'The saved search id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteSavedSearch(ctx, args.id),
  }),
}));
