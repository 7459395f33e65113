// Run counters (§5.1, §5.5). A flow resuming from a pause re-enters RUNNING
// without counting a new attempt; the "resuming" marker is then dropped.
import type { FlowContext, TaskContext } from '../context.ts';
import type { Transform } from '../rule.ts';
import { isFinal } from '../types.ts';

/** Pauses (and the resuming marker) exist from API version 0.8.4 on. */
const PAUSES_SINCE: [number, number, number] = [0, 8, 4];

export const IncrementFlowRunCount: Transform<FlowContext> = {
  name: 'IncrementFlowRunCount',
  before(ctx) {
    if (ctx.proposed!.type !== 'RUNNING') return;
    if (ctx.apiVersionAtLeast(PAUSES_SINCE) && ctx.policy().resuming === true) return;
    ctx.set('run_count', ctx.run.run_count + 1);
  },
};

export const RemoveResumingIndicator: Transform<FlowContext> = {
  name: 'RemoveResumingIndicator',
  before(ctx) {
    const type = ctx.proposed!.type;
    if (!ctx.apiVersionAtLeast(PAUSES_SINCE) || !(type === 'RUNNING' || isFinal(type))) return;
    if (ctx.policy().resuming === true) ctx.updatePolicy({ resuming: false });
  },
};

/** Every entry into RUNNING counts, RUNNING → RUNNING included. */
export const IncrementTaskRunCount: Transform<TaskContext> = {
  name: 'IncrementTaskRunCount',
  before(ctx) {
    if (ctx.proposed!.type === 'RUNNING') ctx.set('run_count', ctx.run.run_count + 1);
  },
};
