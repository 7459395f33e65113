// The OrchestrationResult (§2): the written state, or the current one when nothing was written.
import type { OrchestrationContext } from './context.ts';
import { echoedData, stateDataOf, type StateRowLike } from './states.ts';
import type { OrchestrationResult } from './types.ts';

export function resultOf<S extends { data: unknown }>(ctx: OrchestrationContext, written: S | null, current: S | null): OrchestrationResult<S> {
  // A written state echoes the proposal's data, {"type": "unpersisted"} included (it is not stored).
  // The current state's data is its result artifact's (read with the run).
  const state = written ? { ...written, data: echoedData(ctx.proposed?.data ?? null) } : current && { ...current, data: stateDataOf(current as unknown as StateRowLike) ?? null };
  return { status: ctx.status, details: ctx.details, state, written: written !== null };
}
