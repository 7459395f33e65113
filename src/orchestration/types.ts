// The public shapes of orchestration (orchestration.md §1–§2): state types,
// the proposal a caller sends, and the answer it gets back.
import type { FlowRunState, Prisma, TaskRunState } from '../generated/sqlite/client.ts';
import type { RelatedResourceOptions } from '../events/emitters/related-resources.ts';
import type { ReceivedEvent } from '../events/types.ts';
import type { SlotWaits } from '../resources/concurrency-limits/slots.ts';

export type StateType = 'SCHEDULED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'CRASHED' | 'PAUSED' | 'CANCELLING';

export const STATE_TYPES: readonly StateType[] = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'];

/** Exactly these four are final; CANCELLING and PAUSED are not. */
export const FINAL_TYPES: ReadonlySet<StateType> = new Set<StateType>(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

export const isFinal = (type: StateType | null | undefined): boolean => type != null && FINAL_TYPES.has(type);

/** A state type, or null for "no state" (as initial) / "write nothing" (as final proposal). */
export type StateTypeOrNone = StateType | null;

export interface StateCreateInput {
  type: StateType;
  name?: string | null;
  message?: string | null;
  data?: unknown;
  state_details?: Record<string, unknown> | null;
}

/** [major, minor, patch] of X-PREFECT-API-VERSION; null or absent = newest behaviour. */
export type ApiVersion = [number, number, number];

export interface OrchestrationOptions {
  /** Selects the minimal policy (flows: still PreventResultDataLoss and BypassCancellingFlowRunsWithNoInfra). */
  force?: boolean;
  apiVersion?: ApiVersion | null;
  /** From the User-Agent; only the (not yet implemented) deployment-concurrency rules read it. */
  clientVersion?: string | null;
  /** The flow-run state event's related-resource cache TTL and bound (events §4.2); Prefect's defaults when absent. */
  events?: RelatedResourceOptions;
  /** Slot waits of the tag-limit rules (PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS, …); Prefect's defaults when absent. */
  concurrency?: SlotWaits;
}

export type OrchestrationStatus = 'ACCEPT' | 'REJECT' | 'WAIT' | 'ABORT';

export type OrchestrationDetails =
  | { type: 'accept_details' }
  | { type: 'reject_details'; reason: string | null }
  | { type: 'abort_details'; reason: string | null }
  | { type: 'wait_details'; delay_seconds: number; reason: string | null };

/** state: the written state row or the current one, or null. */
export interface OrchestrationResult<S> {
  status: OrchestrationStatus;
  details: OrchestrationDetails;
  state: S | null;
  /**
   * This call inserted `state` (ACCEPT, or REJECT with a replacement or the
   * proposal kept): REST answers 201. Not part of Prefect's JSON.
   */
  written: boolean;
  /**
   * Flow runs: the `prefect.flow-run.<state>` event of the state this call
   * wrote; both run kinds: the collection event of a keyed result artifact
   * (artifacts §4.4). For the caller to publish once the transaction has committed
   * (events/emitters/publish.ts). Not part of Prefect's JSON.
   */
  events?: ReceivedEvent[];
}

export type FlowRunStateRow = FlowRunState;
export type TaskRunStateRow = TaskRunState;

/** The client handed to a $transaction callback. */
export type Tx = Prisma.TransactionClient;
