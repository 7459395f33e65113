// Tag-based concurrency limits (v1, §3): an adapter over the global limits
// named `tag:<tag>`. A task run's slots are leases (holder task_run, ~100
// years), so `active_slots` lists their holders. No rows of Prefect's old
// `concurrency_limit` table exist here, so its fallbacks are "not found".
import { ValidationError, httpError, isUniqueViolation, type ValidationItem } from '../../errors.ts';
import { markCreated, type Context } from '../../graphql/context.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import { emitLimitEvent } from '../concurrency-limits/events.ts';
import { pythonFloat } from '../concurrency-limits/jitter.ts';
import { V1_LEASE_TTL_SECONDS, activeLeasesFor, createLease, releaseLease, revokeActiveLeasesOf, taskRunHoldersByLimit } from '../concurrency-limits/leases.ts';
import { incrementSlots, limitById, limitByName, limitsByNames, selectLimits, slotWaits, type LimitRow } from '../concurrency-limits/slots.ts';
import type { Client } from '../concurrency-limits/sql.ts';
import type { MinimalLimit } from '../concurrency-limits/types.ts';
import type { TagLimit } from './types.ts';

export const TAG_LIMIT_NOT_FOUND = 'Concurrency limit not found';
const NAME_PATTERN = '^[^/%&><]+$';
const NAME_REGEX = new RegExp(NAME_PATTERN, 'u');

export const TAG_PREFIX = 'tag:';
export const tagLimitName = (tag: string) => `${TAG_PREFIX}${tag}`;

export const zeroLimitReason = (tag: string) => `The concurrency limit on tag "${tag}" is 0 and will deadlock if the task tries to run again.`;

async function asTagLimits(client: Client, rows: LimitRow[]): Promise<TagLimit[]> {
  const holders = await taskRunHoldersByLimit(
    client,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    created: r.created,
    updated: r.updated,
    tag: r.name.slice(TAG_PREFIX.length),
    concurrency_limit: r.limit,
    active_slots: holders.get(r.id) ?? [],
  }));
}

const one = async (client: Client, row: LimitRow) => (await asTagLimits(client, [row]))[0];

/**
 * Upsert on `tag:<tag>`: 201 when this request's insert created the row (the
 * unique name index decides between racing creates), else the limit is
 * updated (200). A negative limit is taken on create, as Prefect does, but
 * refused on update (Prefect's 500 there is a 422 here).
 */
