// Setting a flow run's state (§1.1, §3): lock the run, build the proposal,
// run the policy and the global bookkeeping, write, answer.
import type { Db } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import { GLOBAL_FLOW_TRANSFORMS } from './bookkeeping/index.ts';
import { FlowContext, type FlowRunWithState, type OrchestrationParameters } from './context.ts';
import { orchestrate } from './engine.ts';
import { CORE_FLOW_POLICY, MINIMAL_FLOW_POLICY } from './policies.ts';
import { resultOf } from './result.ts';
import type { Policy } from './rule.ts';
import { buildProposedState, stateFromRow, type OrchestratedState } from './states.ts';
import { canonicalId, inRunTransaction, lockRun } from './transaction.ts';
import type { FlowRunStateRow, OrchestrationOptions, OrchestrationResult, StateCreateInput, Tx } from './types.ts';
import { saveRunChanges, writeFlowRunState } from './write.ts';
import { flowRunStateChangeEvent } from '../events/emitters/flow-run-state.ts';

export function setFlowRunState(db: Db, flowRunId: string, state: StateCreateInput, options: OrchestrationOptions = {}): Promise<OrchestrationResult<FlowRunStateRow>> {
  return inRunTransaction(db, (tx) => setFlowRunStateIn(tx, flowRunId, state, options));
}

/** Inside a transaction the caller opened (e.g. run creation applying its initial state with force). */
export async function setFlowRunStateIn(tx: Tx, flowRunId: string, state: StateCreateInput, options: OrchestrationOptions = {}): Promise<OrchestrationResult<FlowRunStateRow>> {
  const run = await lockAndReadFlowRun(tx, flowRunId);
  if (!run) throw new ApiError(404, { exception_message: `Flow run with id ${flowRunId} not found` });
  const policy = options.force ? MINIMAL_FLOW_POLICY : CORE_FLOW_POLICY;
  // Built after the lock, so a request that waited gets a later timestamp than the one it waited for.
  return orchestrateFlowRun(tx, run, buildProposedState(state), policy, parametersOf(options));
}

export async function lockAndReadFlowRun(tx: Tx, flowRunId: string): Promise<FlowRunWithState | null> {
  const id = canonicalId(flowRunId);
  if (!id) return null;
  await lockRun(tx, 'flow_run', id);
  return tx.flowRun.findUnique({ where: { id }, include: { state: { include: { result_artifact: { select: { data: true } } } } } });
}

export async function orchestrateFlowRun(
  tx: Tx,
  run: FlowRunWithState,
  proposal: OrchestratedState,
  policy: Policy<FlowContext>,
  params: OrchestrationParameters,
): Promise<OrchestrationResult<FlowRunStateRow>> {
  const ctx = new FlowContext(tx, run, run.state ? stateFromRow(run.state) : null, proposal, params);
  const current = run.state;
  await orchestrate(ctx, policy, GLOBAL_FLOW_TRANSFORMS, writeFlowRunState);
  await saveRunChanges(ctx);
  const result = resultOf(ctx, ctx.written, current);
  // Built here, inside the transaction; published by the caller after commit.
  result.events = [...ctx.artifactEvents];
  if (ctx.written) result.events.push(await flowRunStateChangeEvent(tx, { run: ctx.run, initial: current, validated: ctx.written }, params.events));
  return result;
}

export const parametersOf = (options: OrchestrationOptions): OrchestrationParameters => ({
  apiVersion: options.apiVersion ?? null,
  clientVersion: options.clientVersion ?? null,
  events: options.events,
});
