// POST /flow_runs/{id}/resume (§1.3): a PAUSED flow run is proposed RUNNING
// (or, when suspended, SCHEDULED "Resuming" for a worker to pick up) through
// the core flow policy.
import type { Db } from '../db/client.ts';
import { notFound } from '../errors.ts';
import { lockAndReadFlowRun, orchestrateFlowRun, parametersOf } from './flow-runs.ts';
import { CORE_FLOW_POLICY } from './policies.ts';
import { fullStateDetails, isPlainObject } from './state-details.ts';
import { makeState } from './states.ts';
import { inRunTransaction } from './transaction.ts';
import type { FlowRunStateRow, OrchestrationOptions, OrchestrationResult } from './types.ts';

/**
 * run_input is accepted but not stored: without a flow_run_input table a
 * paused state that asks for input (a non-empty run_input_keyset) is refused
 * with the answer Prefect gives when the input schema row is missing.
 */
export function resumeFlowRun(
  db: Db,
  flowRunId: string,
  _runInput: Record<string, unknown> | null,
  options: Omit<OrchestrationOptions, 'force'> = {},
): Promise<OrchestrationResult<FlowRunStateRow>> {
  return inRunTransaction(db, async (tx) => {
    const run = await lockAndReadFlowRun(tx, flowRunId);
    // Prefect fails with a 500 here; house rule: a 404 saying what is missing.
    if (!run) throw notFound('Flow run not found');
    const current = run.state;
    if (!current || current.type !== 'PAUSED') {
      return { status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' }, state: null };
    }
    const details = fullStateDetails(current.state_details);
    const keyset = details.run_input_keyset;
    if (isPlainObject(keyset) && Object.keys(keyset).length > 0) {
      // Prefect's quirk: status REJECT with abort-kind details.
      return { status: 'REJECT', details: { type: 'abort_details', reason: 'Run input schema not found.' }, state: current };
    }
    const now = new Date();
    const proposal =
      details.pause_reschedule === true
        ? makeState('SCHEDULED', { name: 'Resuming', state_details: { scheduled_time: now.toISOString() } }, now)
        : makeState('RUNNING', { name: 'Running' }, now);
    return orchestrateFlowRun(tx, run, proposal, CORE_FLOW_POLICY, parametersOf(options));
  });
}
