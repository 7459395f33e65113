// POST /flow_runs/{id}/resume (§1.3): a PAUSED flow run is proposed RUNNING
// (or, when suspended, SCHEDULED "Resuming" for a worker to pick up) through
// the core flow policy.
import type { Db } from '../db/client.ts';
import { INTEGRITY_CONFLICT, notFound, isUniqueViolation } from '../errors.ts';
import { hydrate, readRunInputSchema, RunInputRefused, validateRunInput } from './run-input.ts';
import { lockAndReadFlowRun, orchestrateFlowRun, parametersOf } from './flow-runs.ts';
import { CORE_FLOW_POLICY } from './policies.ts';
import { fullStateDetails, isPlainObject } from './state-details.ts';
import { makeState } from './states.ts';
import { inRunTransaction } from './transaction.ts';
import type { FlowRunStateRow, OrchestrationOptions, OrchestrationResult } from './types.ts';

/**
 * A pause that asked for input (a non-empty run_input_keyset) resumes only
 * with input valid for the schema stored under keyset.schema; the input is
 * then kept under keyset.response, in the same transaction as the new state.
 */
export function resumeFlowRun(
  db: Db,
  flowRunId: string,
  runInput: Record<string, unknown> | null,
  options: Omit<OrchestrationOptions, 'force'> = {},
): Promise<OrchestrationResult<FlowRunStateRow>> {
  return inRunTransaction(db, async (tx) => {
    const run = await lockAndReadFlowRun(tx, flowRunId);
    // Prefect fails with a 500 here; house rule: a 404 saying what is missing.
    if (!run) throw notFound('Flow run not found');
    const current = run.state;
    if (current?.type !== 'PAUSED') {
      return { status: 'ABORT', details: { type: 'abort_details', reason: 'Cannot resume a flow run that is not paused.' }, state: null, written: false };
    }
    const details = fullStateDetails(current.state_details);
    const keyset = details.run_input_keyset;
    const wantsInput = isPlainObject(keyset) && Object.keys(keyset).length > 0;
    let input: unknown = null;
    if (wantsInput) {
      try {
        input = hydrate(runInput ?? {});
        validateRunInput(await readRunInputSchema(tx, run.id, String(keyset.schema)), input);
      } catch (error) {
        if (!(error instanceof RunInputRefused)) throw error;
        // Prefect's quirk: status REJECT with abort-kind details.
        return { status: 'REJECT', details: { type: 'abort_details', reason: error.message }, state: current, written: false };
      }
    }
    const now = new Date();
    const proposal =
      details.pause_reschedule === true
        ? makeState('SCHEDULED', { name: 'Resuming', state_details: { scheduled_time: now.toISOString() } }, now)
        : makeState('RUNNING', { name: 'Running' }, now);
    const result = await orchestrateFlowRun(tx, run, proposal, CORE_FLOW_POLICY, parametersOf(options));
    if (wantsInput && result.status === 'ACCEPT' && isPlainObject(input) && Object.keys(input).length > 0) {
      try {
        await tx.flowRunInput.create({ data: { flow_run_id: run.id, key: String(keyset.response), value: JSON.stringify(input) } });
      } catch (error) {
        // The response key is taken: the whole resume, new state included, rolls back.
        if (isUniqueViolation(error)) throw INTEGRITY_CONFLICT;
        throw error;
      }
    }
    return result;
  });
}
