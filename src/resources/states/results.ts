// OrchestrationResult (orchestration §2): what set_state and resume answer.
import { builder } from '../../graphql/builder.ts';
import { State, type StateRow } from './types.ts';

type Details =
  | { type: 'accept_details' }
  | { type: 'reject_details' | 'abort_details'; reason: string | null }
  | { type: 'wait_details'; delay_seconds: number; reason: string | null };

const reason = (t: any) => t.string({ nullable: true, description: 'Why orchestration answered this way.', resolve: (d: { reason: string | null }) => d.reason });
const kind = (t: any) =>
  t.string({
    description: 'The type of state transition detail. Used to ensure pydantic does not coerce into a different type.',
    resolve: (d: Details) => d.type,
  });

const AcceptDetails = builder.objectRef<Details>('AcceptDetails').implement({
  description: 'The proposed state was accepted.',
  fields: (t) => ({ type: kind(t) }),
});
const RejectDetails = builder.objectRef<Details>('RejectDetails').implement({
  description: 'The proposal was rejected; `state` is what the run should adopt.',
  fields: (t) => ({ type: kind(t), reason: reason(t) }),
});
const AbortDetails = builder.objectRef<Details>('AbortDetails').implement({
  description: 'Orchestration stopped; nothing was written.',
  fields: (t) => ({ type: kind(t), reason: reason(t) }),
});
const WaitDetails = builder.objectRef<Details>('WaitDetails').implement({
  description: 'Propose the same state again after `delay_seconds`.',
  fields: (t) => ({
    type: kind(t),
    delay_seconds: t.int({ description: 'How many seconds to wait before proposing the state again.', resolve: (d) => (d as { delay_seconds: number }).delay_seconds }),
    reason: reason(t),
  }),
});

const BY_TYPE = { accept_details: AcceptDetails, reject_details: RejectDetails, abort_details: AbortDetails, wait_details: WaitDetails };

const OrchestrationDetails = builder.unionType('OrchestrationDetails', {
  description: 'Why orchestration gave its answer: one of the details types, told apart by `type`.',
  types: [AcceptDetails, RejectDetails, AbortDetails, WaitDetails],
  resolveType: (d) => BY_TYPE[d.type],
});

export const SetStateStatus = builder.enumType('SetStateStatus', {
  description: 'What orchestration did with a proposed state.',
  values: {
    ACCEPT: { description: 'The proposed state was written.' },
    REJECT: { description: 'The proposed state was not written; the run should adopt the returned state.' },
    ABORT: { description: 'The transition was abandoned and nothing was written.' },
    WAIT: { description: 'Nothing was written; propose the state again after the delay in the details.' },
  } as const,
});

export interface OrchestrationAnswer {
  state: StateRow | null;
  status: 'ACCEPT' | 'REJECT' | 'ABORT' | 'WAIT';
  details: Details;
}

export const OrchestrationResult = builder.objectRef<OrchestrationAnswer>('OrchestrationResult').implement({
  description: 'The answer to a proposed state.',
  fields: (t) => ({
    state: t.field({ type: State, nullable: true, description: 'The state the run is now in: the proposed one when accepted.', resolve: (r) => r.state }),
    status: t.field({ type: SetStateStatus, description: 'What orchestration did with the proposed state.', resolve: (r) => r.status }),
    details: t.field({ type: OrchestrationDetails, description: 'Why orchestration answered this way.', resolve: (r) => r.details }),
  }),
});

export const BulkOrchestrationResult = builder.objectRef<OrchestrationAnswer & { flow_run_id: string }>('FlowRunOrchestrationResult').implement({
  description: 'The answer for one run of a bulk state change.',
  fields: (t) => ({
    flow_run_id: t.field({ type: 'UUID', description: 'The flow run this answer is for.', resolve: (r) => r.flow_run_id }),
    status: t.field({ type: SetStateStatus, description: 'What orchestration did with the proposed state.', resolve: (r) => r.status }),
    state: t.field({ type: State, nullable: true, description: 'The state the run is now in: the proposed one when accepted.', resolve: (r) => r.state }),
    details: t.field({ type: OrchestrationDetails, description: 'Why orchestration answered this way.', resolve: (r) => r.details }),
  }),
});

export const BulkStateResponse = builder.objectRef<{ results: (OrchestrationAnswer & { flow_run_id: string })[] }>('FlowRunBulkStateResponse').implement({
  description: 'The answers of a bulk state change, in processing order.',
  fields: (t) => ({ results: t.field({ type: [BulkOrchestrationResult], description: 'One answer per flow run.', resolve: (r) => r.results }) }),
});
