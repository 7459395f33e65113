// What a rule and a transform are (§3.3). A rule declares the FROM and TO
// state types it governs ("none" = null included where Prefect includes it);
// a new instance serves one request, so hooks may keep per-request memos.
import type { OrchestrationContext } from './context.ts';
import { STATE_TYPES, type StateType, type StateTypeOrNone } from './types.ts';

export type TypeSet = ReadonlySet<StateTypeOrNone>;

/** Every type plus "none" (Prefect's ALL_ORCHESTRATION_STATES). */
export const ALL: TypeSet = new Set<StateTypeOrNone>([...STATE_TYPES, null]);
export const FINAL: TypeSet = new Set<StateTypeOrNone>(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);
export const only = (...types: StateType[]): TypeSet => new Set<StateTypeOrNone>(types);
export const allExcept = (...types: StateType[]): TypeSet => new Set([...ALL].filter((t) => t === null || !types.includes(t)));

export abstract class Rule<C extends OrchestrationContext = OrchestrationContext> {
  abstract readonly from: TypeSet;
  abstract readonly to: TypeSet;

  /** Runs before the write, only while the proposal still has the original type. */
  before(_ctx: C): Promise<void> | void {}

  /** Runs after the write when the proposal ended where this rule left it. */
  after(_ctx: C): Promise<void> | void {}

  /** Runs after the write when a later rule moved the proposal: undo side effects. */
  cleanup(_ctx: C): Promise<void> | void {}
}

export type RuleClass<C extends OrchestrationContext> = new () => Rule<C>;

/**
 * Global bookkeeping (§5): runs on every request after the policy's rules,
 * on the final proposal, and does nothing when nothing is to be written.
 */
export interface Transform<C extends OrchestrationContext> {
  readonly name: string;
  before?(ctx: C): Promise<void> | void;
  after?(ctx: C): Promise<void> | void;
}

export interface Policy<C extends OrchestrationContext> {
  readonly name: string;
  readonly rules: readonly RuleClass<C>[];
}
