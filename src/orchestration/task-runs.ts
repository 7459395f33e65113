// Setting a task run's state (§1.2). The policy depends on the proposal:
// deferred (background) tasks always get the background policy, even forced.
import type { Db } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import { GLOBAL_TASK_TRANSFORMS } from './bookkeeping/index.ts';
import { TaskContext, type TaskRunWithState } from './context.ts';
import { orchestrate } from './engine.ts';
import { BACKGROUND_TASK_POLICY, CORE_TASK_POLICY, MINIMAL_TASK_POLICY } from './policies.ts';
import { resultOf } from './result.ts';
import { buildProposedState, stateFromRow } from './states.ts';
import { canonicalId, inRunTransaction, lockRun } from './transaction.ts';
import type { OrchestrationOptions, OrchestrationResult, StateCreateInput, TaskRunStateRow, Tx } from './types.ts';
import { saveRunChanges, writeTaskRunState } from './write.ts';

export function setTaskRunState(db: Db, taskRunId: string, state: StateCreateInput, options: OrchestrationOptions = {}): Promise<OrchestrationResult<TaskRunStateRow>> {
  return inRunTransaction(db, (tx) => setTaskRunStateIn(tx, taskRunId, state, options));
}

export async function setTaskRunStateIn(tx: Tx, taskRunId: string, state: StateCreateInput, options: OrchestrationOptions = {}): Promise<OrchestrationResult<TaskRunStateRow>> {
  const run = await lockAndReadTaskRun(tx, taskRunId);
  if (!run) throw new ApiError(404, { exception_message: `Task run with id ${taskRunId} not found` });
  const proposal = buildProposedState(state);
  const policy = proposal.state_details.deferred === true ? BACKGROUND_TASK_POLICY : options.force ? MINIMAL_TASK_POLICY : CORE_TASK_POLICY;
  // Task-run rules get no api-version or client version (§1.2); the tag-limit rules get their slot waits.
  const ctx = new TaskContext(tx, run, run.state ? stateFromRow(run.state) : null, proposal, { apiVersion: null, clientVersion: null, concurrency: options.concurrency });
  const current = run.state;
  await orchestrate(ctx, policy, GLOBAL_TASK_TRANSFORMS, writeTaskRunState);
  await saveRunChanges(ctx);
  // Collection events of a keyed result artifact, for the caller to publish after commit.
  return { ...resultOf(ctx, ctx.written, current), events: [...ctx.artifactEvents] };
}

/**
 * Prefect does not lock task runs; we do, so two concurrent proposals for one
 * task run cannot both pass the rules on the same initial state.
 */
async function lockAndReadTaskRun(tx: Tx, taskRunId: string): Promise<TaskRunWithState | null> {
  const id = canonicalId(taskRunId);
  if (!id) return null;
  await lockRun(tx, 'task_run', id);
  return tx.taskRun.findUnique({ where: { id }, include: { state: { include: { result_artifact: { select: { data: true } } } } } });
}
