// The bucket algorithm (events §6.3): one event (or a proactive tick, no
// event) against one bucket of one event trigger. It counts the event in the
// open window, fires when the trigger is ready and meets its threshold, and
// rolls the window forward. `now` is the event's `occurred` (reactive) or the
// pass's as-of time (proactive); firings carry the context's wall clock.
import type { ReceivedEvent } from '../../events/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { EventTrigger } from '../types.ts';
import { incrementBucket, removeBucket, startNewBucket, type Bucket } from './buckets.ts';
import { fire, type EvaluationContext } from './firing.ts';
import { expects, startsAfter, triggeringLabels } from './matching.ts';

const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

/** A Reactive trigger with `within` 0 counts every event, whatever the window. */
export const isImmediate = (trigger: EventTrigger) => trigger.posture === 'Reactive' && trigger.within === 0;

/** Reactive: at least `threshold` events; Proactive: fewer than `threshold`. */
export function meetsThreshold(trigger: EventTrigger, count: number): boolean {
  return trigger.posture === 'Reactive' ? count >= trigger.threshold : count < trigger.threshold;
}

export async function evaluate(ctx: EvaluationContext, trigger: EventTrigger, initial: Bucket, now: Date, event: ReceivedEvent | null): Promise<Bucket | null> {
  let bucket = initial;
  const { tx } = ctx;
  // The event must be spent somewhere: this window, or the next one.
  let count = event ? 1 : 0;

  // 1. Older than the window (out of order, or already fired for): ignored.
  if (now < bucket.start) return bucket;

  // 2. Count it in the open window.
  if (count && (isImmediate(trigger) || (bucket.start <= now && now < bucket.end))) {
    bucket = await incrementBucket(tx, bucket, count, event);
    count = 0;
  }

  // 3. Reactive fires as soon as it can; Proactive only once its window closed.
  const ready = trigger.posture === 'Reactive' || bucket.end <= now;
  const meets = meetsThreshold(trigger, bucket.count);

  if (ready && meets) {
    // 4. Fire, then drop the bucket at once (a crash must not act twice on it).
    await fire(ctx, {
      id: uuid7(ctx.wallClock.getTime()),
      trigger,
      trigger_states: ['Triggered'],
      triggered: ctx.wallClock,
      triggering_labels: triggeringLabels(trigger, bucket.bucketing_key),
      triggering_firings: [],
      triggering_event: event ?? bucket.last_event,
    });
    await removeBucket(tx, bucket);
  } else if (now < bucket.end) {
    // 5. Keep waiting. Heartbeats (the same event opens and answers the window):
    // a Proactive window already satisfied restarts from this event.
    if (event && trigger.posture === 'Proactive' && !meets && startsAfter(trigger, event.event) && expects(trigger, event.event)) {
      await removeBucket(tx, bucket);
      return startNewBucket(tx, bucket.automation_id, bucket.trigger_id, bucket.bucketing_key, event.occurred, plus(event.occurred, trigger.within), 0, event);
    }
    return bucket;
  }

  // 6. The window is over (or fired): an `after` window needs a new `after`
  // event; an immediate trigger keeps no bucket; otherwise the next window.
  if (trigger.after.length > 0) {
    await removeBucket(tx, bucket);
    return null;
  }
  if (trigger.within === 0) return null;
  const start = new Date(Math.max(bucket.end.getTime(), now.getTime()));
  const end = plus(start, trigger.within);
  if (trigger.posture === 'Reactive' && count > 0) {
    // An event beyond the old window: count it in the new one, which may fire.
    const next = await startNewBucket(tx, bucket.automation_id, bucket.trigger_id, bucket.bucketing_key, start, end, 0);
    return evaluate(ctx, trigger, next, now, event);
  }
  return startNewBucket(tx, bucket.automation_id, bucket.trigger_id, bucket.bucketing_key, start, end, count);
}
