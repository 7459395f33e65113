// Block document routes (blocks §5, §2.6): create (references, anonymous
// names), reads with secrets obfuscated unless asked, filter/count, PATCH with
// Prefect's merge rules, delete. Every write is one transaction; events are
// published after it commits (none for anonymous documents).
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../../generated/sqlite/client.ts';
import { INTEGRITY_CONFLICT, httpError, isUniqueViolation, notFound, ValidationError, type ValidationItem } from '../../../errors.ts';
import type { Context } from '../../../graphql/context.ts';
import { publishCommitted } from '../../../events/emitters/publish.ts';
import { resolveLimit } from '../../../pagination.ts';
import { storedData } from '../data.ts';
import { blockDocumentEvent } from '../events.ts';
import { blockDocumentWhere, type BlockDocumentListArgs } from '../filters.ts';
import { clearDefaultStorageIfAmong } from '../storage.ts';
import { BlockDocumentSort } from '../types.ts';
import { BLOCK_TYPE_NOT_FOUND } from '../types/service.ts';
import { checkDocumentName, checkObject, throwItems } from '../validation.ts';
import { readBlockDocumentResponse, readBlockDocumentResponses, type BlockDocumentResponse } from './read.ts';
import { addReference, splitReferences } from './references.ts';
import { keepObfuscatedSecrets, secretFieldsOf } from './secrets.ts';

export const BLOCK_DOCUMENT_NOT_FOUND = 'Block document not found';

export interface BlockDocumentInput {
  name?: string | null;
  data?: unknown;
  block_schema_id: string;
  block_type_id: string;
  is_anonymous?: boolean | null;
}

function checkCreate(input: BlockDocumentInput) {
  // Prefect's model validator runs before the fields are validated: alone when it fails.
  if (!input.is_anonymous && !input.name) {
    throw new ValidationError([{ type: 'value_error', loc: ['body'], msg: 'Value error, Names must be provided for block documents.', input, ctx: { error: {} } }]);
  }
  const items: ValidationItem[] = [];
  checkDocumentName(input.name, items);
  checkObject(input.data, ['body', 'data'], items);
  throwItems(items);
}

export async function createBlockDocument(ctx: Context, input: BlockDocumentInput): Promise<BlockDocumentResponse> {
  checkCreate(input);
  const id = await ctx.db
    .$transaction(async (tx) => {
      if (input.name) {
        const taken = await tx.blockDocument.count({ where: { block_type_id: input.block_type_id, name: input.name } });
        if (taken > 0) throw httpError(409, 'Block already exists');
      }
      const type = await tx.blockType.findUnique({ where: { id: input.block_type_id }, select: { name: true } });
      if (!type) throw notFound(`Block type ${input.block_type_id} not found.`);
      const split = splitReferences((input.data as Record<string, unknown> | undefined) ?? {});
      // An unknown schema fails the foreign key in Prefect: the generic 409.
      if ((await tx.blockSchema.count({ where: { id: input.block_schema_id } })) === 0) throw INTEGRITY_CONFLICT;
      const row = await tx.blockDocument.create({
        select: { id: true },
        data: {
          name: input.is_anonymous && !input.name ? `anonymous-${randomUUID()}` : input.name!,
          data: split.data as Prisma.InputJsonObject,
          is_anonymous: input.is_anonymous ?? false,
          block_type_name: type.name,
          block_type_id: input.block_type_id,
          block_schema_id: input.block_schema_id,
        },
      });
      for (const ref of split.references) await addReference(tx, row.id, ref.name, ref.child);
      return row.id;
    })
    .catch((error: unknown) => {
      // A concurrent create of the same (type, name) lost on the unique index.
      if (isUniqueViolation(error)) throw httpError(409, 'Block already exists');
      throw error;
    });
  const doc = (await readBlockDocumentResponse(ctx.db, id, false))!;
  if (!doc.is_anonymous) publishCommitted(ctx.events, [blockDocumentEvent('created', doc)]);
  return doc;
}

export async function readBlockDocument(ctx: Context, id: string, includeSecrets: boolean) {
  const doc = await readBlockDocumentResponse(ctx.db, id, includeSecrets);
  if (!doc) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
  return doc;
}

export async function readBlockDocumentsOfType(ctx: Context, slug: string, includeSecrets: boolean) {
  const type = await ctx.db.blockType.findUnique({ where: { slug }, select: { id: true } });
  if (!type) throw notFound(BLOCK_TYPE_NOT_FOUND);
  const rows = await ctx.db.blockDocument.findMany({ where: { block_type_id: type.id, is_anonymous: false }, orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true } });
  return readBlockDocumentResponses(
    ctx.db,
    rows.map((r) => r.id),
    includeSecrets,
  );
}

