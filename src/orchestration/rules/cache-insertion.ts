// CacheInsertion (§4.3): a COMPLETED state with a cache_key becomes the cache
// entry for that key. Over-long keys are refused, yet the state is still written.
import type { TaskContext } from '../context.ts';
import { ALL, only, Rule } from '../rule.ts';
import { MAX_CACHE_KEY_LENGTH } from '../settings.ts';
import { detailTime } from '../state-details.ts';

export class CacheInsertion extends Rule<TaskContext> {
  readonly from = ALL;
  readonly to = only('COMPLETED');

  before(ctx: TaskContext) {
    const key = ctx.proposed!.state_details.cache_key;
    if (typeof key === 'string' && key.length > MAX_CACHE_KEY_LENGTH) {
      // REJECT with the proposal itself: same type, so it is written and after() still runs.
      ctx.rejectWith(ctx.proposed!, `Cache key exceeded maximum allowed length of ${MAX_CACHE_KEY_LENGTH} characters.`);
    }
  }

  /** The written state becomes the newest cache entry for its key. */
  async after(ctx: TaskContext) {
    const details = ctx.proposed?.state_details;
    if (!ctx.written || !details || typeof details.cache_key !== 'string' || details.cache_key === '') return;
    await ctx.tx.taskRunStateCache.create({
      data: { cache_key: details.cache_key, cache_expiration: detailTime(details, 'cache_expiration'), task_run_state_id: ctx.written.id },
    });
  }
}
