// WaitForScheduledTime (§4.2): nothing starts before its scheduled time by the
// server's clock; the client is told how many whole seconds to wait.
import type { OrchestrationContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { detailTime } from '../state-details.ts';

/**
 * Whole seconds until `time`: Prefect floors the seconds and adds the rounded
 * fraction, so up to half a second ahead counts as "now" (an exact half rounds down).
 */
export function secondsUntil(time: Date, now: Date = new Date()): number {
  const seconds = (time.getTime() - now.getTime()) / 1000;
  const whole = Math.floor(seconds);
  return whole + (seconds - whole > 0.5 ? 1 : 0);
}

export class WaitForScheduledTime extends Rule {
  readonly from = only('SCHEDULED', 'PENDING');
  readonly to = only('RUNNING');

  before(ctx: OrchestrationContext) {
    const scheduled = detailTime(ctx.initial!.state_details, 'scheduled_time');
    if (!scheduled) return;
    const delay = secondsUntil(scheduled);
    if (delay > 0) ctx.wait(delay, 'Scheduled time is in the future');
  }
}