export async function readBlockDocumentOfTypeByName(ctx: Context, slug: string, name: string, includeSecrets: boolean) {
  const row = await ctx.db.blockDocument.findFirst({ where: { name, block_type: { slug } }, select: { id: true } });
  if (!row) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
  return readBlockDocument(ctx, row.id, includeSecrets);
}

export interface BlockDocumentReadArgs extends BlockDocumentListArgs {
  include_secrets?: boolean | null;
  sort?: string | null;
  limit?: number | null;
  offset?: number | null;
}

export async function readBlockDocuments(ctx: Context, args: BlockDocumentReadArgs) {
  const take = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const where = await blockDocumentWhere(ctx.db, ctx, args);
  const orderBy = BlockDocumentSort.orderBy((args.sort ?? 'NAME_ASC') as never);
  const rows = await ctx.db.blockDocument.findMany({ where, orderBy: orderBy as never, take, skip: args.offset ?? 0, select: { id: true } });
  return readBlockDocumentResponses(
    ctx.db,
    rows.map((r) => r.id),
    args.include_secrets ?? false,
  );
}

export async function countBlockDocuments(ctx: Context, args: BlockDocumentListArgs) {
  return ctx.db.blockDocument.count({ where: await blockDocumentWhere(ctx.db, ctx, args) });
}

export interface BlockDocumentUpdateInput {
  block_schema_id?: string | null;
  data?: unknown;
  merge_existing_data?: boolean | null;
}

export async function updateBlockDocument(ctx: Context, id: string, input: BlockDocumentUpdateInput) {
  const items: ValidationItem[] = [];
  // `data` is a dict that may be absent but not null.
  if (input.data === null) items.push({ type: 'dict_type', loc: ['body', 'data'], msg: 'Input should be a valid dictionary', input: null });
  checkObject(input.data ?? undefined, ['body', 'data'], items);
  throwItems(items);
  const merge = input.merge_existing_data ?? true;
  await ctx.db.$transaction(async (tx) => {
    const current = await tx.blockDocument.findUnique({ where: { id }, include: { block_schema: { select: { fields: true } } } });
    if (!current) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
    // Merging with no data: nothing is written (block_schema_id is ignored too).
    if (merge && input.data === undefined) return;
    const stored = storedData(current.data);
    const incoming = keepObfuscatedSecrets((input.data as Record<string, unknown> | undefined) ?? {}, stored, secretFieldsOf(current.block_schema.fields));
    const next = merge ? { ...stored, ...incoming } : incoming;
    const split = splitReferences(next);
    const schemaId = input.block_schema_id;
    if (schemaId != null && schemaId !== current.block_schema_id) {
      const proposed = await tx.blockSchema.findUnique({ where: { id: schemaId }, select: { block_type_id: true } });
      if (!proposed) throw notFound('Block schema not found');
      if (proposed.block_type_id !== current.block_type_id) throw httpError(400, 'Must migrate block document to a block schema of the same block type.');
    }
    await tx.blockDocument.update({
      where: { id },
      data: {
        data: split.data as Prisma.InputJsonObject,
        updated: new Date(),
        ...(schemaId != null && schemaId !== current.block_schema_id ? { block_schema_id: schemaId } : {}),
      },
    });
    // Keep rows whose (name, child) reappear, add new ones, drop the rest.
    const existing = await tx.blockDocumentReference.findMany({ where: { parent_block_document_id: id } });
    const kept = new Set<string>();
    for (const ref of split.references) {
      const match = existing.find((row) => row.name === ref.name && row.reference_block_document_id === ref.child && !kept.has(row.id));
      if (match) kept.add(match.id);
      else await addReference(tx, id, ref.name, ref.child);
    }
    const stale = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
    if (stale.length > 0) await tx.blockDocumentReference.deleteMany({ where: { id: { in: stale } } });
  });
  // Emitted even when nothing changed, except for anonymous documents.
  const doc = await readBlockDocumentResponse(ctx.db, id, false);
  if (doc && !doc.is_anonymous) publishCommitted(ctx.events, [blockDocumentEvent('updated', doc)]);
  return true;
}

export async function deleteBlockDocument(ctx: Context, id: string) {
  const doc = await readBlockDocumentResponse(ctx.db, id, false);
  if (!doc) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
  const deleted = await ctx.db.$transaction(async (tx) => {
    await clearDefaultStorageIfAmong(tx, { id });
    return (await tx.blockDocument.deleteMany({ where: { id } })).count;
  });
  if (deleted === 0) throw notFound(BLOCK_DOCUMENT_NOT_FOUND);
  if (!doc.is_anonymous) publishCommitted(ctx.events, [blockDocumentEvent('deleted', doc)]);
  return true;
}
