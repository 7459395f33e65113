// The trigger engine of one server (events §6.1–§6.7): the loaded
// automations, reactive evaluation of each event, the proactive pass and the
// periodic housekeeping. Every entry point takes the wall clock (`now`), so
// tests drive windows without sleeping; the triggers service only calls them
// on its timers and for each event of the bus.
import type { Db } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { ReceivedEvent } from '../../events/types.ts';
import { loggers } from '../../logging/logger.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import { readAutomationRow, toAutomation } from '../../resources/automations/model.ts';
import { actionsTopic } from '../channels.ts';
import type { AutomationChange } from '../types.ts';
import { ensureBucket, readBucket, readBucketsPage, removeBucketsExceedingThreshold, sweepClosedBuckets } from './buckets.ts';
import { EventsClock } from './clock.ts';
import { evaluate } from './evaluate.ts';
import { emptyOutbox, type EvaluationContext, type Outbox } from './firing.ts';
import { LoadedAutomations, type LoadedTrigger } from './loaded.ts';
import { bucketingKey, expects, startsAfter } from './matching.ts';
import { CausalOrdering, EventArrivedEarly, PRECEDING_EVENT_LOOKBACK_MS } from './ordering.ts';

/** Buckets read per page by the proactive pass. */
const BUCKET_BATCH_SIZE = 500;

export interface TriggerEngineOptions {
  db: Db;
  /** Where prefect.automation.triggered events go (after commit). */
  events: EventBus;
  /** PREFECT_SERVER_EVENTS_EXPIRED_BUCKET_BUFFER, seconds. */
  expiredBucketBuffer?: number;
}

type Snapshot = { updated: number | null; count: number };

const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

export class TriggerEngine {
  readonly loaded = new LoadedAutomations();
  readonly clock = new EventsClock();
  readonly ordering = new CausalOrdering();
  private snapshot: Snapshot | null = null;
  /** Changes to the loaded set run one at a time. */
  private lock: Promise<unknown> = Promise.resolve();
  private readonly db: Db;
  private readonly events: EventBus;
  private readonly expiredBucketBufferMs: number;