export async function createTagLimit(ctx: Context, input: { tag: string; concurrency_limit: number }): Promise<TagLimit> {
  const name = tagLimitName(input.tag);
  if (!NAME_REGEX.test(name)) {
    throw new ValidationError([
      { type: 'string_pattern_mismatch', loc: ['body', 'tag'], msg: `String should match pattern '${NAME_PATTERN}'`, input: input.tag, ctx: { pattern: NAME_PATTERN } },
    ]);
  }
  for (;;) {
    const existing = await limitByName(ctx.db, name);
    if (existing) {
      if (input.concurrency_limit < 0) {
        const item: ValidationItem = {
          type: 'greater_than_equal',
          loc: ['body', 'concurrency_limit'],
          msg: 'Input should be greater than or equal to 0',
          input: input.concurrency_limit,
          ctx: { ge: 0 },
        };
        throw new ValidationError([item]);
      }
      const { count } = await ctx.db.concurrencyLimitV2.updateMany({ where: { name }, data: { limit: input.concurrency_limit, updated: new Date() } });
      const row = count > 0 ? await limitByName(ctx.db, name) : null;
      if (!row) continue; // deleted meanwhile: create it
      emitLimitEvent(ctx.events, 'updated', row);
      return one(ctx.db, row);
    }
    try {
      const row = await ctx.db.concurrencyLimitV2.create({ data: { name, limit: input.concurrency_limit, active: true } });
      markCreated(ctx);
      emitLimitEvent(ctx.events, 'created', row);
      return { id: row.id, created: row.created, updated: row.updated, tag: input.tag, concurrency_limit: row.limit, active_slots: [] };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

export async function readTagLimitById(ctx: Context, id: string): Promise<TagLimit> {
  const row = await limitById(ctx.db, id);
  if (!row?.name.startsWith(TAG_PREFIX)) throw httpError(404, TAG_LIMIT_NOT_FOUND);
  return one(ctx.db, row);
}

export async function readTagLimitByTag(ctx: Context, tag: string): Promise<TagLimit> {
  const row = await limitByName(ctx.db, tagLimitName(tag));
  if (!row) throw httpError(404, TAG_LIMIT_NOT_FOUND);
  return one(ctx.db, row);
}

/**
 * Prefect's window: the first limit + offset global limits by name (tag or
 * not), the tag ones kept, then [offset, offset + limit) of those.
 */
export async function readTagLimits(ctx: Context, limit: number, offset: number): Promise<TagLimit[]> {
  const rows = await selectLimits(ctx.db, '1 = 1', [limit + offset], 'ORDER BY name, id LIMIT $1');
  const tagRows = rows.filter((r) => r.name.startsWith(TAG_PREFIX));
  return (await asTagLimits(ctx.db, tagRows)).slice(offset, offset + limit);
}

/** Revokes the limit's unexpired leases (its counter is left alone), then one slot and lease per override id. */
export async function resetTagLimit(ctx: Context, tag: string, slotOverride: readonly string[] | null | undefined): Promise<null> {
  const waits = slotWaits(ctx.settings);
  await inRunTransaction(ctx.db, async (tx) => {
    const row = await limitByName(tx, tagLimitName(tag));
    if (!row) throw httpError(404, TAG_LIMIT_NOT_FOUND);
    await revokeActiveLeasesOf(tx, row.id);
    for (const taskRunId of slotOverride ?? []) {
      await incrementSlots(tx, [row.id], 1, waits);
      await createLease(tx, { resourceIds: [row.id], ttlSeconds: V1_LEASE_TTL_SECONDS, slots: 1, holder: { type: 'task_run', id: taskRunId } });
    }
  });
  return null;
}

async function deleteLimitRow(ctx: Context, find: (tx: Client) => Promise<LimitRow | null>): Promise<null> {
  const deleted = await inRunTransaction(ctx.db, async (tx) => {
    const row = await find(tx);
    if (!row) throw httpError(404, TAG_LIMIT_NOT_FOUND);
    await revokeActiveLeasesOf(tx, row.id);
    await tx.concurrencyLimitV2.deleteMany({ where: { id: row.id } });
    return row;
  });
  emitLimitEvent(ctx.events, 'deleted', deleted);
  return null;
}

/** By id: any global limit (tag or not); its unexpired leases are revoked. */
export const deleteTagLimitById = (ctx: Context, id: string) => deleteLimitRow(ctx, (tx) => limitById(tx, id));

export const deleteTagLimitByTag = (ctx: Context, tag: string) => deleteLimitRow(ctx, (tx) => limitByName(tx, tagLimitName(tag)));

/**
 * One slot on every active `tag:` limit of `names`, all or none, held by one
 * lease of the task run. A zero limit (even inactive) is a 423 without
 * Retry-After; a full one a 423 naming the first tag, with Retry-After.
 */
export async function incrementTagLimits(ctx: Context, names: readonly string[], taskRunId: string): Promise<MinimalLimit[]> {
  const waits = slotWaits(ctx.settings);
  const tags = [...new Set(names)];
  return inRunTransaction(ctx.db, async (tx) => {
    const byName = new Map((await limitsByNames(tx, tags.map(tagLimitName))).map((r) => [r.name, r]));
    for (const tag of tags) {
      if (byName.get(tagLimitName(tag))?.limit === 0) throw httpError(423, zeroLimitReason(tag));
    }
    const taken = tags.flatMap((tag) => {
      const row = byName.get(tagLimitName(tag));
      return row?.active ? [{ tag, row }] : [];
    });
    if (taken.length === 0) return [];
    const ids = taken.map((t) => t.row.id);
    if (!(await incrementSlots(tx, ids, 1, waits))) {
      throw httpError(423, `Concurrency limit for the ${taken[0].tag} tag has been reached`).withHeaders({
        'Retry-After': pythonFloat(ctx.settings.concurrency.tagSlotWaitSeconds),
      });
    }
    await createLease(tx, { resourceIds: ids, ttlSeconds: V1_LEASE_TTL_SECONDS, slots: 1, holder: { type: 'task_run', id: taskRunId } });
    return taken.map(({ tag, row }) => ({ id: row.id, name: tag, limit: row.limit }));
  });
}

/** Releases the task run's leases on those limits; answers every `tag:` limit found (prefixed names). */
export async function decrementTagLimits(ctx: Context, names: readonly string[], taskRunId: string): Promise<MinimalLimit[]> {
  const waits = slotWaits(ctx.settings);
  return inRunTransaction(ctx.db, async (tx) => {
    const rows = await limitsByNames(tx, names.map(tagLimitName));
    if (rows.length === 0) return [];
    const leases = await activeLeasesFor(
      tx,
      rows.map((r) => r.id),
    );
    const mine = new Set(leases.filter((l) => l.holder?.id === taskRunId).map((l) => l.id));
    for (const leaseId of mine) await releaseLease(tx, leaseId, waits, { slotsWithoutMetadata: 0 });
    return rows.map((r) => ({ id: r.id, name: r.name, limit: r.limit }));
  });
}
