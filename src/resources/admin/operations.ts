// Root, health and admin operations (api/server.py, api/root.py, api/admin.py).
import { ApiError } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { databaseProblem } from '../../db/client.ts';
import { clearDatabase, createDatabase, dropDatabase } from '../../db/admin.ts';
import { PREFECT_VERSION, SERVER_API_VERSION } from '../../version.ts';
import type { Context } from '../../graphql/context.ts';

builder.queryFields((t) => ({
  health_check: t.boolean({ description: 'Always true while the server answers; does not touch the database.', resolve: () => true }),
  server_version: t.string({ description: "The server's API version.", resolve: () => SERVER_API_VERSION }),
  hello: t.string({ description: 'Say hello!', resolve: () => '👋' }),
  perform_readiness_check: t.field({
    type: 'JSON',
    description: '{"message": "OK"} when the database answers and can take writes; otherwise a SERVICE_UNAVAILABLE error.',
    resolve: async (_root, _args, ctx) => {
      const notReady = (why: string) => new ApiError(503, { message: 'Database is not available' }, `Database is not available: ${why}`);
      try {
        await ctx.db.$queryRawUnsafe('SELECT 1');
      } catch (error) {
        throw notReady((error as Error).message?.split('\n')[0] ?? String(error));
      }
      // An open SQLite connection still answers after its file was deleted.
      const problem = databaseProblem(ctx.db);
      if (problem) throw notReady(problem);
      return { message: 'OK' };
    },
  }),
  read_settings: t.field({
    type: 'JSON',
    description: "The server's effective settings, secrets obfuscated.",
    resolve: (_root, _args, ctx) => ctx.settings.publicJson,
  }),
  read_version: t.string({ description: 'The Prefect version this server answers as.', resolve: () => PREFECT_VERSION }),
}));

/** Admin database actions do nothing unless `confirm` is true (400, empty body). */
function confirmed(action: (ctx: Context) => Promise<unknown>) {
  return async (_root: unknown, args: { confirm?: boolean | null }, ctx: Context) => {
    if (args.confirm !== true) throw new ApiError(400, null, 'Pass confirm: true to run this action.');
    await action(ctx);
    return true;
  };
}

const confirmArg = builder.args((t) => ({ confirm: t.boolean({ defaultValue: false, description: 'Must be true.' }) }));

builder.mutationFields((t) => ({
  clear_database: t.boolean({
    description: 'Delete every row of every table, in one transaction.',
    args: confirmArg,
    resolve: confirmed((ctx) => clearDatabase(ctx.db)),
  }),
  drop_database: t.boolean({
    description: 'Drop every table of this server (create_database brings them back).',
    args: confirmArg,
    resolve: confirmed((ctx) => dropDatabase(ctx.target)),
  }),
  create_database: t.boolean({
    description: 'Create the schema by applying every migration not applied yet.',
    args: confirmArg,
    resolve: confirmed((ctx) => createDatabase(ctx.target)),
  }),
}));
