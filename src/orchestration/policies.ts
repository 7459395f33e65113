// Ordered rule lists (§3.2); the order is the priority. Rules of Prefect's
// lists that need tables this server does not have yet are left out and named
// here, in place, so the gaps are visible:
//   core flow, minimal flow and mark late: InstrumentFlowRunStateTransitions (the state
//     event is built by flow-runs.ts after the write instead)
// Prefect's transforms among them (PreserveDeploymentConcurrencyLeaseId,
// ReleaseFlowConcurrencySlots) are listed first with every FROM and TO type,
// so that they always fire.
//   background task: EnqueueScheduledTasks
import type { FlowContext, TaskContext } from './context.ts';
import type { Policy } from './rule.ts';
import { BypassCancellingFlowRunsWithNoInfra } from './rules/bypass-cancelling-flow-runs-with-no-infra.ts';
import { CacheInsertion } from './rules/cache-insertion.ts';
import { CacheRetrieval } from './rules/cache-retrieval.ts';
import { CopyScheduledTime } from './rules/copy-scheduled-time.ts';
import { CopyTaskParametersID } from './rules/copy-task-parameters-id.ts';
import { EnforceCancellingToCancelledTransition } from './rules/enforce-cancelling-to-cancelled-transition.ts';
import { EnforceDeploymentConcurrencyOnLate } from './rules/enforce-deployment-concurrency-on-late.ts';
import { EnsureOnlyScheduledFlowsMarkedLate } from './rules/ensure-only-scheduled-flows-marked-late.ts';
import { HandleFlowTerminalStateTransitions } from './rules/handle-flow-terminal-state-transitions.ts';
import { HandlePausingFlows } from './rules/handle-pausing-flows.ts';
import { HandleResumingPausedFlows } from './rules/handle-resuming-paused-flows.ts';
import { HandleTaskTerminalStateTransitions } from './rules/handle-task-terminal-state-transitions.ts';
import { PreserveDeploymentConcurrencyLeaseId } from './rules/preserve-deployment-concurrency-lease-id.ts';
import { PreventDuplicateTransitions } from './rules/prevent-duplicate-transitions.ts';
import { PreventPendingTransitions } from './rules/prevent-pending-transitions.ts';
import { PreventResultDataLoss } from './rules/prevent-result-data-loss.ts';
import { PreventRunningTasksFromStoppedFlows } from './rules/prevent-running-tasks-from-stopped-flows.ts';
import { ReleaseFlowConcurrencySlots } from './rules/release-flow-concurrency-slots.ts';
import { ReleaseTaskConcurrencySlots } from './rules/release-task-concurrency-slots.ts';
import { RemoveDeploymentConcurrencyLeaseForOldClientVersions } from './rules/remove-deployment-concurrency-lease-for-old-client-versions.ts';
import { RenameReruns } from './rules/rename-reruns.ts';
import { RetryFailedFlows } from './rules/retry-failed-flows.ts';
import { RetryFailedTasks } from './rules/retry-failed-tasks.ts';
import { SecureFlowConcurrencySlots } from './rules/secure-flow-concurrency-slots.ts';
import { SecureTaskConcurrencySlots } from './rules/secure-task-concurrency-slots.ts';
import { UpdateFlowRunTrackerOnTasks } from './rules/update-flow-run-tracker-on-tasks.ts';
import { ValidateDeploymentConcurrencyAtRunning } from './rules/validate-deployment-concurrency-at-running.ts';
import { WaitForScheduledTime } from './rules/wait-for-scheduled-time.ts';

export const CORE_FLOW_POLICY: Policy<FlowContext> = {
  name: 'CoreFlowPolicy',
  rules: [
    PreserveDeploymentConcurrencyLeaseId,
    ReleaseFlowConcurrencySlots,
    PreventDuplicateTransitions,
    HandleFlowTerminalStateTransitions,
    EnforceCancellingToCancelledTransition,
    BypassCancellingFlowRunsWithNoInfra,
    PreventPendingTransitions,
    ValidateDeploymentConcurrencyAtRunning,
    SecureFlowConcurrencySlots,
    RemoveDeploymentConcurrencyLeaseForOldClientVersions,
    EnsureOnlyScheduledFlowsMarkedLate,
    HandlePausingFlows,
    HandleResumingPausedFlows,
    CopyScheduledTime,
    WaitForScheduledTime,
    RetryFailedFlows,
  ],
};

/** force: true. Not a full bypass: result data and infrastructure-less cancels are still guarded. */
export const MINIMAL_FLOW_POLICY: Policy<FlowContext> = {
  name: 'MinimalFlowPolicy',
  rules: [ReleaseFlowConcurrencySlots, PreventResultDataLoss, BypassCancellingFlowRunsWithNoInfra],
};

/** Used by the late-runs service (not a route). */
export const MARK_LATE_POLICY: Policy<FlowContext> = {
  name: 'MarkLateRunsPolicy',
  rules: [EnsureOnlyScheduledFlowsMarkedLate, EnforceDeploymentConcurrencyOnLate],
};

export const CORE_TASK_POLICY: Policy<TaskContext> = {
  name: 'CoreTaskPolicy',
  rules: [
    // Prefect's transform, first so that it always fires (see its file).
    ReleaseTaskConcurrencySlots,
    CacheRetrieval,
    HandleTaskTerminalStateTransitions,
    PreventRunningTasksFromStoppedFlows,
    SecureTaskConcurrencySlots,
    CopyScheduledTime,
    WaitForScheduledTime,
    RetryFailedTasks,
    RenameReruns,
    UpdateFlowRunTrackerOnTasks,
    CacheInsertion,
  ],
};

/** Proposals with state_details.deferred = true, even when forced. */
export const BACKGROUND_TASK_POLICY: Policy<TaskContext> = {
  name: 'BackgroundTaskPolicy',
  rules: [
    ReleaseTaskConcurrencySlots,
    PreventPendingTransitions,
    CacheRetrieval,
    HandleTaskTerminalStateTransitions,
    CopyScheduledTime,
    CopyTaskParametersID,
    WaitForScheduledTime,
    RetryFailedTasks,
    RenameReruns,
    UpdateFlowRunTrackerOnTasks,
    CacheInsertion,
  ],
};

/** force: true for tasks: only bookkeeping and the release of tag-limit slots. */
export const MINIMAL_TASK_POLICY: Policy<TaskContext> = { name: 'MinimalTaskPolicy', rules: [ReleaseTaskConcurrencySlots] };
