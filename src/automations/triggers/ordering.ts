// Causal ordering in process memory (events §6.6, Prefect's
// ordering.memory): an event that `follows` another not yet evaluated is
// parked until its leader has been; events evaluated recently are remembered
// so a redelivered one is skipped. Times are passed in (`now`), never read.
import type { ReceivedEvent } from '../../events/types.ts';

/** How long a follower waits for its leader before it is "lost" (and how old an event may be to wait at all). */
export const PRECEDING_EVENT_LOOKBACK_MS = 15 * 60_000;
/** How long an evaluated event id is remembered. */
export const SEEN_EXPIRATION_MS = 30 * 60_000;
export const MAX_DEPTH_OF_PRECEDING_EVENT = 20;
const SEEN_MAX = 10_000;
/** How long an event waits for a leader that is being evaluated right now. */
const IN_FLIGHT_TIMEOUT_MS = 8_000;

export class EventArrivedEarly extends Error {
  constructor(readonly event: ReceivedEvent) {
    super(`event ${event.id} arrived before the event it follows (${event.follows})`);
  }
}

export class MaxDepthExceeded extends Error {
  constructor(readonly event: ReceivedEvent) {
    super(`event ${event.id} exceeded the maximum depth of followers`);
  }
}

export class EventBeingProcessed extends Error {
  constructor(readonly event: ReceivedEvent) {
    super(`event ${event.id} is already being processed`);
  }
}

export type FollowerHandler = (event: ReceivedEvent, depth: number) => Promise<void>;

export class CausalOrdering {
  private readonly processing = new Set<string>();
  /** id → when it was evaluated (insertion order = age). */
  private readonly seen = new Map<string, number>();
  /** leader id → follower ids. */
  private readonly followers = new Map<string, Set<string>>();
  private readonly events = new Map<string, ReceivedEvent>();
  /** follower id → its `received`, for the lost-follower sweep. */
  private readonly waitlist = new Map<string, Date>();

  hasBeenSeen(id: string, now: Date): boolean {
    const at = this.seen.get(id);
    return at !== undefined && now.getTime() - at < SEEN_EXPIRATION_MS;
  }

  private recordSeen(id: string, now: Date): void {
    this.seen.delete(id);
    this.seen.set(id, now.getTime());
    for (const [oldest, at] of this.seen) {
      if (this.seen.size <= SEEN_MAX && now.getTime() - at < SEEN_EXPIRATION_MS) break;
      this.seen.delete(oldest);
    }
  }

  /** Events parked on a leader, for tests and logs. */
  parked(): ReceivedEvent[] {
    return [...this.events.values()];
  }

  private recordFollower(event: ReceivedEvent): void {
    const leader = event.follows!;
    this.events.set(event.id, event);
    let ids = this.followers.get(leader);
    if (!ids) this.followers.set(leader, (ids = new Set()));
    ids.add(event.id);
    this.waitlist.set(event.id, event.received);
  }

  private forgetFollower(event: ReceivedEvent): void {
    const leader = event.follows!;
    this.waitlist.delete(event.id);
    const ids = this.followers.get(leader);
    ids?.delete(event.id);
    if (ids?.size === 0) this.followers.delete(leader);
    this.events.delete(event.id);
  }

  private followersOf(leader: ReceivedEvent): ReceivedEvent[] {
    const ids = [...(this.followers.get(leader.id) ?? [])];
    return ids
      .map((id) => this.events.get(id))
      .filter((e): e is ReceivedEvent => e !== undefined)
      .sort((a, b) => a.occurred.getTime() - b.occurred.getTime());
  }

  /** Followers parked longer than the lookback; they are forgotten here and evaluated by the caller, oldest first. */
  lostFollowers(now: Date): ReceivedEvent[] {
    const cutoff = now.getTime() - PRECEDING_EVENT_LOOKBACK_MS;
    const lost: ReceivedEvent[] = [];
    for (const [id, received] of [...this.waitlist]) {
      if (received.getTime() > cutoff) continue;
      const event = this.events.get(id);
      if (event) {
        lost.push(event);
        this.forgetFollower(event);
      } else this.waitlist.delete(id);
    }
    return lost.sort((a, b) => a.occurred.getTime() - b.occurred.getTime());
  }

  /** Returns when the event may be evaluated; throws EventArrivedEarly (and parks it) when its leader has not been. */
  private async waitForLeader(event: ReceivedEvent, now: Date): Promise<void> {
    const leader = event.follows;
    if (!leader || leader === event.id) return;
    // Too old for the bookkeeping of its leader to be trusted: evaluate it now.
    if (now.getTime() - event.received.getTime() >= PRECEDING_EVENT_LOOKBACK_MS) return;
    if (this.hasBeenSeen(leader, now)) return;
    if (this.processing.has(leader)) {
      const started = Date.now();
      while (Date.now() - started < IN_FLIGHT_TIMEOUT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        if (this.hasBeenSeen(leader, new Date(now.getTime() + (Date.now() - started)))) return;
      }
    }
    this.recordFollower(event);
    throw new EventArrivedEarly(event);
  }

  /**
   * Runs `evaluate` for the event once its leader has been evaluated, marks
   * it seen, then evaluates the followers parked on it (by `occurred`, up to
   * MAX_DEPTH_OF_PRECEDING_EVENT deep) through `handler`.
   */
  async process(event: ReceivedEvent, depth: number, now: Date, evaluate: () => Promise<void>, handler: FollowerHandler): Promise<void> {
    if (depth > MAX_DEPTH_OF_PRECEDING_EVENT) throw new MaxDepthExceeded(event);
    if (this.processing.has(event.id)) throw new EventBeingProcessed(event);
    this.processing.add(event.id);
    try {
      await this.waitForLeader(event, now);
      await evaluate();
      this.recordSeen(event.id, now);
    } finally {
      this.processing.delete(event.id);
    }
    try {
      for (const follower of this.followersOf(event)) await handler(follower, depth + 1);
    } catch (error) {
      if (!(error instanceof MaxDepthExceeded)) throw error;
    }
    if (event.follows && event.follows !== event.id) this.forgetFollower(event);
  }
}
