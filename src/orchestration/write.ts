// The write step (§3.5) and the run-row update: the state row (after its
// result artifact, artifacts §7) is inserted first (flow_run.state_id
// references it), then every run column the rules and transforms changed goes
// out in one UPDATE, in the same transaction.
import { Prisma } from '../generated/sqlite/client.ts';
import type { FlowContext, OrchestrationContext, TaskContext } from './context.ts';
import type { OrchestratedState } from './states.ts';
import { writeResultArtifact, type ResultRunIds } from '../resources/artifacts/results.ts';

/**
 * The state row's columns. Its data goes to a result artifact written just
 * before it, in the same transaction (artifacts §7); the data column stays
 * empty and the row points at the artifact. The artifact's collection event
 * (a keyed result) waits on the context for the caller to publish after commit.
 */
async function stateColumns(ctx: OrchestrationContext, state: OrchestratedState, runs: ResultRunIds) {
  const result = await writeResultArtifact(ctx.tx, state.data, runs);
  ctx.artifactEvents.push(...result.events);
  return {
    id: state.id,
    type: state.type,
    name: state.name,
    timestamp: state.timestamp,
    message: state.message,
    state_details: state.state_details as Prisma.InputJsonObject,
    data: Prisma.DbNull,
    result_artifact_id: result.id,
  };
}

export async function writeFlowRunState(ctx: FlowContext): Promise<void> {
  if (!ctx.proposed) return;
  const columns = await stateColumns(ctx, ctx.proposed, { flow_run_id: ctx.run.id, task_run_id: null });
  ctx.written = await ctx.tx.flowRunState.create({ data: { ...columns, flow_run_id: ctx.run.id } });
  ctx.set('state_id', ctx.written.id);
}

export async function writeTaskRunState(ctx: TaskContext): Promise<void> {
  if (!ctx.proposed) return;
  const columns = await stateColumns(ctx, ctx.proposed, { flow_run_id: ctx.run.flow_run_id, task_run_id: ctx.run.id });
  ctx.written = await ctx.tx.taskRunState.create({ data: { ...columns, task_run_id: ctx.run.id } });
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
