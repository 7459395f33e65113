// composite_trigger_child_firing rows (events §6.4): the latest firing of
// each child of a compound or sequence trigger, one row per child (a newer
// firing replaces the older in one upsert).
import { randomUUID } from 'node:crypto';
import { dialectOf } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { execute } from '../../resources/concurrency-limits/sql.ts';
import type { CompositeTrigger, Firing } from '../types.ts';
import { firingFromJson, firingToJson } from './json.ts';

/**
 * Serialises evaluations of one composite trigger until the transaction ends:
 * PostgreSQL takes a transaction-scoped advisory lock; on SQLite the write
 * transaction (and the in-process queue of them) already runs one at a time.
 */
export async function lockCompositeTrigger(tx: Tx, trigger: CompositeTrigger): Promise<void> {
  if (dialectOf(tx) === 'postgresql') await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`composite-trigger:${trigger.id}`}, 0))`;
}

export async function upsertChildFiring(tx: Tx, automationId: string, parent: CompositeTrigger, firing: Firing): Promise<void> {
  const pg = dialectOf(tx) === 'postgresql';
  const uuid = (n: number) => (pg ? `$${n}::uuid` : `$${n}`);
  const time = (n: number) => (pg ? `$${n}::timestamptz` : `$${n}`);
  const at = (d: Date) => (pg ? d.toISOString() : d);
  await execute(
    tx,
    'INSERT INTO composite_trigger_child_firing (id, created, updated, automation_id, parent_trigger_id, child_trigger_id, child_firing_id, child_fired_at, child_firing) ' +
      `VALUES (${uuid(1)}, ${time(2)}, ${time(2)}, ${uuid(3)}, ${uuid(4)}, ${uuid(5)}, ${uuid(6)}, ${time(7)}, ${pg ? '$8::jsonb' : '$8'}) ` +
      'ON CONFLICT (automation_id, parent_trigger_id, child_trigger_id) DO UPDATE SET ' +
      'child_firing_id = excluded.child_firing_id, child_fired_at = excluded.child_fired_at, child_firing = excluded.child_firing, updated = excluded.updated',
    randomUUID(),
    at(new Date()),
    automationId,
    parent.id,
    firing.trigger.id,
    firing.id,
    at(firing.triggered),
    JSON.stringify(firingToJson(firing)),
  );
}

/** The stored firings of the parent's current children, oldest first. */
export async function readChildFirings(tx: Tx, automationId: string, parent: CompositeTrigger): Promise<Firing[]> {
  const rows = await tx.compositeTriggerChildFiring.findMany({
    where: { automation_id: automationId, parent_trigger_id: parent.id, child_trigger_id: { in: parent.triggers.map((t) => t.id) } },
    orderBy: [{ child_fired_at: 'asc' }, { updated: 'asc' }],
  });
  return rows.map((row) => firingFromJson(row.child_firing));
}

/** Drops child firings older than `firedBefore` (outside the parent's `within`). */
export async function clearOldChildFirings(tx: Tx, automationId: string, parent: CompositeTrigger, firedBefore: Date): Promise<void> {
  await tx.compositeTriggerChildFiring.deleteMany({ where: { automation_id: automationId, parent_trigger_id: parent.id, child_fired_at: { lt: firedBefore } } });
}

/** Deletes exactly these child firings; returns how many this transaction deleted (a concurrent one may have claimed some). */
export async function clearChildFirings(tx: Tx, automationId: string, parent: CompositeTrigger, firingIds: readonly string[]): Promise<number> {
  const { count } = await tx.compositeTriggerChildFiring.deleteMany({
    where: { automation_id: automationId, parent_trigger_id: parent.id, child_firing_id: { in: [...firingIds] } },
  });
  return count;
}
