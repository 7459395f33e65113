// Slot arithmetic on concurrency_limit_v2 rows (§4.2), each change one
// conditional UPDATE so that concurrent callers never overshoot a limit:
// - active slots decay by floor(slot_decay_per_second × seconds since `updated`);
// - denied slots decay at the same rate, or 1 / clamped average occupancy;
// - every UPDATE stamps `updated` with the database's clock (restarting decay).
// Several limits are taken all-or-nothing in one statement; on PostgreSQL
// their rows are first locked in id order, so two multi-limit requests cannot
// deadlock and the all-fit check sees the latest committed values.
import type { Settings } from '../../settings.ts';
import { dialect, jsonTextList, query, sqlFor, toBool, toDate, toNumber, type Client, type Dialected } from './sql.ts';

/** The stored row, plus the decayed active slots as the database computed them. */
export interface LimitRow {
  id: string;
  created: Date;
  updated: Date;
  active: boolean;
  name: string;
  limit: number;
  active_slots: number;
  denied_slots: number;
  slot_decay_per_second: number;
  avg_slot_occupancy_seconds: number;
  /** max(0, active_slots − floor(decay × elapsed)). */
  decayed_active_slots: number;
}

/** The two caps of §4.2 / §4.5: tag limits use the tag wait, others the maximum wait. */
export interface SlotWaits {
  tag: number;
  max: number;
}

/** Prefect's defaults, for orchestration called without settings. */
export const DEFAULT_SLOT_WAITS: SlotWaits = { tag: 10, max: 30 };

export const slotWaits = (settings: Settings): SlotWaits => ({ tag: settings.concurrency.tagSlotWaitSeconds, max: settings.concurrency.maxSlotWaitSeconds });

/** Prefect's floor for the average occupancy (avoids dividing by zero). */
const MINIMUM_OCCUPANCY_SECONDS_PER_SLOT = 0.1;
/** The running average covers limit × this many samples. */
const OCCUPANCY_SAMPLES_MULTIPLIER = 2;

const literal = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));

/** Decay rates above this are treated as this (PostgreSQL would overflow on 1e308 × seconds). */
const MAX_DECAY_RATE = '1e15';

function activeAfterDecay(s: Dialected, p = ''): string {
  return s.greatest('0', `${p}active_slots - FLOOR(${s.least(`${p}slot_decay_per_second`, MAX_DECAY_RATE)} * ${s.elapsed(`${p}updated`)})`);
}

function deniedAfterDecay(s: Dialected, waits: SlotWaits, p = ''): string {
  const maxWait = `CASE WHEN substr(${p}name, 1, 4) = 'tag:' THEN ${literal(waits.tag)} ELSE ${literal(waits.max)} END`;
  const clamped = s.greatest(literal(MINIMUM_OCCUPANCY_SECONDS_PER_SLOT), s.least(`${p}avg_slot_occupancy_seconds`, maxWait));
  const rate = `CASE WHEN ${p}slot_decay_per_second > 0 THEN ${s.least(`${p}slot_decay_per_second`, MAX_DECAY_RATE)} ELSE 1.0 / ${clamped} END`;
  return s.greatest('0', `${p}denied_slots - FLOOR(${rate} * ${s.elapsed(`${p}updated`)})`);
}

const COLUMNS = 'id, created, updated, active, name, "limit", active_slots, denied_slots, slot_decay_per_second, avg_slot_occupancy_seconds';

function toLimitRow(raw: Record<string, unknown>): LimitRow {
  return {
    id: String(raw.id),
    created: toDate(raw.created),
    updated: toDate(raw.updated),
    active: toBool(raw.active),
    name: String(raw.name),
    limit: toNumber(raw.limit),
    active_slots: toNumber(raw.active_slots),
    denied_slots: toNumber(raw.denied_slots),
    slot_decay_per_second: toNumber(raw.slot_decay_per_second),
    avg_slot_occupancy_seconds: toNumber(raw.avg_slot_occupancy_seconds),
    decayed_active_slots: Math.trunc(toNumber(raw.decayed_active_slots)),
  };
}

/** Rows matching `condition` (placeholders $1...), with their decayed active slots. */
export async function selectLimits(client: Client, condition: string, values: unknown[], tail = 'ORDER BY name, id'): Promise<LimitRow[]> {
  const s = sqlFor(client);
  const rows = await query(client, `SELECT ${COLUMNS}, ${activeAfterDecay(s)} AS decayed_active_slots FROM concurrency_limit_v2 WHERE ${condition} ${tail}`, ...values);
  return rows.map(toLimitRow);
}

