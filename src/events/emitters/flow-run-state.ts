// `prefect.flow-run.<state name>` (events §4.2): the event a written flow-run
// state produces. Built inside the orchestration transaction (so it describes
// exactly what that transaction wrote) and carried back to the entry point,
// which publishes it only once the transaction has committed: a request that
// rolls back emits nothing. (Prefect emits before its commit.)
import type { Tx } from '../../orchestration/types.ts';
import type { ReceivedEvent } from '../types.ts';
import { pythonIsoformat, statePayload, truncatedTo, TRUNCATE_STATE_MESSAGES_AT, type EventState } from './format.ts';
import { flowRunRelatedResources, type FlowRunForEvents, type RelatedResourceOptions } from './related-resources.ts';

export interface FlowRunTransition {
  /** The run as the transaction left it (run_count already bumped). */
  run: FlowRunForEvents & { run_count: number };
  /** The state the run was in before, or null for its first state. */
  initial: EventState | null;
  /** The state row just written (the proposal, or a rule's replacement). */
  validated: EventState;
}

/** Prefect's default (PREFECT_SERVER_EVENTS_RELATED_RESOURCE_CACHE_TTL = 5 min, 100 related resources). */
export const DEFAULT_EMITTER_OPTIONS: RelatedResourceOptions = { relatedResourceCacheTtl: 300, maxRelatedResources: 100 };

/** Events link to the previous state only when it is within 5 minutes either way (exclusive). */
const TIGHT_TIMING_MS = 5 * 60_000;

const withTruncatedMessage = (state: EventState): EventState => ({ ...state, message: truncatedTo(TRUNCATE_STATE_MESSAGES_AT, state.message) });

export async function flowRunStateChangeEvent(tx: Tx, transition: FlowRunTransition, options: RelatedResourceOptions = DEFAULT_EMITTER_OPTIONS): Promise<ReceivedEvent> {
  const { run } = transition;
  // Prefect truncates the states' messages before building the event, whose
  // label and payload truncate them again: a long message's marker is itself
  // shortened a second time. Kept, since clients see exactly that.
  const initial = transition.initial && withTruncatedMessage(transition.initial);
  const validated = withTruncatedMessage(transition.validated);
  const occurred = validated.timestamp;
  const gap = initial ? occurred.getTime() - initial.timestamp.getTime() : NaN;
  return {
    occurred,
    event: `prefect.flow-run.${validated.name ?? ''}`,
    resource: {
      'prefect.resource.id': `prefect.flow-run.${run.id}`,
      'prefect.resource.name': run.name,
      'prefect.run-count': String(run.run_count),
      'prefect.state-message': truncatedTo(TRUNCATE_STATE_MESSAGES_AT, validated.message),
      'prefect.state-name': validated.name ?? '',
      'prefect.state-timestamp': pythonIsoformat(validated.timestamp),
      'prefect.state-type': validated.type,
    },
    related: await flowRunRelatedResources(tx, run, options),
    payload: {
      intended: { from: initial?.type ?? null, to: validated.type },
      initial_state: statePayload(initial),
      validated_state: statePayload(validated),
    },
    // The state's id, so that state events are ordered and deduplicated by it.
    id: validated.id,
    follows: initial && Math.abs(gap) < TIGHT_TIMING_MS ? initial.id : null,
    received: new Date(),
  };
}
