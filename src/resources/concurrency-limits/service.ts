// Global concurrency limits (v2): CRUD (§4.3), slots (§4.4), Retry-After (§4.5)
// and leases (§4.6). Every slot change is one conditional UPDATE inside one
// transaction per request; a refused acquisition rolls back whole.
import { ApiError, INTEGRITY_CONFLICT, ValidationError, httpError, isMissingRecord, type ValidationItem } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import type { Settings } from '../../settings.ts';
import { parseUuid } from '../../validation/uuid.ts';
import { InvalidInput } from '../../validation/invalid-input.ts';
import { emitLimitEvent } from './events.ts';
import { clampedPoissonInterval, pythonFloat } from './jitter.ts';
import { createLease, releaseLease, renewLease, type LeaseHolder } from './leases.ts';
import { decrementSlots, incrementSlots, limitById, limitByName, limitsByNames, selectLimits, slotWaits, type LimitRow } from './slots.ts';
import type { LimitWithLease, MinimalLimit } from './types.ts';

export const LIMIT_V2_NOT_FOUND = 'Concurrency Limit not found';
export const LEASE_NOT_FOUND = 'Lease not found - it may have expired or been revoked';

type Loc = (string | number)[];

/** `{id_or_name}`: anything that parses as a UUID is an id, everything else a name. */
export function parseIdOrName(value: string): { id: string } | { name: string } {
  try {
    return { id: parseUuid(value) };
  } catch {
    return { name: value };
  }
}

export function validate(items: ValidationItem[]): void {
  if (items.length > 0) throw new ValidationError(items);
}

function finite(value: number, loc: Loc, items: ValidationItem[]): boolean {
  if (Number.isFinite(value)) return true;
  items.push({ type: 'finite_number', loc, msg: 'Input should be a finite number', input: value });
  return false;
}

export function greaterThan(value: number | null | undefined, bound: number, loc: Loc, items: ValidationItem[]): void {
  if (value !== null && value !== undefined && finite(value, loc, items) && !(value > bound))
    items.push({ type: 'greater_than', loc, msg: `Input should be greater than ${bound}`, input: value, ctx: { gt: bound } });
}

export function within(value: number | null | undefined, min: number, max: number, loc: Loc, items: ValidationItem[]): void {
  if (value === null || value === undefined || !finite(value, loc, items)) return;
  if (!(value >= min)) items.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${min}`, input: value, ctx: { ge: min } });
  else if (!(value <= max)) items.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${max}`, input: value, ctx: { le: max } });
}

export const toMinimal = (row: LimitRow, name = row.name): MinimalLimit => ({ id: row.id, name, limit: row.limit });

/** A Prisma row as a LimitRow (no decay applied: just written). */
function fromStored(row: Omit<LimitRow, 'decayed_active_slots'>): LimitRow {
  return { ...row, decayed_active_slots: row.active_slots };
}

export async function createLimitV2(
  ctx: Context,
  input: { name: string; limit: number; active?: boolean | null; active_slots?: number | null; denied_slots?: number | null; slot_decay_per_second?: number | null },
): Promise<LimitRow> {
  const items: ValidationItem[] = [];
  within(input.slot_decay_per_second, 0, Infinity, ['body', 'slot_decay_per_second'], items);
  validate(items);
  const row = await ctx.db.concurrencyLimitV2.create({
    data: {
      name: input.name,
      limit: input.limit,
      active: input.active ?? true,
      active_slots: input.active_slots ?? 0,
      denied_slots: input.denied_slots ?? 0,
      slot_decay_per_second: input.slot_decay_per_second ?? 0,
    },
  });
  emitLimitEvent(ctx.events, 'created', row);
  return fromStored(row);
}

export async function readLimitV2(ctx: Context, idOrName: string): Promise<LimitRow> {
  const key = parseIdOrName(idOrName);
  const row = 'id' in key ? await limitById(ctx.db, key.id) : await limitByName(ctx.db, key.name);
  if (!row) throw httpError(404, LIMIT_V2_NOT_FOUND);
  return row;
}

