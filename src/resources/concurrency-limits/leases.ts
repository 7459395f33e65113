// Leases on concurrency slots (§4.6), kept in the `concurrency_lease` table so
// that a restart forgets none and several replicas share them. A lease names
// the limits it holds slots on, how many (`slots`; null = no metadata) and
// optionally its holder. Releasing claims the lease row first (DELETE ...
// RETURNING): of two concurrent releases exactly one gives the slots back.
import { randomUUID } from 'node:crypto';
import { decrementSlots, type SlotWaits } from './slots.ts';
import { dialect, query, sqlFor, toDate, toNumber, type Client } from './sql.ts';

export type HolderType = 'flow_run' | 'task_run' | 'deployment';

export interface LeaseHolder {
  type: HolderType;
  id: string;
}

export interface Lease {
  id: string;
  created: Date;
  resource_ids: string[];
  expiration: Date;
  slots: number | null;
  holder: LeaseHolder | null;
}

/** Tag (v1) leases cannot be renewed by their clients: ~100 years. */
export const V1_LEASE_TTL_SECONDS = 100 * 365 * 24 * 3600;

export interface LeaseCreate {
  resourceIds: readonly string[];
  ttlSeconds: number;
  slots: number;
  holder?: LeaseHolder | null;
}

export async function createLease(client: Client, input: LeaseCreate): Promise<Lease> {
  const row = await client.concurrencyLease.create({
    data: {
      id: randomUUID(),
      resource_ids: [...input.resourceIds],
      expiration: new Date(Date.now() + input.ttlSeconds * 1000),
      slots: input.slots,
      holder_type: input.holder?.type ?? null,
      holder_id: input.holder?.id ?? null,
    },
  });
  return toLease(row);
}

function toLease(raw: Record<string, unknown>): Lease {
  const resources = typeof raw.resource_ids === 'string' ? JSON.parse(raw.resource_ids) : raw.resource_ids;
  const holderType = raw.holder_type as HolderType | null;
  return {
    id: String(raw.id),
    created: toDate(raw.created),
    resource_ids: Array.isArray(resources) ? resources.map(String) : [],
    expiration: toDate(raw.expiration),
    slots: raw.slots === null || raw.slots === undefined ? null : toNumber(raw.slots),
    holder: holderType && raw.holder_id ? { type: holderType, id: String(raw.holder_id) } : null,
  };
}

/** Sets the expiration to now + ttl; false when no such lease exists (expired but unreaped leases are renewed). */
export async function renewLease(client: Client, id: string, ttlSeconds: number): Promise<boolean> {
  const { count } = await client.concurrencyLease.updateMany({ where: { id }, data: { expiration: new Date(Date.now() + ttlSeconds * 1000) } });
  return count > 0;
}

/** Deletes the lease and returns it, or null when another request claimed it first. */
export async function claimLease(client: Client, id: string): Promise<Lease | null> {
  const s = sqlFor(client);
  const rows = await query(client, `DELETE FROM concurrency_lease WHERE id = ${s.uuid('$1')} RETURNING *`, id);
  return rows[0] ? toLease(rows[0]) : null;
}

/**
 * Claims the lease and gives its slots back to its limits (deleted or
 * inactive limits are skipped: never an error). `slotsWithoutMetadata`: the
 * slots of a lease without metadata (the slot routes use 0, orchestration 1).
 */
export async function releaseLease(client: Client, id: string, waits: SlotWaits, options: { occupancy?: boolean; slotsWithoutMetadata?: number } = {}): Promise<Lease | null> {
  const lease = await claimLease(client, id);
  if (!lease) return null;
  const occupancy = options.occupancy ? (Date.now() - lease.created.getTime()) / 1000 : null;
  await decrementSlots(client, lease.resource_ids, lease.slots ?? options.slotsWithoutMetadata ?? 0, waits, occupancy);
  return lease;
}

/** Unexpired leases holding any of `limitIds`, oldest first. */
export async function activeLeasesFor(client: Client, limitIds: readonly string[]): Promise<(Lease & { limit_id: string })[]> {
  if (limitIds.length === 0) return [];
  const s = sqlFor(client);
  const each = dialect(client) === 'postgresql' ? 'jsonb_array_elements_text(c.resource_ids) AS r(value)' : 'json_each(c.resource_ids) AS r';
  const list = dialect(client) === 'postgresql' ? 'jsonb_array_elements_text($1::jsonb)' : 'json_each($1)';
  const rows = await query(
    client,
    `SELECT c.id, c.created, c.resource_ids, c.expiration, c.slots, c.holder_type, c.holder_id, r.value AS limit_id
     FROM concurrency_lease c, ${each}
     WHERE r.value IN (SELECT value FROM ${list}) AND ${s.unexpired('c.expiration')}
     ORDER BY c.created, c.id`,
    JSON.stringify([...new Set(limitIds)]),
  );
  return rows.map((raw) => ({ ...toLease(raw), limit_id: String(raw.limit_id) }));
}

/** v1's active_slots per limit: the task-run holders of its unexpired leases, one entry per lease. */
export async function taskRunHoldersByLimit(client: Client, limitIds: readonly string[]): Promise<Map<string, string[]>> {
  const byLimit = new Map<string, string[]>(limitIds.map((id) => [id, []]));
  for (const lease of await activeLeasesFor(client, limitIds)) {
    if (lease.holder?.type === 'task_run') byLimit.get(lease.limit_id)?.push(lease.holder.id);
  }
  return byLimit;
}

/** Deletes every unexpired lease holding the limit (v1 reset and delete); slot counters are left as they are. */
export async function revokeActiveLeasesOf(client: Client, limitId: string): Promise<number> {
  const leases = await activeLeasesFor(client, [limitId]);
  const ids = [...new Set(leases.map((l) => l.id))];
  if (ids.length === 0) return 0;
  const { count } = await client.concurrencyLease.deleteMany({ where: { id: { in: ids } } });
  return count;
}

/**
 * The repossessor's pass (§4.6): up to `batch` expired leases with metadata,
 * oldest expiration first, each claimed and its slots given back (occupancy:
 * now − creation). One transaction; on PostgreSQL the leases are locked with
 * SKIP LOCKED, so a second replica reaping at the same time takes others.
 * Leases without metadata are left alone, as Prefect does.
 */
export async function reapExpiredLeases(client: Client, waits: SlotWaits, batch = 100): Promise<number> {
  const s = sqlFor(client);
  const lock = dialect(client) === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
  const expired = await query<{ id: string }>(
    client,
    `SELECT id FROM concurrency_lease WHERE ${s.expired('expiration')} AND slots IS NOT NULL ORDER BY expiration, id LIMIT ${Math.floor(batch)}${lock}`,
  );
  let reaped = 0;
  for (const { id } of expired) {
    if (await releaseLease(client, String(id), waits, { occupancy: true })) reaped += 1;
  }
  return reaped;
}
