// SecureTaskConcurrencySlots (§4.3; logs-variables-concurrency §3.3), core task
// policy: entering RUNNING takes one slot on every active `tag:<tag>` limit of
// the task's tags, all or none, held by one lease of the task run (~100 years).
// A zero limit aborts (and the rule goes on, as Prefect's does); a full one
// makes the client wait. Unlike Prefect, the slot is taken in the request's
// own transaction, so a request that fails later gives it back.
import { clampedPoissonInterval, pythonRound } from '../../resources/concurrency-limits/jitter.ts';
import { V1_LEASE_TTL_SECONDS, createLease, releaseLease } from '../../resources/concurrency-limits/leases.ts';
import { DEFAULT_SLOT_WAITS, incrementSlots, limitsByNames } from '../../resources/concurrency-limits/slots.ts';
import { tagLimitName, zeroLimitReason } from '../../resources/tag-concurrency-limits/service.ts';
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';

export function taskTags(ctx: TaskContext): string[] {
  const tags = ctx.run.tags;
  return Array.isArray(tags) ? [...new Set(tags.filter((t): t is string => typeof t === 'string'))] : [];
}

export class SecureTaskConcurrencySlots extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('RUNNING');
  private leaseIds: string[] = [];

  async before(ctx: TaskContext) {
    const tags = taskTags(ctx);
    if (tags.length === 0) return;
    const rows = (await limitsByNames(ctx.tx, tags.map(tagLimitName))).filter((r) => r.active);
    if (rows.length === 0) return;
    for (const row of rows) if (row.limit === 0) ctx.abort(zeroLimitReason(row.name.slice(4)));
    const candidates = rows.filter((r) => r.limit > 0);
    if (candidates.length === 0) return;
    const waits = ctx.params.concurrency ?? DEFAULT_SLOT_WAITS;
    if (
      !(await incrementSlots(
        ctx.tx,
        candidates.map((r) => r.id),
        1,
        waits,
      ))
    ) {
      let blocking = candidates[0];
      for (const row of candidates) if (row.active_slots / row.limit > blocking.active_slots / blocking.limit) blocking = row;
      const average = Math.min(blocking.avg_slot_occupancy_seconds || waits.tag, waits.tag);
      ctx.wait(pythonRound(clampedPoissonInterval(average)), `Concurrency limit reached for tags: ${candidates.map((r) => r.name.slice(4)).join(', ')}`);
      return;
    }
    const lease = await createLease(ctx.tx, {
      resourceIds: candidates.map((r) => r.id),
      ttlSeconds: V1_LEASE_TTL_SECONDS,
      slots: 1,
      holder: { type: 'task_run', id: ctx.run.id },
    });
    this.leaseIds.push(lease.id);
  }

  /** A later rule changed the proposal: give the slots back. */
  async cleanup(ctx: TaskContext) {
    for (const id of this.leaseIds) await releaseLease(ctx.tx, id, ctx.params.concurrency ?? DEFAULT_SLOT_WAITS, { slotsWithoutMetadata: 1 });
    this.leaseIds = [];
  }
}