export function readAllLimitsV2(ctx: Context, limit: number, offset: number): Promise<LimitRow[]> {
  return selectLimits(ctx.db, '1 = 1', [limit, offset], 'ORDER BY name, id LIMIT $1 OFFSET $2');
}

export interface LimitV2Patch {
  active?: boolean | null;
  name?: string | null;
  limit?: number | null;
  active_slots?: number | null;
  denied_slots?: number | null;
  slot_decay_per_second?: number | null;
}

/** Writes the keys given (and `updated`, which restarts decay); an explicit null is Prefect's NOT NULL conflict. */
export async function updateLimitV2(ctx: Context, idOrName: string, patch: LimitV2Patch): Promise<boolean> {
  const items: ValidationItem[] = [];
  within(patch.slot_decay_per_second, 0, Infinity, ['body', 'slot_decay_per_second'], items);
  validate(items);
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) throw INTEGRITY_CONFLICT;
    data[key] = value;
  }
  const key = parseIdOrName(idOrName);
  const where = 'id' in key ? { id: key.id } : { name: key.name };
  const { count } = await ctx.db.concurrencyLimitV2.updateMany({ where, data: { ...data, updated: new Date() } });
  if (count === 0) throw httpError(404, LIMIT_V2_NOT_FOUND);
  const row = await ctx.db.concurrencyLimitV2.findFirst({ where: 'id' in key ? { id: key.id } : { name: (data.name as string | undefined) ?? key.name } });
  if (row) emitLimitEvent(ctx.events, 'updated', row);
  return true;
}

/** Deletes the limit; its leases stay (their later release skips the missing row). */
export async function deleteLimitV2(ctx: Context, idOrName: string): Promise<boolean> {
  const key = parseIdOrName(idOrName);
  try {
    const row = await ctx.db.concurrencyLimitV2.delete({ where: 'id' in key ? { id: key.id } : { name: key.name } });
    emitLimitEvent(ctx.events, 'deleted', row);
    return true;
  } catch (error) {
    if (isMissingRecord(error)) throw httpError(404, LIMIT_V2_NOT_FOUND);
    throw error;
  }
}

/** Raised inside the acquiring transaction so that it rolls back; answered as 423 afterwards. */
class SlotsRefused extends Error {
  constructor(readonly rows: LimitRow[]) {
    super('slots refused');
  }
}

/** Python's repr() of a string, as Prefect's rate-limit message prints the names. */
function pythonRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replace(/\\/g, '\\\\')}"`;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** §4.5: the blocking limit's expected wait, jittered. */
export function retryAfterSeconds(rows: readonly LimitRow[], slots: number, settings: Settings): number {
  const active = rows.filter((r) => r.active);
  if (active.length === 0) return 0;
  const score = (r: LimitRow) => (r.slot_decay_per_second > 0 ? slots + r.denied_slots : (slots + r.denied_slots) / r.limit);
  let blocking = active[0];
  for (const row of active) if (score(row) > score(blocking)) blocking = row;
  const b = score(blocking);
  let average: number;
  if (blocking.slot_decay_per_second === 0) {
    const maxWait = blocking.name.startsWith('tag:') ? settings.concurrency.tagSlotWaitSeconds : settings.concurrency.maxSlotWaitSeconds;
    average = Math.min(Math.min(blocking.avg_slot_occupancy_seconds, maxWait) * b, maxWait);
  } else {
    average = b / blocking.slot_decay_per_second;
  }
  return Number.isFinite(average) ? clampedPoissonInterval(average) : 0;
}

function locked(rows: readonly LimitRow[], slots: number, settings: Settings): ApiError {
  const seconds = retryAfterSeconds(rows, slots, settings);
  return new ApiError(423, { detail: 'Locked' }).withHeaders({ 'Retry-After': seconds > 0 ? pythonFloat(seconds) : '0' });
}

export type Mode = 'concurrency' | 'rate_limit';

