// The state-orchestration engine: set_state for flow and task runs, resume,
// and the state shapes the API shows.
export { setFlowRunState, setFlowRunStateIn } from './flow-runs.ts';
export { resumeFlowRun } from './resume.ts';
export { fullStateDetails } from './state-details.ts';
export { setTaskRunState, setTaskRunStateIn } from './task-runs.ts';
export { STATE_TYPES, FINAL_TYPES, isFinal } from './types.ts';
export { MAX_CACHE_KEY_LENGTH } from './settings.ts';
export { withKeyLock, withLockedRun } from './transaction.ts';
export type {
  ApiVersion,
  FlowRunStateRow,
  OrchestrationDetails,
  OrchestrationOptions,
  OrchestrationResult,
  OrchestrationStatus,
  StateCreateInput,
  StateType,
  TaskRunStateRow,
  Tx,
} from './types.ts';
