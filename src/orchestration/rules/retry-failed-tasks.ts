// RetryFailedTasks (§4.3): a failing task with retries left (and not marked
// retriable: false) is rescheduled as AwaitingRetry after its retry delay.
import type { TaskContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { awaitingRetry } from '../states.ts';

const toNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** prefect.utilities.math.clamped_poisson_interval: exponential around `average`, at most average × (1 + factor). */
export function clampedPoissonInterval(average: number, clampingFactor: number, random: () => number = Math.random): number {
  if (average <= 0) return 0;
  const upper = 1 - Math.exp(-(average * (1 + clampingFactor)) / average);
  const draw = random() * upper;
  // (+ 0 turns the -0 of log(1) into 0)
  return -Math.log(Math.max(1 - draw, 1e-10)) * average + 0;
}

/** Seconds to wait before the next attempt; a list gives one delay per attempt (the last repeats). */
export function retryDelaySeconds(policy: Record<string, unknown>, runCount: number, random?: () => number): number {
  const delay = policy.retry_delay;
  let base: number;
  if (Array.isArray(delay)) base = delay.length ? (toNumber(delay[Math.max(0, Math.min(runCount - 1, delay.length - 1))]) ?? 0) : 0;
  else base = toNumber(delay) ?? toNumber(policy.retry_delay_seconds) ?? 0;
  const jitter = toNumber(policy.retry_jitter_factor);
  return jitter ? clampedPoissonInterval(base, jitter, random) : base;
}

export class RetryFailedTasks extends Rule<TaskContext> {
  readonly from = only('RUNNING');
  readonly to = only('FAILED');

  before(ctx: TaskContext) {
    const proposed = ctx.proposed!;
    // Set by the client's retry_condition_fn.
    if (proposed.state_details.retriable === false) return;
    const policy = ctx.policy();
    const retries = toNumber(policy.retries) ?? (toNumber(policy.max_retries) || null);
    if (retries === null || ctx.run.run_count > retries) return;
    const scheduledTime = new Date(Date.now() + retryDelaySeconds(policy, ctx.run.run_count) * 1000);
    ctx.rejectWith(awaitingRetry(proposed, scheduledTime), 'Retrying');
  }
}