  constructor(options: TriggerEngineOptions) {
    this.db = options.db;
    this.events = options.events;
    this.expiredBucketBufferMs = (options.expiredBucketBuffer ?? 60) * 1000;
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => {});
    return run;
  }

  private async readSnapshot(): Promise<Snapshot> {
    const { _max, _count } = await this.db.automation.aggregate({ _max: { updated: true }, _count: { _all: true } });
    return { updated: _max.updated?.getTime() ?? null, count: _count._all };
  }

  /** Reloads every automation when (max updated, count) changed since the last load, or always with `force`. */
  reconcile(force = false): Promise<boolean> {
    return this.locked(async () => {
      const current = await this.readSnapshot();
      if (!force && this.snapshot && current.updated === this.snapshot.updated && current.count === this.snapshot.count) return false;
      const rows = await this.db.automation.findMany();
      // Built aside and swapped in, so a failed read keeps what was loaded.
      const next = new LoadedAutomations();
      for (const row of rows) next.load(toAutomation(row));
      const runs = new Map(this.loaded.nextProactiveRuns);
      this.loaded.clear();
      for (const { automation } of next.automations.values()) this.loaded.load(automation);
      for (const [id, at] of runs) if (this.loaded.triggers.has(id)) this.loaded.nextProactiveRuns.set(id, at);
      this.snapshot = current;
      return true;
    });
  }

  /** Applies one change notice (events §6.5): forget, then reload from its row. */
  automationChanged(change: AutomationChange): Promise<void> {
    return this.locked(async () => {
      if (change.event_type !== 'created') this.loaded.forget(change.automation_id);
      if (change.event_type !== 'deleted') {
        const row = await readAutomationRow(this.db, change.automation_id).catch(() => null);
        if (row) this.loaded.load(toAutomation(row));
      }
      this.snapshot = await this.readSnapshot();
    });
  }

  /** Publishes what a committed evaluation produced: the triggered events, then the actions. */
  private publish(outbox: Outbox): void {
    publishCommitted(this.events, outbox.events);
    if (outbox.actions.length > 0) actionsTopic(this.db).publish(outbox.actions);
  }

  /** One trigger against one event, in its own transaction (§6.2 steps 2–6). */
  private async evaluateTrigger({ trigger, loaded }: LoadedTrigger, event: ReceivedEvent, now: Date): Promise<void> {
    const automationId = loaded.automation.id;
    const outbox = await inRunTransaction(this.db, async (tx) => {
      const ctx: EvaluationContext = { tx, loaded, outbox: emptyOutbox(), wallClock: now };
      const key = bucketingKey(trigger, event);
      const end = plus(event.occurred, trigger.within * 1000);
      const expected = expects(trigger, event.event);
      let bucket = null;
      if (trigger.after.length > 0 && startsAfter(trigger, event.event)) {
        // An event in both `after` and `expect` opens the window at −1: it does not count itself.
        bucket = await ensureBucket(tx, automationId, trigger.id, key, event.occurred, end, event, expected ? -1 : 0);
      }
      if (!bucket && trigger.after.length === 0 && expected) {
        // A first window reaches back by the lookback, for events arriving out of order.
        bucket = await ensureBucket(tx, automationId, trigger.id, key, plus(event.occurred, -PRECEDING_EVENT_LOOKBACK_MS), end, event);
      }
      if (!expected) return ctx.outbox;
      bucket ??= await readBucket(tx, automationId, trigger.id, key);
      if (!bucket) return ctx.outbox;
      await evaluate(ctx, trigger, bucket, event.occurred, event);
      return ctx.outbox;
    });
    this.publish(outbox);
  }

  /** Every interested trigger against one event, once its leader (if any) has been evaluated (§6.2, §6.6). */
  async reactiveEvaluation(event: ReceivedEvent, now: Date = new Date(), depth = 0): Promise<void> {
    this.clock.update(event, now);
    await this.ordering.process(
      event,
      depth,
      now,
      async () => {
        for (const loaded of this.loaded.interested(event)) {
          // One trigger's failure (its automation deleted under it, say) must not
          // send the event back to the bus: a retry would fire the others again.
          await this.evaluateTrigger(loaded, event, now).catch((error) =>
            loggers().server.warn({ err: error, automation: loaded.loaded.automation.id, trigger: loaded.trigger.id, event: event.id }, 'reactive evaluation failed'),
          );
        }
      },
      (follower, followerDepth) => this.reactiveEvaluation(follower, now, followerDepth),
    );
  }

  /** The bus handler: skips log lines and events already evaluated; a parked follower is done with. */
  async handleEvent(event: ReceivedEvent, now: Date = new Date()): Promise<void> {
    if (event.event === 'prefect.log.write' || !event.id) return;
    if (this.ordering.hasBeenSeen(event.id, now)) return;
    try {
      await this.reactiveEvaluation(event, now);
    } catch (error) {
      if (!(error instanceof EventArrivedEarly)) throw error;
    }
  }

  /**
   * One Proactive trigger as of `asOf` (+ the events clock offset), in one
   * transaction (§6.7); returns when it should run again.
   */
  async proactiveEvaluation(loadedTrigger: LoadedTrigger, asOf: Date, now: Date = new Date()): Promise<Date> {
    const { trigger, loaded } = loadedTrigger;
    const automationId = loaded.automation.id;
    const at = plus(asOf, this.clock.offset(now));
    const within = trigger.within * 1000;
    let runAgainAt = plus(at, within);
    const outbox = await inRunTransaction(this.db, async (tx) => {
      const ctx: EvaluationContext = { tx, loaded, outbox: emptyOutbox(), wallClock: now };
      // Without for_each the single window always exists; with it, only keys some event opened.
      if (trigger.for_each.length === 0) await ensureBucket(tx, automationId, trigger.id, [], at, plus(at, within), null);
      await removeBucketsExceedingThreshold(tx, automationId, trigger.id, trigger.threshold);
      for (let offset = 0; ; offset += BUCKET_BATCH_SIZE) {
        const page = await readBucketsPage(tx, automationId, trigger.id, offset, BUCKET_BATCH_SIZE);
        for (const bucket of page) {
          const next = await evaluate(ctx, trigger, bucket, at, null);
          if (next && at < next.end && next.end < runAgainAt) runAgainAt = next.end;
        }
        if (page.length < BUCKET_BATCH_SIZE) break;
      }
      return ctx.outbox;
    });
    this.publish(outbox);
    return runAgainAt;
  }

  /** The proactive pass: every loaded Proactive trigger whose next run has come. */
  async evaluateProactiveTriggers(now: Date = new Date()): Promise<void> {
    for (const loadedTrigger of [...this.loaded.triggers.values()]) {
      const { trigger, loaded } = loadedTrigger;
      if (trigger.posture !== 'Proactive') continue;
      const due = this.loaded.nextProactiveRuns.get(trigger.id) ?? now;
      if (due > now) continue;
      try {
        this.loaded.nextProactiveRuns.set(trigger.id, await this.proactiveEvaluation(loadedTrigger, now, now));
      } catch (error) {
        loggers().server.warn({ err: error, automation: loaded.automation.id, trigger: trigger.id }, 'proactive evaluation failed');
      }
    }
  }

  /** Housekeeping (§6.7): reconcile, evaluate lost followers, sweep expired buckets. */
  async periodicEvaluation(now: Date = new Date()): Promise<void> {
    const asOf = plus(now, this.clock.offset(now));
    await this.reconcile();
    for (const event of this.ordering.lostFollowers(now)) await this.reactiveEvaluation(event, now);
    await sweepClosedBuckets(this.db, plus(asOf, -this.expiredBucketBufferMs));
  }
}
