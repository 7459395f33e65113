// The orchestration context (§3.3): one per request. Rules read the run, the
// current (initial) state and the proposal, and act through reject / wait /
// abort / rename; run columns they change are collected and written once.
import { ApiError } from '../errors.ts';
import type { FlowRun, FlowRunState, TaskRun, TaskRunState } from '../generated/sqlite/client.ts';
import { isPlainObject } from './state-details.ts';
import type { OrchestratedState } from './states.ts';
import type { RelatedResourceOptions } from '../events/emitters/related-resources.ts';
import type { ApiVersion, OrchestrationDetails, OrchestrationStatus, StateTypeOrNone, Tx } from './types.ts';
import type { SlotWaits } from '../resources/concurrency-limits/slots.ts';
import type { ReceivedEvent } from '../events/types.ts';

export type FlowRunWithState = FlowRun & { state: FlowRunState | null };
export type TaskRunWithState = TaskRun & { state: TaskRunState | null };

export interface OrchestrationParameters {
  apiVersion: ApiVersion | null;
  clientVersion: string | null;
  events?: RelatedResourceOptions;
  /** The tag-limit rules' slot waits (Prefect's defaults when absent). */
  concurrency?: SlotWaits;
}

export abstract class OrchestrationContext<Run extends FlowRunWithState | TaskRunWithState = FlowRunWithState | TaskRunWithState, Row = FlowRunState | TaskRunState> {
  abstract readonly kind: 'flow' | 'task';
  status: OrchestrationStatus = 'ACCEPT';
  details: OrchestrationDetails = { type: 'accept_details' };
  /** The state row written for this request, once the write step ran. */
  written: Row | null = null;
  /**
   * Where the rule now firing left the proposal: the original type, its
   * replacement's type, or null when it cancelled it. Decides after/cleanup.
   */
  ruleTarget: StateTypeOrNone = null;
  /** Run columns changed by rules and transforms, written after the state row. */
  readonly changes: Record<string, unknown> = {};
  /** Collection events of result artifacts written in this transaction (artifacts §4.4), published after commit. */
  readonly artifactEvents: ReceivedEvent[] = [];

  constructor(
    readonly tx: Tx,
    readonly run: Run,
    readonly initial: OrchestratedState | null,
    public proposed: OrchestratedState | null,
    readonly params: OrchestrationParameters,
  ) {}

  get initialType(): StateTypeOrNone {
    return this.initial?.type ?? null;
  }

  get proposedType(): StateTypeOrNone {
    return this.proposed?.type ?? null;
  }

  /** Changes a run column (kept in memory for later rules, written at the end). */
  set<K extends Exclude<keyof Run, 'state'> & string>(field: K, value: Run[K]): void {
    this.run[field] = value;
    this.changes[field] = value;
  }

  /** A copy of the run's empirical_policy object. */
  policy(): Record<string, unknown> {
    const stored = this.run.empirical_policy;
    return isPlainObject(stored) ? { ...stored } : {};
  }

  updatePolicy(patch: Record<string, unknown>): void {
    this.set('empirical_policy' as never, { ...this.policy(), ...patch } as never);
  }

  /** True when no api-version was sent or it is at least `version` (legacy switches). */
  apiVersionAtLeast(version: ApiVersion): boolean {
    const sent = this.params.apiVersion;
    if (!sent) return true;
    for (let i = 0; i < 3; i++) if (sent[i] !== version[i]) return sent[i] > version[i];
    return true;
  }

  // The four outcomes a rule may choose; each overwrites status and details (last wins).

  /** REJECT with a replacement state, which becomes the proposal. */
  rejectWith(state: OrchestratedState, reason: string): void {
    this.proposed = state;
    this.ruleTarget = state.type;
    this.status = 'REJECT';
    this.details = { type: 'reject_details', reason };
  }

  /** REJECT keeping the current state: nothing is written. */
  rejectKeepingCurrent(reason: string): void {
    if (!this.initial) throw new Error('A transition cannot be rejected without a replacement when the run has no state.');
    this.cancel();
    this.status = 'REJECT';
    this.details = { type: 'reject_details', reason };
  }

  wait(delaySeconds: number, reason: string): void {
    this.cancel();
    this.status = 'WAIT';
    this.details = { type: 'wait_details', delay_seconds: delaySeconds, reason };
  }

  abort(reason: string): void {
    this.cancel();
    this.status = 'ABORT';
    this.details = { type: 'abort_details', reason };
  }

  /** Renames the proposal; the status is unchanged and later rules still fire. */
  rename(name: string): void {
    if (this.proposed) this.proposed.name = name;
  }

  private cancel(): void {
    this.proposed = null;
    this.ruleTarget = null;
  }
}

export class FlowContext extends OrchestrationContext<FlowRunWithState, FlowRunState> {
  readonly kind = 'flow' as const;
}

export class TaskContext extends OrchestrationContext<TaskRunWithState, TaskRunState> {
  readonly kind = 'task' as const;
  private flowRunRead: Promise<FlowRunWithState | null> | undefined;

  /** The task's flow run with its current state (null for autonomous tasks or a vanished run); read once. */
  flowRun(): Promise<FlowRunWithState | null> {
    const id = this.run.flow_run_id;
    if (!id) return Promise.resolve(null);
    this.flowRunRead ??= this.tx.flowRun.findUnique({ where: { id }, include: { state: true } });
    return this.flowRunRead;
  }

  /** UpdateFlowRunTrackerOnTasks' answer when the flow run vanished mid-request. */
  flowRunMissing(): ApiError {
    return new ApiError(404, {
      exception_message: `Unable to read flow run associated with task run: ${this.run.id}, this flow run might have been deleted`,
    });
  }
}
