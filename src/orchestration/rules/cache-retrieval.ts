// CacheRetrieval (§4.3): a RUNNING proposal whose cache_key has an unexpired
// cached COMPLETED state is answered with a copy of it named "Cached".
// The newest unexpired task_run_state_cache row for the key decides; if its
// state is gone there is no hit (older rows are not tried).
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';
import { fullStateDetails } from '../state-details.ts';
import { makeState, stateDataOf } from '../states.ts';
import type { StateType } from '../types.ts';

export class CacheRetrieval extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('RUNNING');

  async before(ctx: TaskContext) {
    const details = ctx.proposed!.state_details;
    const key = details.cache_key;
    if (typeof key !== 'string' || key === '' || details.refresh_cache === true) return;
    const cached = await findCachedState(ctx, key, new Date());
    if (!cached) return;
    ctx.rejectWith(
      makeState(cached.type as StateType, { name: 'Cached', message: cached.message, data: stateDataOf(cached), state_details: fullStateDetails(cached.state_details) }),
      'Retrieved state from cache',
    );
  }
}

async function findCachedState(ctx: TaskContext, key: string, now: Date) {
  const entry = await ctx.tx.taskRunStateCache.findFirst({
    where: { cache_key: key, OR: [{ cache_expiration: null }, { cache_expiration: { gt: now } }] },
    orderBy: [{ created: 'desc' }, { id: 'desc' }],
    select: { task_run_state_id: true },
  });
  return entry ? ctx.tx.taskRunState.findUnique({ where: { id: entry.task_run_state_id }, include: { result_artifact: { select: { data: true } } } }) : null;
}
