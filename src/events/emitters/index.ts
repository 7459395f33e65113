// Events the server emits itself (events §4). Producers build them inside
// their transaction and publish them with publishCommitted() after it commits.
export { flowRunStateChangeEvent, DEFAULT_EMITTER_OPTIONS, type FlowRunTransition } from './flow-run-state.ts';
export { flowLifecycleEvent, type FlowForEvents } from './flows.ts';
export { publishCommitted } from './publish.ts';
export { relatedResourceCache, type RelatedResourceOptions } from './related-resources.ts';
export { pythonIsoformat, statePayload, truncatedTo, TRUNCATE_STATE_MESSAGES_AT } from './format.ts';