/** Acquire (§4.4): checks, the all-or-nothing increment, then `then` in the same transaction. */
async function acquire<T>(
  ctx: Context,
  names: readonly string[],
  slots: number,
  mode: Mode,
  then: (tx: Parameters<Parameters<typeof inRunTransaction>[1]>[0], rows: LimitRow[]) => Promise<T>,
): Promise<T> {
  const waits = slotWaits(ctx.settings);
  try {
    return await inRunTransaction(ctx.db, async (tx) => {
      const rows = await limitsByNames(tx, names);
      const active = rows.filter((r) => r.active);
      if (active.some((r) => r.limit < slots)) throw httpError(422, 'Slots requested is greater than the limit');
      const nonDecaying = active.filter((r) => r.slot_decay_per_second === 0).map((r) => r.name);
      if (mode === 'rate_limit' && nonDecaying.length > 0) {
        throw httpError(
          422,
          `Only concurrency limits with slot decay can be used for rate limiting. The following limits do not have a decay configured: ${pythonRepr(nonDecaying.join(','))}`,
        );
      }
      if (
        !(await incrementSlots(
          tx,
          active.map((r) => r.id),
          slots,
          waits,
        ))
      )
        throw new SlotsRefused(rows);
      return then(tx, rows);
    });
  } catch (error) {
    if (error instanceof SlotsRefused) throw locked(error.rows, slots, ctx.settings);
    throw error;
  }
}

function checkSlots(slots: number, extra: (items: ValidationItem[]) => void = () => {}): void {
  const items: ValidationItem[] = [];
  greaterThan(slots, 0, ['body', 'slots'], items);
  extra(items);
  validate(items);
}

export function incrementActiveSlots(ctx: Context, names: readonly string[], slots: number, mode: Mode): Promise<MinimalLimit[]> {
  checkSlots(slots);
  return acquire(ctx, names, slots, mode, async (_tx, rows) => rows.map((r) => toMinimal(r)));
}

export function incrementActiveSlotsWithLease(
  ctx: Context,
  input: { names: readonly string[]; slots: number; mode: Mode; lease_duration: number; holder?: LeaseHolder | null },
): Promise<LimitWithLease> {
  checkSlots(input.slots, (items) => within(input.lease_duration, 60, 86400, ['body', 'lease_duration'], items));
  return acquire(ctx, input.names, input.slots, input.mode, async (tx, rows) => {
    const lease = await createLease(tx, { resourceIds: rows.map((r) => r.id), ttlSeconds: input.lease_duration, slots: input.slots, holder: input.holder ?? null });
    return { lease_id: lease.id, limits: rows.map((r) => toMinimal(r)) };
  });
}

export async function decrementActiveSlots(ctx: Context, names: readonly string[], slots: number, occupancySeconds: number | null | undefined): Promise<MinimalLimit[]> {
  checkSlots(slots, (items) => greaterThan(occupancySeconds, 0, ['body', 'occupancy_seconds'], items));
  const waits = slotWaits(ctx.settings);
  return inRunTransaction(ctx.db, async (tx) => {
    const rows = await limitsByNames(tx, names);
    if (rows.length === 0) return [];
    await decrementSlots(
      tx,
      rows.filter((r) => r.active).map((r) => r.id),
      slots,
      waits,
      occupancySeconds,
    );
    return rows.map((r) => toMinimal(r));
  });
}

/** Unknown lease: nothing to do (204). An expired, not yet reaped lease is released normally. */
export async function decrementActiveSlotsWithLease(ctx: Context, leaseId: string): Promise<boolean> {
  const waits = slotWaits(ctx.settings);
  await inRunTransaction(ctx.db, (tx) => releaseLease(tx, leaseId, waits, { occupancy: true, slotsWithoutMetadata: 0 }));
  return true;
}

export async function renewConcurrencyLease(ctx: Context, leaseIdText: string, leaseDuration: number): Promise<boolean> {
  const items: ValidationItem[] = [];
  let leaseId = '';
  try {
    leaseId = parseUuid(leaseIdText);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    items.push({ type: error.type, loc: ['path', 'lease_id'], msg: error.msg, input: leaseIdText, ...(error.ctx ? { ctx: error.ctx } : {}) });
  }
  within(leaseDuration, 60, 86400, ['body', 'lease_duration'], items);
  validate(items);
  if (!(await renewLease(ctx.db, leaseId, leaseDuration))) throw httpError(410, LEASE_NOT_FOUND);
  return true;
}
