// The global policies (§3.2): bookkeeping that runs after every policy, in this order.
import type { FlowContext, TaskContext } from '../context.ts';
import type { Transform } from '../rule.ts';
import { IncrementFlowRunCount, IncrementTaskRunCount, RemoveResumingIndicator } from './run-count.ts';
import {
  IncrementRunTime,
  SetEndTime,
  SetExpectedStartTime,
  SetNextScheduledStartTime,
  SetRunStateName,
  SetRunStateTimestamp,
  SetRunStateType,
  SetStartTime,
} from './run-columns.ts';
import { UpdateFlowStateDetails, UpdateSubflowStateDetails, UpdateTaskStateDetails } from './state-details.ts';
import { UpdateSubflowParentTask } from './subflow-parent.ts';
import { EnsureStateTimestampIsUnique } from './unique-timestamp.ts';

const RUN_COLUMNS = [SetRunStateType, SetRunStateName, SetRunStateTimestamp, SetStartTime, SetEndTime, IncrementRunTime, SetExpectedStartTime, SetNextScheduledStartTime] as const;

export const GLOBAL_FLOW_TRANSFORMS: readonly Transform<FlowContext>[] = [
  // First, so every column below uses the adjusted timestamp.
  EnsureStateTimestampIsUnique,
  ...RUN_COLUMNS,
  UpdateFlowStateDetails,
  UpdateSubflowParentTask,
  UpdateSubflowStateDetails,
  IncrementFlowRunCount,
  RemoveResumingIndicator,
];

export const GLOBAL_TASK_TRANSFORMS: readonly Transform<TaskContext>[] = [EnsureStateTimestampIsUnique, ...RUN_COLUMNS, UpdateTaskStateDetails, IncrementTaskRunCount];
