// The events clock (events §6.7): the newest `occurred` seen (never ahead of
// the wall clock) and when it was seen. Proactive passes and the sweep run
// "as of" now + offset, so a lagging event stream does not make proactive
// triggers fire for silence that is only delay.
import type { ReceivedEvent } from '../../events/types.ts';

export class EventsClock {
  private clock: number | null = null;
  private updated: number | null = null;

  update(event: ReceivedEvent, now: Date): void {
    const wall = now.getTime();
    const occurred = Math.min(event.occurred.getTime(), wall);
    if (this.clock === null || occurred >= this.clock) this.clock = occurred;
    this.updated = wall;
  }

  /** The offset in milliseconds: (clock − now) + (now − seen), 0 before any event. */
  offset(now: Date): number {
    if (this.clock === null || this.updated === null) return 0;
    const wall = now.getTime();
    return this.clock - wall + (wall - this.updated);
  }

  /** The clock itself (ms since the epoch), or null before any event. */
  value(): number | null {
    return this.clock;
  }

  reset(): void {
    this.clock = null;
    this.updated = null;
  }
}
