// The server's default result storage (/admin/storage, conventions §2.3): one
// value in the `configuration` table under a fixed key.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { checkResultStorageBlock } from '../blocks/storage.ts';

const KEY = 'server-default-result-storage';

interface StorageDefaults {
  default_result_storage_block_id: string | null;
}

const StorageDefaultsRef = builder.objectRef<StorageDefaults>('ServerDefaultResultStorage').implement({
  description: "The block document the server's flows store results in by default.",
  fields: (t) => ({
    default_result_storage_block_id: t.expose('default_result_storage_block_id', {
      description: 'The block document ID of the server default result storage block.',
      type: 'UUID',
      nullable: true,
    }),
  }),
});

// Not an action schema in Prefect: unknown keys are ignored (see src/rest/coerce.ts).
const StorageDefaultsUpdate = builder.inputType('ServerDefaultResultStorageUpdate', {
  description: 'Request payload for setting the server default result storage block.',
  extensions: { unknownKeys: 'ignore' },
  fields: (t) => ({
    default_result_storage_block_id: t.field({ description: 'The block document ID of the server default result storage block.', type: 'UUID', required: true }),
  }),
});

async function readStorageDefaults(ctx: Context): Promise<StorageDefaults> {
  const row = await ctx.db.configuration.findUnique({ where: { key: KEY } });
  const value = (row?.value ?? {}) as Partial<StorageDefaults>;
  return { default_result_storage_block_id: value.default_result_storage_block_id ?? null };
}

builder.queryFields((t) => ({
  read_server_default_result_storage: t.field({
    type: StorageDefaultsRef,
    description: 'The default result storage block of this server (null when unset).',
    resolve: (_root, _args, ctx) => readStorageDefaults(ctx),
  }),
}));

builder.mutationFields((t) => ({
  update_server_default_result_storage: t.field({
    type: StorageDefaultsRef,
    description: 'Set the default result storage block (a block document with the write-path capability).',
    args: { storage: t.arg({ description: 'Request payload for setting the server default result storage block.', type: StorageDefaultsUpdate, required: true }) },
    resolve: async (_root, { storage }, ctx) => {
      const id = storage.default_result_storage_block_id as string;
      // The document must exist (404) and its schema have `write-path` (422).
      await checkResultStorageBlock(ctx.db, id);
      const value = { default_result_storage_block_id: id };
      await ctx.db.configuration.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
      return value;
    },
  }),
  clear_server_default_result_storage: t.boolean({
    description: 'Unset the default result storage (also when nothing was set).',
    resolve: async (_root, _args, ctx) => {
      await ctx.db.configuration.deleteMany({ where: { key: KEY } });
      return true;
    },
  }),
}));
