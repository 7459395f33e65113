// CacheRetrieval (§4.3): a RUNNING proposal whose cache_key has an unexpired
// cached COMPLETED state is answered with a copy of it named "Cached".
//
// Without a task_run_state_cache table, the cache is read from what
// CacheInsertion leaves behind: task runs whose cache_key / cache_expiration
// columns hold the key, and their COMPLETED states carrying that key.
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';
import { detailTime, fullStateDetails } from '../state-details.ts';
import { makeState } from '../states.ts';
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
      makeState(cached.type as StateType, { name: 'Cached', message: cached.message, data: cached.data, state_details: fullStateDetails(cached.state_details) }),
      'Retrieved state from cache',
    );
  }
}

async function findCachedState(ctx: TaskContext, key: string, now: Date) {
  const runs = await ctx.tx.taskRun.findMany({
    where: { cache_key: key, OR: [{ cache_expiration: null }, { cache_expiration: { gt: now } }] },
    select: { id: true },
  });
  if (runs.length === 0) return null;
  const states = await ctx.tx.taskRunState.findMany({
    where: { task_run_id: { in: runs.map((run) => run.id) }, type: 'COMPLETED' },
    // Newest cache entry first, as Prefect orders its cache rows by creation.
    orderBy: [{ created: 'desc' }, { timestamp: 'desc' }],
  });
  return (
    states.find((state) => {
      const stateDetails = fullStateDetails(state.state_details);
      const expiration = detailTime(stateDetails, 'cache_expiration');
      return stateDetails.cache_key === key && (expiration === null || expiration > now);
    }) ?? null
  );
}
