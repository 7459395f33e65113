// Block schema routes (blocks §3): create (201, or 200 with the existing
// schema of that checksum and version), reads, filter, delete, capabilities.
import { httpError, notFound, type ValidationItem } from '../../../errors.ts';
import { markCreated, type Context } from '../../../graphql/context.ts';
import { resolveLimit } from '../../../pagination.ts';
import { blockSchemaWhere } from '../filters.ts';
import { clearDefaultStorageIfAmong } from '../storage.ts';
import { checkObject, throwItems } from '../validation.ts';
import { availableCapabilities } from './capabilities.ts';
import { blockSchemaChecksum } from './checksum.ts';
import { createSchemaIn, findByChecksum, type SchemaInput } from './insert.ts';
import { readBlockSchemaResponse, readBlockSchemaResponses, type BlockSchemaResponse } from './read.ts';

export const BLOCK_SCHEMA_NOT_FOUND = 'Block schema not found';

export async function createBlockSchema(ctx: Context, input: { fields?: unknown; block_type_id: string; capabilities?: string[] | null; version?: string | null }) {
  const items: ValidationItem[] = [];
  checkObject(input.fields, ['body', 'fields'], items);
  throwItems(items);
  const schema: SchemaInput = {
    fields: (input.fields as Record<string, unknown> | undefined) ?? {},
    block_type_id: input.block_type_id,
    capabilities: input.capabilities ?? [],
    version: input.version ?? 'non-versioned',
  };
  const result = await ctx.db.$transaction(async (tx) => {
    const type = await tx.blockType.findUnique({ where: { id: schema.block_type_id } });
    if (!type) throw notFound(`Block type ${schema.block_type_id} not found.`);
    // The checksum of the fields as sent decides "exists" (Prefect's route does the same before creating).
    const existing = await findByChecksum(tx, blockSchemaChecksum(schema.fields), schema.version);
    if (existing) return { id: existing.id, created: false, fields: {} };
    return createSchemaIn(tx, schema);
  });
  const response = (await readBlockSchemaResponse(ctx.db, result.id))!;
  if (!result.created) return response;
  markCreated(ctx);
  return { ...response, fields: result.fields };
}

export async function readBlockSchema(ctx: Context, id: string): Promise<BlockSchemaResponse> {
  const schema = await readBlockSchemaResponse(ctx.db, id);
  if (!schema) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
  return schema;
}

export async function readBlockSchemaByChecksum(ctx: Context, checksum: string, version?: string | null): Promise<BlockSchemaResponse> {
  const row = await findByChecksum(ctx.db, checksum, version);
  if (!row) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
  return readBlockSchema(ctx, row.id);
}

export async function readBlockSchemas(ctx: Context, args: { block_schemas?: Record<string, unknown> | null; limit?: number | null; offset?: number | null }) {
  const take = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const where = await blockSchemaWhere(ctx.db, ctx, args);
  const ids = await ctx.db.blockSchema.findMany({ where, orderBy: [{ created: 'desc' }, { id: 'desc' }], take, skip: args.offset ?? 0, select: { id: true } });
  return readBlockSchemaResponses(
    ctx.db,
    ids.map((r) => r.id),
  );
}

export async function deleteBlockSchema(ctx: Context, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const schema = await tx.blockSchema.findUnique({ where: { id }, include: { block_type: { select: { is_protected: true } } } });
    if (!schema) throw notFound(BLOCK_SCHEMA_NOT_FOUND);
    if (schema.block_type.is_protected) throw httpError(403, 'Block schemas for protected block types cannot be deleted.');
    await clearDefaultStorageIfAmong(tx, { block_schema_id: id });
    await tx.blockSchema.delete({ where: { id } });
  });
  return true;
}

export const readBlockCapabilities = (ctx: Context) => availableCapabilities(ctx.db, ctx.target.provider);
