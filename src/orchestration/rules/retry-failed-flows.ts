// RetryFailedFlows (§4.1): a failing flow with retries left is rescheduled as
// AwaitingRetry (now + retry_delay), carrying the failure's message and data.
import type { FlowContext } from '../context.ts';
import { only, Rule } from '../rule.ts';
import { awaitingRetry } from '../states.ts';
import { setTaskRunStateIn } from '../task-runs.ts';

const toNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export class RetryFailedFlows extends Rule<FlowContext> {
  readonly from = only('RUNNING');
  readonly to = only('FAILED');

  async before(ctx: FlowContext) {
    const policy = ctx.policy();
    // max_retries is the deprecated spelling; it only counts when retries is unset.
    const retries = toNumber(policy.retries) ?? (toNumber(policy.max_retries) || null);
    if (retries === null || ctx.run.run_count > retries) {
      // Cleared so a later infrastructure-level retry (e.g. from the UI) starts clean.
      ctx.updatePolicy({ retry_type: null });
      return;
    }
    const delaySeconds = toNumber(policy.retry_delay) ?? toNumber(policy.retry_delay_seconds) ?? 0;
    const scheduledTime = new Date(Date.now() + delaySeconds * 1000);

    // Clients older than API 0.8.3 expected the server to reset their failed tasks.
    if (!ctx.apiVersionAtLeast([0, 8, 3])) await resetFailedTaskRuns(ctx, scheduledTime);
    if (ctx.apiVersionAtLeast([0, 8, 4])) ctx.updatePolicy({ resuming: false, pause_keys: [], retry_type: 'in_process' });

    const proposed = ctx.proposed!;
    ctx.rejectWith(awaitingRetry(proposed, scheduledTime), 'Retrying');
  }
}

async function resetFailedTaskRuns(ctx: FlowContext, scheduledTime: Date): Promise<void> {
  const failed = await ctx.tx.taskRun.findMany({ where: { flow_run_id: ctx.run.id, state_type: 'FAILED' }, select: { id: true } });
  for (const { id } of failed) {
    await setTaskRunStateIn(ctx.tx, id, { type: 'SCHEDULED', name: 'AwaitingRetry', state_details: { scheduled_time: scheduledTime.toISOString() } }, { force: true });
    // So the task's own retries start over.
    await ctx.tx.taskRun.update({ where: { id }, data: { run_count: 0 } });
  }
}
