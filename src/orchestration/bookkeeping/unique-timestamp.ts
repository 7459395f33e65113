// EnsureFlowRunStateTimestampIsUnique (§5.2). States of one run are unique by
// timestamp. Our clock has milliseconds, so two transitions within one
// millisecond would collide: the proposal moves on by 1 ms until free. Task
// runs get the same nudge (Prefect has none; its microsecond clock makes
// collisions practically impossible, ours does not).
import type { FlowContext, OrchestrationContext, TaskContext } from '../context.ts';
import type { Transform } from '../rule.ts';

async function takenTimestamps(ctx: OrchestrationContext, from: Date): Promise<Set<number>> {
  const rows =
    ctx.kind === 'flow'
      ? await (ctx as FlowContext).tx.flowRunState.findMany({ where: { flow_run_id: ctx.run.id, timestamp: { gte: from } }, select: { timestamp: true } })
      : await (ctx as TaskContext).tx.taskRunState.findMany({ where: { task_run_id: ctx.run.id, timestamp: { gte: from } }, select: { timestamp: true } });
  return new Set(rows.map((row) => row.timestamp.getTime()));
}

export const EnsureStateTimestampIsUnique: Transform<OrchestrationContext> = {
  name: 'EnsureStateTimestampIsUnique',
  async before(ctx) {
    const state = ctx.proposed!;
    const taken = await takenTimestamps(ctx, state.timestamp);
    let ms = state.timestamp.getTime();
    while (taken.has(ms)) ms += 1;
    if (ms !== state.timestamp.getTime()) state.timestamp = new Date(ms);
  },
};
