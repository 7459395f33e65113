// Artifacts (artifacts §3): create, read, latest by key, filtered lists and
// counts over both tables, update and delete. Writes run in one transaction
// (collections.ts) and publish their collection events after commit.
import type { Context } from '../../graphql/context.ts';
import { notFound } from '../../errors.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { FilterDef } from '../../filters/define.ts';
import type { OrderBy } from '../../filters/sort.ts';
import { compileOrderBy } from '../../filters/sql/order-by.ts';
import { Params, quote } from '../../filters/sql/params.ts';
import { compileRows } from '../../filters/sql/rows.ts';
import { compileWhere, newScope } from '../../filters/sql/where.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import { resolveLimit } from '../../pagination.ts';
import { checkStorable } from '../../db/unstorable-text.ts';
import { insertArtifact, newArtifact, patchArtifact, removeArtifact } from './collections.ts';
import { artifactModels, artifactWhere, type ArtifactListArgs, type ArtifactModel } from './where.ts';
import type { ArtifactCollectionRow, ArtifactCreateInput, ArtifactRow, ArtifactUpdateInput } from './types.ts';

export const NOT_FOUND = 'Artifact not found.';

export async function createArtifact(ctx: Context, input: ArtifactCreateInput): Promise<ArtifactRow> {
  checkStorable({ ...input });
  // One timestamp for the request (§3.1): the artifact's created and updated, and its collection's.
  const artifact = newArtifact(input);
  const events = await inRunTransaction(ctx.db, (tx) => insertArtifact(tx, artifact));
  publishCommitted(ctx.events, events);
  return artifact;
}

export async function readArtifact(ctx: Context, id: string): Promise<ArtifactRow> {
  const row = await ctx.db.artifact.findUnique({ where: { id } });
  if (!row) throw notFound(NOT_FOUND);
  return row as ArtifactRow;
}

/** §3.3: the collection row in the artifact's shape (its own id and times, no latest_id). */
export async function readLatestArtifact(ctx: Context, key: string): Promise<ArtifactRow> {
  const row = await ctx.db.artifactCollection.findUnique({ where: { key } });
  if (!row) throw notFound(NOT_FOUND);
  const { latest_id: _latest, ...shape } = row;
  return shape as ArtifactRow;
}

export async function updateArtifact(ctx: Context, id: string, input: ArtifactUpdateInput): Promise<boolean> {
  checkStorable({ ...input });
  const found = await inRunTransaction(ctx.db, (tx) => patchArtifact(tx, id, input));
  if (!found) throw notFound(NOT_FOUND);
  return true;
}

export async function deleteArtifact(ctx: Context, id: string): Promise<boolean> {
  const events = await inRunTransaction(ctx.db, (tx) => removeArtifact(tx, id));
  if (!events) throw notFound(NOT_FOUND);
  publishCommitted(ctx.events, events);
  return true;
}

export interface ListArgs extends ArtifactListArgs {
  sort?: string | null;
  limit?: number | null;
  offset?: number | null;
}

/** One SELECT over `model`'s table: the filter, the sort (id breaks ties), limit and offset in SQL. */
export async function readRows<T>(ctx: Context, model: ArtifactModel, filter: FilterDef, args: ListArgs, orderBy: OrderBy): Promise<T[]> {
  const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const offset = args.offset ?? 0;
  const where = artifactWhere(filter, args, ctx);
  if (limit === 0) return [];
  const models = artifactModels(ctx);
  const info = models.get(model)!;
  const params = new Params(ctx.target.provider);
  const rows = compileRows(models, info, 't', { columns: [...info.columns], joins: new Map() });
  const condition = compileWhere(newScope(models, params), info, 't', where);
  const sql = `SELECT ${rows.select} FROM ${quote(info.table)} t WHERE ${condition} ORDER BY ${compileOrderBy(info, 't', withId(orderBy))} LIMIT ${limit} OFFSET ${offset}`;
  const result = await ctx.db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params.values);
  return result.map(rows.decode) as T[];
}

export async function countRows(ctx: Context, model: ArtifactModel, filter: FilterDef, args: ArtifactListArgs): Promise<number> {
  const where = artifactWhere(filter, args, ctx);
  const models = artifactModels(ctx);
  const info = models.get(model)!;
  const params = new Params(ctx.target.provider);
  const condition = compileWhere(newScope(models, params), info, 't', where);
  const [row] = await ctx.db.$queryRawUnsafe<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM ${quote(info.table)} t WHERE ${condition}`, ...params.values);
  return Number(row.n);
}

const withId = (orderBy: OrderBy): OrderBy => (orderBy.some((term) => 'id' in term) ? orderBy : [...orderBy, { id: 'desc' }]);

export type { ArtifactCollectionRow };
