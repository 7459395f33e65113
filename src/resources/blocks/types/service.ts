// Block type rules (blocks §2): create with Prefect's checks and escaping,
// reads by id and slug, filter, update (skipped when nothing changes), delete
// (protected types refused).
import { httpError, isMissingRecord, isUniqueViolation, notFound, type ValidationItem } from '../../../errors.ts';
import type { Context } from '../../../graphql/context.ts';
import { publishCommitted } from '../../../events/emitters/publish.ts';
import { resolveLimit } from '../../../pagination.ts';
import { blockTypeWhere, type BlockTypeListArgs } from '../filters.ts';
import { blockTypeEvent } from '../events.ts';
import { clearDefaultStorageIfAmong } from '../storage.ts';
import { checkSlug, htmlEscape, htmlUnescape, throwItems } from '../validation.ts';

export const BLOCK_TYPE_NOT_FOUND = 'Block type not found';

export interface BlockTypeInput {
  name: string;
  slug: string;
  logo_url?: string | null;
  documentation_url?: string | null;
  description?: string | null;
  code_example?: string | null;
}

export type BlockTypeUpdateInput = Partial<Pick<BlockTypeInput, 'logo_url' | 'documentation_url' | 'description' | 'code_example'>>;

/** The columns the create path writes: URLs whitespace-stripped, description and example HTML-escaped (blocks §2.1–2.2). */
export function createColumns(input: BlockTypeInput) {
  const strip = (v: string | null | undefined) => (v == null ? null : v.trim());
  const escapeHtml = (v: string | null | undefined) => (v == null ? null : htmlEscape(v));
  return {
    name: input.name,
    slug: input.slug,
    logo_url: strip(input.logo_url),
    documentation_url: strip(input.documentation_url),
    description: escapeHtml(input.description),
    code_example: escapeHtml(input.code_example),
  };
}

export async function createBlockType(ctx: Context, input: BlockTypeInput) {
  const items: ValidationItem[] = [];
  checkSlug(input.slug, items);
  throwItems(items);
  if (input.name.toLowerCase().startsWith('prefect')) throw httpError(403, "Block type names beginning with 'Prefect' are reserved.");
  try {
    const type = await ctx.db.blockType.create({ data: { ...createColumns(input), is_protected: false } });
    publishCommitted(ctx.events, [blockTypeEvent('created', type)]);
    return type;
  } catch (error) {
    // The conflict is on the slug, but Prefect's message names the submitted name.
    if (isUniqueViolation(error)) throw httpError(409, `Block type with name "${input.name}" already exists`);
    throw error;
  }
}

export async function readBlockType(ctx: Context, id: string) {
  const type = await ctx.db.blockType.findUnique({ where: { id } });
  if (!type) throw notFound(BLOCK_TYPE_NOT_FOUND);
  return type;
}

export async function readBlockTypeBySlug(ctx: Context, slug: string) {
  const type = await ctx.db.blockType.findUnique({ where: { slug } });
  if (!type) throw notFound(BLOCK_TYPE_NOT_FOUND);
  return type;
}

export async function readBlockTypes(ctx: Context, args: BlockTypeListArgs & { limit?: number | null; offset?: number | null }) {
  const take = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const where = await blockTypeWhere(ctx.db, ctx, args);
  return ctx.db.blockType.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take, skip: args.offset ?? 0 });
}

const UPDATABLE = ['logo_url', 'documentation_url', 'description', 'code_example'] as const;

/** Prefect's _should_update_block_type: the body's fields (only those given) differ from the stored ones, HTML-unescaped. */
function changes(input: BlockTypeUpdateInput, stored: Record<(typeof UPDATABLE)[number], string | null>): boolean {
  const given = UPDATABLE.filter((k) => input[k] !== undefined);
  if (given.length !== UPDATABLE.length) return true;
  const norm = (k: (typeof UPDATABLE)[number], v: string | null | undefined) => (v != null && (k === 'description' || k === 'code_example') ? htmlUnescape(v) : v);
  return UPDATABLE.some((k) => norm(k, input[k]) !== norm(k, stored[k]));
}

export async function updateBlockType(ctx: Context, id: string, input: BlockTypeUpdateInput) {
  const stored = await readBlockType(ctx, id);
  if (!changes(input, stored)) return true;
  const data = Object.fromEntries(UPDATABLE.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
  try {
    const type = await ctx.db.blockType.update({ where: { id }, data: { ...data, updated: new Date() } });
    publishCommitted(ctx.events, [blockTypeEvent('updated', type)]);
  } catch (error) {
    if (isMissingRecord(error)) throw notFound(BLOCK_TYPE_NOT_FOUND);
    throw error;
  }
  return true;
}

export async function deleteBlockType(ctx: Context, id: string) {
  const type = await ctx.db.$transaction(async (tx) => {
    const found = await tx.blockType.findUnique({ where: { id } });
    if (!found) throw notFound(BLOCK_TYPE_NOT_FOUND);
    if (found.is_protected) throw httpError(403, 'protected block types cannot be deleted.');
    await clearDefaultStorageIfAmong(tx, { block_type_id: id });
    // Schemas and documents cascade (no per-document events, as Prefect).
    await tx.blockType.delete({ where: { id } });
    return found;
  });
  publishCommitted(ctx.events, [blockTypeEvent('deleted', type)]);
  return true;
}
