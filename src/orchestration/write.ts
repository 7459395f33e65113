// The write step (§3.5) and the run-row update: the state row is inserted
// first (flow_run.state_id references it), then every run column the rules
// and transforms changed goes out in one UPDATE, in the same transaction.
import { Prisma } from '../generated/sqlite/client.ts';
import type { FlowContext, OrchestrationContext, TaskContext } from './context.ts';
import { storedData, type OrchestratedState } from './states.ts';

function stateColumns(state: OrchestratedState) {
  const data = storedData(state.data);
  return {
    id: state.id,
    type: state.type,
    name: state.name,
    timestamp: state.timestamp,
    message: state.message,
    state_details: state.state_details as Prisma.InputJsonObject,
    data: data === null ? Prisma.DbNull : (data as Prisma.InputJsonValue),
  };
}

export async function writeFlowRunState(ctx: FlowContext): Promise<void> {
  if (!ctx.proposed) return;
  ctx.written = await ctx.tx.flowRunState.create({ data: { ...stateColumns(ctx.proposed), flow_run_id: ctx.run.id } });
  ctx.set('state_id', ctx.written.id);
}

export async function writeTaskRunState(ctx: TaskContext): Promise<void> {
  if (!ctx.proposed) return;
  ctx.written = await ctx.tx.taskRunState.create({ data: { ...stateColumns(ctx.proposed), task_run_id: ctx.run.id } });
  ctx.set('state_id', ctx.written.id);
}

/** Writes the collected run-column changes (nothing when no rule changed anything). */
export async function saveRunChanges(ctx: OrchestrationContext): Promise<void> {
  const data: Record<string, unknown> = { ...ctx.changes };
  if (Object.keys(data).length === 0) return;
  if (ctx.kind === 'flow') {
    // The stored COALESCE(start_time, expected_start_time) that filters and sorts use.
    if ('start_time' in data || 'expected_start_time' in data) {
      const run = (ctx as FlowContext).run;
      data.effective_start_time = run.start_time ?? run.expected_start_time;
    }
    await ctx.tx.flowRun.update({ where: { id: ctx.run.id }, data: data as Prisma.FlowRunUncheckedUpdateInput });
  } else {
    await ctx.tx.taskRun.update({ where: { id: ctx.run.id }, data: data as Prisma.TaskRunUncheckedUpdateInput });
  }
}
