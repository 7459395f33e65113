// ReleaseTaskConcurrencySlots (a transform in Prefect, on every task policy,
// force included): once a state other than RUNNING or CANCELLING is written,
// the task run's leases on its `tag:` limits are released and their slots
// given back. Listed first in each task policy, with every FROM and TO type, so
// it always fires; its after/cleanup run after the write whatever the outcome.
// A limit deleted or made inactive meanwhile is skipped (Prefect answers 500).
import { activeLeasesFor, releaseLease } from '../../resources/concurrency-limits/leases.ts';
import { DEFAULT_SLOT_WAITS, limitsByNames } from '../../resources/concurrency-limits/slots.ts';
import { tagLimitName } from '../../resources/tag-concurrency-limits/service.ts';
import type { TaskContext } from '../context.ts';
import { ALL, Rule } from '../rule.ts';
import { taskTags } from './secure-task-concurrency-slots.ts';

export class ReleaseTaskConcurrencySlots extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = ALL;

  after(ctx: TaskContext) {
    return release(ctx);
  }

  cleanup(ctx: TaskContext) {
    return release(ctx);
  }
}

async function release(ctx: TaskContext): Promise<void> {
  const written = ctx.written;
  if (!written || written.type === 'RUNNING' || written.type === 'CANCELLING') return;
  const tags = taskTags(ctx);
  if (tags.length === 0) return;
  const rows = await limitsByNames(ctx.tx, tags.map(tagLimitName));
  if (rows.length === 0) return;
  const leases = await activeLeasesFor(
    ctx.tx,
    rows.map((r) => r.id),
  );
  const mine = new Set(leases.filter((l) => l.holder?.id === ctx.run.id).map((l) => l.id));
  for (const id of mine) await releaseLease(ctx.tx, id, ctx.params.concurrency ?? DEFAULT_SLOT_WAITS, { slotsWithoutMetadata: 1 });
}