export const limitsByNames = (client: Client, names: readonly string[]) =>
  names.length === 0
    ? Promise.resolve([])
    : selectLimits(client, `name IN (SELECT value FROM ${dialect(client) === 'postgresql' ? 'jsonb_array_elements_text($1::jsonb)' : 'json_each($1)'})`, [
        jsonTextList([...new Set(names)]),
      ]);

export const limitById = async (client: Client, id: string) => (await selectLimits(client, `id = ${sqlFor(client).uuid('$1')}`, [id]))[0] ?? null;

export const limitByName = async (client: Client, name: string) => (await selectLimits(client, 'name = $1', [name]))[0] ?? null;

/** PostgreSQL: locks several limit rows in id order (one order for every caller: no deadlocks). */
async function lockInIdOrder(client: Client, ids: string[]): Promise<void> {
  if (ids.length < 2 || dialect(client) !== 'postgresql') return;
  const s = sqlFor(client);
  await query(client, `SELECT id FROM concurrency_limit_v2 WHERE id IN ${s.ids('$1')} ORDER BY id FOR UPDATE`, JSON.stringify(ids));
}

/**
 * Takes `slots` on every active limit of `ids`, or on none: true when all were
 * taken. Empty `ids` succeeds. Runs inside the caller's transaction.
 */
export async function incrementSlots(client: Client, ids: readonly string[], slots: number, waits: SlotWaits): Promise<boolean> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return true;
  await lockInIdOrder(client, unique);
  const s = sqlFor(client);
  const fits = (p = '') => `${p}active AND ${activeAfterDecay(s, p)} + ${s.int('$2')} <= ${p}"limit"`;
  // With several limits, the statement changes rows only when every one of them fits.
  const allFit = unique.length > 1 ? ` AND (SELECT count(*) FROM concurrency_limit_v2 o WHERE o.id IN ${s.ids('$1')} AND ${fits('o.')}) = ${unique.length}` : '';
  const updated = await query(
    client,
    `UPDATE concurrency_limit_v2 SET active_slots = CAST(${activeAfterDecay(s)} + ${s.int('$2')} AS INTEGER), denied_slots = CAST(${deniedAfterDecay(s, waits)} AS INTEGER), updated = ${s.now}
     WHERE id IN ${s.ids('$1')} AND ${fits()}${allFit} RETURNING id`,
    JSON.stringify(unique),
    slots,
  );
  return updated.length === unique.length;
}

/**
 * Gives back `slots` on the active limits of `ids` (never below 0); with
 * `occupancySeconds`, folds the hold time into the running average. Returns
 * how many rows changed (deleted or inactive limits are skipped).
 */
export async function decrementSlots(client: Client, ids: readonly string[], slots: number, waits: SlotWaits, occupancySeconds?: number | null): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  await lockInIdOrder(client, unique);
  const s = sqlFor(client);
  const values: unknown[] = [JSON.stringify(unique), slots];
  let average = '';
  if (occupancySeconds) {
    // Bounded so that the running average stays a finite float on PostgreSQL.
    const perSlot = Math.min(Math.max(occupancySeconds / Math.max(slots, 1), MINIMUM_OCCUPANCY_SECONDS_PER_SLOT), 1e15);
    values.push(perSlot);
    const samples = `("limit" * ${OCCUPANCY_SAMPLES_MULTIPLIER})`;
    average = `, avg_slot_occupancy_seconds = CASE WHEN "limit" > 0 THEN avg_slot_occupancy_seconds + ${s.float('$3')} / ${samples} - avg_slot_occupancy_seconds / ${samples} ELSE avg_slot_occupancy_seconds END`;
  }
  const updated = await query(
    client,
    `UPDATE concurrency_limit_v2 SET active_slots = CAST(${s.greatest('0', `${activeAfterDecay(s)} - ${s.int('$2')}`)} AS INTEGER), denied_slots = CAST(${deniedAfterDecay(s, waits)} AS INTEGER), updated = ${s.now}${average}
     WHERE id IN ${s.ids('$1')} AND active RETURNING id`,
    ...values,
  );
  return updated.length;
}
