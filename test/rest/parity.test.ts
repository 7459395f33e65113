// Walks the REST route table: every route must have a sample here, and for each
// the REST answer equals what its GraphQL root field answers (writes run on two
// equal fixtures, one per door, and their answers are compared minus ids/times).
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/rest/routes.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

const FLOW = '{ id created updated name tags labels }';
const STATE =
  '{ id type name timestamp message data state_details { flow_run_id task_run_id child_flow_run_id scheduled_time cache_key cache_expiration deferred untrackable_result pause_timeout pause_reschedule pause_key run_input_keyset refresh_cache retriable transition_id task_parameters_id traceparent deployment_concurrency_lease_id } }';
const POLICY = '{ max_retries retry_delay_seconds retries retry_delay pause_keys resuming retry_type }';
const FLOW_RUN = `{ id created updated name flow_id state_id deployment_id deployment_version work_queue_id work_queue_name flow_version parameters idempotency_key context empirical_policy ${POLICY} tags labels parent_task_run_id state_type state_name run_count expected_start_time next_scheduled_start_time start_time end_time total_run_time estimated_run_time estimated_start_time_delta auto_scheduled infrastructure_document_id infrastructure_pid created_by { id type display_value } work_pool_id work_pool_name state ${STATE} job_variables }`;
const TASK_POLICY = '{ max_retries retry_delay_seconds retries retry_delay retry_jitter_factor }';
const TASK_RUN = `{ id created updated name flow_run_id task_key dynamic_key cache_key cache_expiration task_version empirical_policy ${TASK_POLICY} tags labels state_id task_inputs state_type state_name run_count flow_run_run_count expected_start_time next_scheduled_start_time start_time end_time total_run_time estimated_run_time estimated_start_time_delta state ${STATE} }`;
const TASK_RUN_RESPONSE = `{ id created updated name flow_run_id task_key state_id state ${STATE} task_version task_inputs empirical_policy ${TASK_POLICY} tags start_time end_time total_run_time estimated_run_time estimated_start_time_delta }`;
const TAG_LIMIT = '{ id created updated tag concurrency_limit active_slots }';
const SCHEDULE = '{ id created updated deployment_id schedule active max_scheduled_runs parameters slug }';
const DEPLOYMENT = `{ id created updated name version description flow_id paused schedules ${SCHEDULE} concurrency_limit global_concurrency_limit { id created updated active name limit active_slots slot_decay_per_second } concurrency_options { collision_strategy grace_period_seconds } job_variables parameters tags labels work_queue_name work_queue_id last_polled parameter_openapi_schema path pull_steps entrypoint storage_document_id infrastructure_document_id created_by { id type display_value } updated_by { id type display_value } work_pool_name status enforce_parameter_schema }`;
const WORK_POOL = '{ id created updated name description type base_job_template is_paused concurrency_limit status default_queue_id storage_configuration active_slots }';
const WORK_QUEUE =
  '{ id created updated name description is_paused concurrency_limit priority work_pool_id filter { tags deployment_ids } last_polled work_pool_name status active_slots }';
const BLOCK_TYPE = '{ id created updated name slug logo_url documentation_url description code_example is_protected }';
const BLOCK_SCHEMA = `{ id created updated checksum fields block_type_id block_type ${BLOCK_TYPE} capabilities version }`;
const RESULT = `{ state ${STATE} status details { ... on AcceptDetails { type } ... on RejectDetails { type reason } ... on AbortDetails { type reason } ... on WaitDetails { type delay_seconds reason } } }`;

interface Sample {
  /** REST path and body; `$id`/`$name` are replaced by a fixture's. */
  path: string;
  body?: unknown;
  /** GraphQL document; $id / $name variables are filled the same way. */
  query: string;
  variables?: Record<string, unknown>;
  /** Writes: each door gets its own fixture; results compared minus volatile keys. */
  write?: boolean;
  /** A number that grows with time (lateness): equal to the second. */
  approx?: boolean;
}

/** Values a sample's path and variables refer to ($id, $name, $flow_run_id, $task_run_id, $state_id). */
type Fixture = Record<string, string>;

const samples: Record<string, Sample> = {
  health_check: { path: '/health', query: '{ health_check }' },
  server_version: { path: '/version', query: '{ server_version }' },
  hello: { path: '/hello', query: '{ hello }' },
  perform_readiness_check: { path: '/ready', query: '{ perform_readiness_check }' },
  read_settings: { path: '/admin/settings', query: '{ read_settings }' },
  read_version: { path: '/admin/version', query: '{ read_version }' },
  read_server_default_result_storage: { path: '/admin/storage', query: '{ read_server_default_result_storage { default_result_storage_block_id } }' },
  // No block documents exist: both doors answer 404 "Block document … not found."
  update_server_default_result_storage: {
    path: '/admin/storage',
    body: { default_result_storage_block_id: '$flow_id' },
    query: 'mutation($flow_id: UUID!) { update_server_default_result_storage(storage: { default_result_storage_block_id: $flow_id }) { default_result_storage_block_id } }',
  },
  clear_server_default_result_storage: { path: '/admin/storage', query: 'mutation { clear_server_default_result_storage }', write: true },
  // CSRF protection is off in this server: both doors answer 422 "CSRF protection is disabled."
  create_csrf_token: { path: '/csrf-token?client=parity', query: 'mutation { create_csrf_token(client: "parity") { token } }' },
  clear_database: { path: '/admin/database/clear', body: { confirm: false }, query: 'mutation { clear_database(confirm: false) }' },
  drop_database: { path: '/admin/database/drop', body: {}, query: 'mutation { drop_database }' },
  create_database: { path: '/admin/database/create', body: { confirm: true }, query: 'mutation { create_database(confirm: true) }' },
  create_flow: { path: '/flows/', body: { name: 'parity-new', tags: ['x'] }, query: `mutation { create_flow(flow: { name: "parity-new", tags: ["x"] }) ${FLOW} }` },
  update_flow: { path: '/flows/$id', body: { tags: ['t'] }, query: `mutation($id: UUID!) { update_flow(id: $id, flow: { tags: ["t"] }) ${FLOW} }`, write: true },
  count_flows: { path: '/flows/count', body: { flows: { tags: { all_: ['parity'] } } }, query: '{ count_flows(flows: { tags: { all_: ["parity"] } }) }' },
  read_flow_by_name: { path: '/flows/name/$name', query: `query($name: String!) { read_flow_by_name(name: $name) ${FLOW} }` },
  read_flow: { path: '/flows/$id', query: `query($id: UUID!) { read_flow(id: $id) ${FLOW} }` },
  read_flows: {
    path: '/flows/filter',
    body: { flows: { name: { like_: 'parity' } }, sort: 'NAME_DESC', limit: 5 },
    query: `{ read_flows(flows: { name: { like_: "parity" } }, sort: NAME_DESC, limit: 5) ${FLOW} }`,
  },
  delete_flow: { path: '/flows/$id', query: 'mutation($id: UUID!) { delete_flow(id: $id) }', write: true },
  bulk_delete_flows: {
    path: '/flows/bulk_delete',
    body: { flows: { id: { any_: ['$flow_id'] } }, limit: 1 },
    query: 'mutation($flow_id: UUID!) { bulk_delete_flows(flows: { id: { any_: [$flow_id] } }, limit: 1) { deleted } }',
    write: true,
  },
  bulk_delete_flow_runs: {
    path: '/flow_runs/bulk_delete',
    body: { flow_runs: { id: { any_: ['$flow_run_id'] } } },
    query: 'mutation($flow_run_id: UUID!) { bulk_delete_flow_runs(flow_runs: { id: { any_: [$flow_run_id] } }) { deleted } }',
    write: true,
  },
  bulk_set_flow_run_state: {
    path: '/flow_runs/bulk_set_state',
    body: { flow_runs: { id: { any_: ['$flow_run_id'] } }, state: { type: 'CANCELLED' }, force: true },
    query: `mutation($flow_run_id: UUID!) { bulk_set_flow_run_state(flow_runs: { id: { any_: [$flow_run_id] } }, state: { type: CANCELLED }, force: true) { results { flow_run_id status state ${STATE} details { ... on AcceptDetails { type } ... on RejectDetails { type reason } ... on AbortDetails { type reason } ... on WaitDetails { type delay_seconds reason } } } } }`,
    write: true,
  },
  paginate_flows: { path: '/flows/paginate', body: { limit: 1, page: 2 }, query: `{ paginate_flows(limit: 1, page: 2) { results ${FLOW} count limit pages page } }` },

  create_flow_run: {
    path: '/flow_runs/',
    body: { flow_id: '$flow_id', tags: ['p'] },
    query: `mutation($flow_id: UUID!) { create_flow_run(flow_run: { flow_id: $flow_id, tags: ["p"] }) ${FLOW_RUN} }`,
    write: true,
  },
  update_flow_run: {
    path: '/flow_runs/$flow_run_id',
    body: { tags: ['u'] },
    query: `mutation($flow_run_id: UUID!) { update_flow_run(id: $flow_run_id, flow_run: { tags: ["u"] }) { id } }`,
    write: true,
  },
  count_flow_runs: { path: '/flow_runs/count', body: { flow_runs: { tags: { all_: ['parity'] } } }, query: '{ count_flow_runs(flow_runs: { tags: { all_: ["parity"] } }) }' },
  read_flow_run: { path: '/flow_runs/$flow_run_id', query: `query($flow_run_id: UUID!) { read_flow_run(id: $flow_run_id) ${FLOW_RUN} }` },
  resume_flow_run: { path: '/flow_runs/$flow_run_id/resume', body: {}, query: `mutation($flow_run_id: UUID!) { resume_flow_run(id: $flow_run_id) ${RESULT} }` },
  read_flow_runs: {
    path: '/flow_runs/filter',
    body: { flow_runs: { tags: { all_: ['parity'] } }, sort: 'NAME_ASC', limit: 3 },
    query: `{ read_flow_runs(flow_runs: { tags: { all_: ["parity"] } }, sort: NAME_ASC, limit: 3) ${FLOW_RUN} }`,
  },
  download_logs: { path: '/flow_runs/$flow_run_id/logs/download', query: 'query($flow_run_id: UUID!) { download_logs(id: $flow_run_id) }' },
  create_logs: {
    path: '/logs/',
    body: [{ name: 'parity', level: 20, message: 'm', timestamp: '2024-01-01T00:00:00Z', flow_run_id: '$flow_run_id' }],
    query: 'mutation($flow_run_id: UUID!) { create_logs(logs: [{ name: "parity", level: 20, message: "m", timestamp: "2024-01-01T00:00:00Z", flow_run_id: $flow_run_id }]) }',
    write: true,
  },
  read_logs: {
    path: '/logs/filter',
    body: { logs: { flow_run_id: { any_: ['$flow_run_id'] } }, sort: 'TIMESTAMP_DESC', limit: 5 },
    query:
      'query($flow_run_id: UUID!) { read_logs(logs: { flow_run_id: { any_: [$flow_run_id] } }, sort: TIMESTAMP_DESC, limit: 5) { id created updated name level message timestamp flow_run_id task_run_id } }',
  },
  // Events in the future: the db vacuum's first pass (at server start, sometimes late) deletes events past retention.
  create_events: {
    path: '/events',
    body: [{ occurred: '2099-01-01T00:00:00Z', event: 'parity.happened', resource: { 'prefect.resource.id': 'parity.thing' }, id: '$flow_id' }],
    query:
      'mutation($flow_id: UUID!, $resource: JSON!) { create_events(events: [{ occurred: "2099-01-01T00:00:00Z", event: "parity.happened", resource: $resource, id: $flow_id }]) }',
    variables: { resource: { 'prefect.resource.id': 'parity.thing' } },
    write: true,
  },
  // Reading events over a fixed window (no time-dependent defaults); the page token is a hand-made one.
  read_events: {
    path: '/events/filter',
    body: { filter: { occurred: { since: '2099-01-01T00:00:00Z', until: '2099-01-02T00:00:00Z' }, order: 'ASC' }, limit: 5 },
    query:
      '{ read_events(filter: { occurred: { since: "2099-01-01T00:00:00Z", until: "2099-01-02T00:00:00Z" }, order: ASC }, limit: 5) { events { occurred event resource related payload id follows received } total next_page } }',
  },
  read_account_events_page: {
    path: '/events/filter/next?page-token=ZXlKbWFXeDBaWElpT25zaWIyTmpkWEp5WldRaU9uc2ljMmx1WTJVaU9pSXlNREkwTFRBeExUQXhWREF3T2pBd09qQXdXaUlzSW5WdWRHbHNJam9pTWpBeU5DMHdNUzB3TWxRd01Eb3dNRG93TUZvaWZTd2liM0prWlhJaU9pSkJVME1pZlN3aVkyOTFiblFpT2pJc0luQmhaMlZmYzJsNlpTSTZNU3dpYjJabWMyVjBJam94ZlE9PQ==',
    query:
      '{ read_account_events_page(page_token: "ZXlKbWFXeDBaWElpT25zaWIyTmpkWEp5WldRaU9uc2ljMmx1WTJVaU9pSXlNREkwTFRBeExUQXhWREF3T2pBd09qQXdXaUlzSW5WdWRHbHNJam9pTWpBeU5DMHdNUzB3TWxRd01Eb3dNRG93TUZvaWZTd2liM0prWlhJaU9pSkJVME1pZlN3aVkyOTFiblFpT2pJc0luQmhaMlZmYzJsNlpTSTZNU3dpYjJabWMyVjBJam94ZlE9PQ==") { events { occurred event resource related payload id follows received } total next_page } }',
  },
  count_account_events: {
    path: '/events/count-by/event',
    body: { filter: { occurred: { since: '2099-01-01T00:00:00Z', until: '2099-01-02T00:00:00Z' } } },
    query:
      '{ count_account_events(countable: event, filter: { occurred: { since: "2099-01-01T00:00:00Z", until: "2099-01-02T00:00:00Z" } }) { value label count start_time end_time } }',
  },
  delete_flow_run: { path: '/flow_runs/$flow_run_id', query: 'mutation($flow_run_id: UUID!) { delete_flow_run(id: $flow_run_id) }', write: true },
  set_flow_run_state: {
    path: '/flow_runs/$flow_run_id/set_state',
    body: { state: { type: 'RUNNING', message: 'go' } },
    query: `mutation($flow_run_id: UUID!) { set_flow_run_state(id: $flow_run_id, state: { type: RUNNING, message: "go" }) ${RESULT} }`,
    write: true,
  },
  paginate_flow_runs: {
    path: '/flow_runs/paginate',
    body: { limit: 2, sort: 'NAME_DESC' },
    query: `{ paginate_flow_runs(limit: 2, sort: NAME_DESC) { results ${FLOW_RUN} count limit pages page } }`,
  },
  update_flow_run_labels: {
    path: '/flow_runs/$flow_run_id/labels',
    body: { a: 'b' },
    query: 'mutation($flow_run_id: UUID!) { update_flow_run_labels(id: $flow_run_id, labels: { a: "b" }) }',
    write: true,
  },
  create_task_run: {
    path: '/task_runs/',
    body: { flow_run_id: '$flow_run_id', task_key: 'k', dynamic_key: '$label' },
    query: `mutation($flow_run_id: UUID!, $label: String!) { create_task_run(task_run: { flow_run_id: $flow_run_id, task_key: "k", dynamic_key: $label }) ${TASK_RUN} }`,
    write: true,
  },
  update_task_run: {
    path: '/task_runs/$task_run_id',
    body: { name: 'n' },
    query: 'mutation($task_run_id: UUID!) { update_task_run(id: $task_run_id, task_run: { name: "n" }) { id } }',
    write: true,
  },
  count_task_runs: { path: '/task_runs/count', body: { flow_runs: { tags: { all_: ['parity'] } } }, query: '{ count_task_runs(flow_runs: { tags: { all_: ["parity"] } }) }' },
  read_task_run: { path: '/task_runs/$task_run_id', query: `query($task_run_id: UUID!) { read_task_run(id: $task_run_id) ${TASK_RUN} }` },
  read_task_runs: { path: '/task_runs/filter', body: { sort: 'NAME_ASC', limit: 3 }, query: `{ read_task_runs(sort: NAME_ASC, limit: 3) ${TASK_RUN} }` },
  paginate_task_runs: { path: '/task_runs/paginate', body: { limit: 2 }, query: `{ paginate_task_runs(limit: 2) { results ${TASK_RUN_RESPONSE} count limit pages page } }` },
  delete_task_run: { path: '/task_runs/$task_run_id', query: 'mutation($task_run_id: UUID!) { delete_task_run(id: $task_run_id) }', write: true },
  set_task_run_state: {
    path: '/task_runs/$task_run_id/set_state',
    body: { state: { type: 'RUNNING' }, force: true },
    query: `mutation($task_run_id: UUID!) { set_task_run_state(id: $task_run_id, state: { type: RUNNING }, force: true) ${RESULT} }`,
    write: true,
  },
  read_flow_run_state: { path: '/flow_run_states/$state_id', query: `query($state_id: UUID!) { read_flow_run_state(id: $state_id) ${STATE} }` },
  read_flow_run_states: { path: '/flow_run_states/?flow_run_id=$flow_run_id', query: `query($flow_run_id: UUID!) { read_flow_run_states(flow_run_id: $flow_run_id) ${STATE} }` },
  read_task_run_state: { path: '/task_run_states/$task_state_id', query: `query($task_state_id: UUID!) { read_task_run_state(id: $task_state_id) ${STATE} }` },
  average_flow_run_lateness: {
    path: '/flow_runs/lateness',
    body: { flow_runs: { id: { any_: ['$flow_run_id'] } } },
    query: 'query($flow_run_id: UUID!) { average_flow_run_lateness(flow_runs: { id: { any_: [$flow_run_id] } }) }',
    approx: true,
  },
  flow_run_history: {
    path: '/flow_runs/history',
    body: { history_start: '2020-01-01T00:00:00Z', history_end: '2040-01-01T00:00:00Z', history_interval_seconds: 31536000 },
    query: `{ flow_run_history(history_start: "2020-01-01T00:00:00Z", history_end: "2040-01-01T00:00:00Z", history_interval_seconds: 31536000) { interval_start interval_end states { state_type state_name count_runs sum_estimated_run_time sum_estimated_lateness } } }`,
    write: true,
  },
  task_run_history: {
    path: '/task_runs/history',
    body: { history_start: '2020-01-01T00:00:00Z', history_end: '2040-01-01T00:00:00Z', history_interval_seconds: 31536000 },
    query: `{ task_run_history(history_start: "2020-01-01T00:00:00Z", history_end: "2040-01-01T00:00:00Z", history_interval_seconds: 31536000) { interval_start interval_end states { state_type state_name count_runs sum_estimated_run_time sum_estimated_lateness } } }`,
    write: true,
  },
  create_flow_run_input: {
    path: '/flow_runs/$flow_run_id/input',
    body: { key: 'new-key', value: 'v' },
    query: 'mutation($flow_run_id: UUID!) { create_flow_run_input(id: $flow_run_id, key: "new-key", value: "v") }',
    write: true,
  },
  filter_flow_run_input: {
    path: '/flow_runs/$flow_run_id/input/filter',
    body: { prefix: 'par', limit: 5 },
    query: 'query($flow_run_id: UUID!) { filter_flow_run_input(id: $flow_run_id, prefix: "par", limit: 5) { id created updated flow_run_id key value sender } }',
  },
  read_flow_run_input: { path: '/flow_runs/$flow_run_id/input/parity', query: 'query($flow_run_id: UUID!) { read_flow_run_input(id: $flow_run_id, key: "parity") }' },
  delete_flow_run_input: {
    path: '/flow_runs/$flow_run_id/input/parity',
    query: 'mutation($flow_run_id: UUID!) { delete_flow_run_input(id: $flow_run_id, key: "parity") }',
    write: true,
  },
  read_flow_run_graph_v1: {
    path: '/flow_runs/$flow_run_id/graph',
    query: `query($flow_run_id: UUID!) { read_flow_run_graph_v1(id: $flow_run_id) { id name upstream_dependencies { input_type id } state ${STATE} expected_start_time start_time end_time total_run_time estimated_run_time untrackable_result } }`,
  },
  read_flow_run_graph_v2: {
    path: '/flow_runs/$flow_run_id/graph-v2?since=2020-01-01T00:00:00Z',
    query:
      'query($flow_run_id: UUID!) { read_flow_run_graph_v2(id: $flow_run_id, since: "2020-01-01T00:00:00Z") { start_time end_time root_node_ids nodes artifacts { id created key type is_latest data } states { id timestamp type name } } }',
  },
  read_task_run_states: { path: '/task_run_states/?task_run_id=$task_run_id', query: `query($task_run_id: UUID!) { read_task_run_states(task_run_id: $task_run_id) ${STATE} }` },
  // Concurrency limits. Where no limit is at hand both doors refuse alike (404, 410, 422).
  create_concurrency_limit: {
    path: '/concurrency_limits/',
    body: { tag: 'parity-tag', concurrency_limit: 2 },
    query: `mutation { create_concurrency_limit(concurrency_limit: { tag: "parity-tag", concurrency_limit: 2 }) ${TAG_LIMIT} }`,
    write: true,
  },
  read_concurrency_limit: { path: '/concurrency_limits/$flow_id', query: `query($flow_id: UUID!) { read_concurrency_limit(id: $flow_id) ${TAG_LIMIT} }` },
  read_concurrency_limit_by_tag: { path: '/concurrency_limits/tag/parity-tag', query: `{ read_concurrency_limit_by_tag(tag: "parity-tag") ${TAG_LIMIT} }` },
  read_concurrency_limits: { path: '/concurrency_limits/filter', body: { limit: 5 }, query: `{ read_concurrency_limits(limit: 5) ${TAG_LIMIT} }` },
  reset_concurrency_limit_by_tag: {
    path: '/concurrency_limits/tag/parity-tag/reset',
    body: {},
    query: 'mutation { reset_concurrency_limit_by_tag(tag: "parity-tag") }',
    write: true,
  },
  delete_concurrency_limit: { path: '/concurrency_limits/$flow_id', query: 'mutation($flow_id: UUID!) { delete_concurrency_limit(id: $flow_id) }', write: true },
  delete_concurrency_limit_by_tag: { path: '/concurrency_limits/tag/$label', query: 'mutation($label: String!) { delete_concurrency_limit_by_tag(tag: $label) }', write: true },
  increment_concurrency_limits_v1: {
    path: '/concurrency_limits/increment',
    body: { names: ['parity-none'], task_run_id: '$task_run_id' },
    query: 'mutation($task_run_id: UUID!) { increment_concurrency_limits_v1(names: ["parity-none"], task_run_id: $task_run_id) { id name limit } }',
    write: true,
  },
  decrement_concurrency_limits_v1: {
    path: '/concurrency_limits/decrement',
    body: { names: ['parity-none'], task_run_id: '$task_run_id' },
    query: 'mutation($task_run_id: UUID!) { decrement_concurrency_limits_v1(names: ["parity-none"], task_run_id: $task_run_id) { id name limit } }',
    write: true,
  },
  create_concurrency_limit_v2: {
    path: '/v2/concurrency_limits/',
    body: { name: '$label', limit: 3, slot_decay_per_second: 0.5 },
    query:
      'mutation($label: Name!) { create_concurrency_limit_v2(concurrency_limit: { name: $label, limit: 3, slot_decay_per_second: 0.5 }) { id created updated active name limit active_slots denied_slots slot_decay_per_second avg_slot_occupancy_seconds } }',
    write: true,
  },
  read_concurrency_limit_v2: { path: '/v2/concurrency_limits/$label', query: 'query($label: String!) { read_concurrency_limit_v2(id_or_name: $label) { id } }' },
  read_all_concurrency_limits_v2: {
    path: '/v2/concurrency_limits/filter',
    body: { limit: 5 },
    query: '{ read_all_concurrency_limits_v2(limit: 5) { id created updated active name limit active_slots slot_decay_per_second } }',
  },
  // Blocks: the fixture has the built-in types and no documents; reads of built-ins answer for real, the rest refuse alike.
  create_block_type: {
    path: '/block_types/',
    body: { name: 'Prefect parity', slug: 'parity' },
    query: 'mutation { create_block_type(block_type: { name: "Prefect parity", slug: "parity" }) { id } }',
  },
  read_block_type_by_id: { path: '/block_types/$flow_id', query: `query($flow_id: UUID!) { read_block_type_by_id(id: $flow_id) ${BLOCK_TYPE} }` },
  update_block_type: { path: '/block_types/$flow_id', body: {}, query: 'mutation($flow_id: UUID!) { update_block_type(id: $flow_id, block_type: {}) }' },
  delete_block_type: { path: '/block_types/$flow_id', query: 'mutation($flow_id: UUID!) { delete_block_type(id: $flow_id) }' },
  read_block_type_by_slug: { path: '/block_types/slug/secret', query: `{ read_block_type_by_slug(slug: "secret") ${BLOCK_TYPE} }` },
  read_block_types: {
    path: '/block_types/filter',
    body: { block_types: { slug: { any_: ['secret', 'webhook'] } } },
    query: `{ read_block_types(block_types: { slug: { any_: ["secret", "webhook"] } }) ${BLOCK_TYPE} }`,
  },
  read_block_documents_for_block_type: { path: '/block_types/slug/secret/block_documents', query: '{ read_block_documents_for_block_type(slug: "secret") { id } }' },
  read_block_document_by_name_for_block_type: {
    path: '/block_types/slug/secret/block_documents/name/nope',
    query: '{ read_block_document_by_name_for_block_type(slug: "secret", block_document_name: "nope") { id } }',
  },
  install_system_block_types: { path: '/block_types/install_system_block_types', query: 'mutation { install_system_block_types }' },
  create_block_document: {
    path: '/block_documents/',
    body: { name: 'parity', block_type_id: '$flow_id', block_schema_id: '$flow_id' },
    query: 'mutation($flow_id: UUID!) { create_block_document(block_document: { name: "parity", block_type_id: $flow_id, block_schema_id: $flow_id }) { id } }',
  },
  read_block_documents: { path: '/block_documents/filter', body: { limit: 5, include_secrets: true }, query: '{ read_block_documents(limit: 5, include_secrets: true) { id } }' },
  count_block_documents: {
    path: '/block_documents/count',
    body: { block_documents: { is_anonymous: null } },
    query: '{ count_block_documents(block_documents: { is_anonymous: null }) }',
  },
  read_block_document_by_id: { path: '/block_documents/$flow_id', query: 'query($flow_id: UUID!) { read_block_document_by_id(id: $flow_id) { id } }' },
  delete_block_document: { path: '/block_documents/$flow_id', query: 'mutation($flow_id: UUID!) { delete_block_document(id: $flow_id) }' },
  update_block_document_data: {
    path: '/block_documents/$flow_id',
    body: { data: {} },
    query: 'mutation($flow_id: UUID!) { update_block_document_data(id: $flow_id, block_document: { data: {} }) }',
  },
  create_block_schema: {
    path: '/block_schemas/',
    body: { block_type_id: '$flow_id' },
    query: 'mutation($flow_id: UUID!) { create_block_schema(block_schema: { block_type_id: $flow_id }) { id } }',
  },
  delete_block_schema: { path: '/block_schemas/$flow_id', query: 'mutation($flow_id: UUID!) { delete_block_schema(id: $flow_id) }' },
  read_block_schema_by_id: { path: '/block_schemas/$flow_id', query: 'query($flow_id: UUID!) { read_block_schema_by_id(id: $flow_id) { id } }' },
  read_block_schemas: {
    path: '/block_schemas/filter',
    body: { block_schemas: { block_capabilities: { all_: ['write-path'] } }, limit: 3 },
    query: `{ read_block_schemas(block_schemas: { block_capabilities: { all_: ["write-path"] } }, limit: 3) ${BLOCK_SCHEMA} }`,
  },
  read_block_schema_by_checksum: {
    path: '/block_schemas/checksum/sha256:nope?version=1',
    query: '{ read_block_schema_by_checksum(checksum: "sha256:nope", version: "1") { id } }',
  },
  read_available_block_capabilities: { path: '/block_capabilities/', query: '{ read_available_block_capabilities }' },
  update_concurrency_limit_v2: {
    path: '/v2/concurrency_limits/$label',
    body: { limit: 1 },
    query: 'mutation($label: String!) { update_concurrency_limit_v2(id_or_name: $label, concurrency_limit: { limit: 1 }) }',
    write: true,
  },
  delete_concurrency_limit_v2: { path: '/v2/concurrency_limits/$label', query: 'mutation($label: String!) { delete_concurrency_limit_v2(id_or_name: $label) }', write: true },
  bulk_increment_active_slots: {
    path: '/v2/concurrency_limits/increment',
    body: { names: ['parity-none'], slots: 1 },
    query: 'mutation { bulk_increment_active_slots(names: ["parity-none"], slots: 1) { id name limit } }',
    write: true,
  },
  bulk_increment_active_slots_with_lease: {
    path: '/v2/concurrency_limits/increment-with-lease',
    body: { names: ['parity-none'], slots: 0 },
    query: 'mutation { bulk_increment_active_slots_with_lease(names: ["parity-none"], slots: 0) { lease_id } }',
    write: true,
  },
  bulk_decrement_active_slots: {
    path: '/v2/concurrency_limits/decrement',
    body: { names: ['parity-none'], slots: 1 },
    query: 'mutation { bulk_decrement_active_slots(names: ["parity-none"], slots: 1) { id name limit } }',
    write: true,
  },
  bulk_decrement_active_slots_with_lease: {
    path: '/v2/concurrency_limits/decrement-with-lease',
    body: { lease_id: '$flow_id' },
    query: 'mutation($flow_id: UUID!) { bulk_decrement_active_slots_with_lease(lease_id: $flow_id) }',
    write: true,
  },
  renew_concurrency_lease: {
    path: '/v2/concurrency_limits/leases/$flow_id/renew',
    body: {},
    query: 'mutation($flow_id: String!) { renew_concurrency_lease(lease_id: $flow_id) }',
    write: true,
  },
  // Workers: the fixture has no pool, so both doors answer 404 `Work pool "parity-no-pool" not found.`
  worker_heartbeat: {
    path: '/work_pools/parity-no-pool/workers/heartbeat',
    body: { name: 'parity-worker', heartbeat_interval_seconds: 5 },
    query: 'mutation { worker_heartbeat(work_pool_name: "parity-no-pool", name: "parity-worker", heartbeat_interval_seconds: 5) }',
    write: true,
  },
  read_workers: {
    path: '/work_pools/parity-no-pool/workers/filter',
    body: { workers: { status: { any_: ['ONLINE'] } }, limit: 5 },
    query:
      '{ read_workers(work_pool_name: "parity-no-pool", workers: { status: { any_: [ONLINE] } }, limit: 5) { id created updated name work_pool_id last_heartbeat_time heartbeat_interval_seconds status } }',
  },
  delete_worker: {
    path: '/work_pools/parity-no-pool/workers/parity-worker',
    query: 'mutation { delete_worker(work_pool_name: "parity-no-pool", name: "parity-worker") }',
    write: true,
  },
  // Artifacts: none in the fixture, so reads and writes by id (and latest by an unused key) refuse alike (404).
  create_artifact: {
    path: '/artifacts/',
    body: { key: 'parity-artifact', data: { a: [1] }, metadata_: { m: 'v' } },
    query:
      'mutation { create_artifact(artifact: { key: "parity-artifact", data: { a: [1] }, metadata_: { m: "v" } }) { id created updated key type description data metadata_ flow_run_id task_run_id } }',
    write: true,
  },
  read_artifact: {
    path: '/artifacts/$flow_id',
    query: 'query($flow_id: UUID!) { read_artifact(id: $flow_id) { id created updated key type description data metadata_ flow_run_id task_run_id } }',
  },
  read_latest_artifact: {
    path: '/artifacts/parity-none/latest',
    query: '{ read_latest_artifact(key: "parity-none") { id created updated key type description data metadata_ flow_run_id task_run_id } }',
  },
  read_artifacts: {
    path: '/artifacts/filter',
    body: { artifacts: { key: { like_: 'parity' } }, sort: 'KEY_ASC', limit: 5 },
    query:
      '{ read_artifacts(artifacts: { key: { like_: "parity" } }, sort: KEY_ASC, limit: 5) { id created updated key type description data metadata_ flow_run_id task_run_id } }',
  },
  read_latest_artifacts: {
    path: '/artifacts/latest/filter',
    body: { artifacts: { key: { like_: 'parity' } }, flow_runs: {}, limit: 5 },
    query:
      '{ read_latest_artifacts(artifacts: { key: { like_: "parity" } }, flow_runs: {}, limit: 5) { id created updated key latest_id type description data metadata_ flow_run_id task_run_id } }',
  },
  count_artifacts: {
    path: '/artifacts/count',
    body: { artifacts: { type: { not_any_: ['result'] } } },
    query: '{ count_artifacts(artifacts: { type: { not_any_: ["result"] } }) }',
  },
  count_latest_artifacts: { path: '/artifacts/latest/count', body: { task_runs: {} }, query: '{ count_latest_artifacts(task_runs: {}) }' },
  update_artifact: { path: '/artifacts/$flow_id', body: { data: 2 }, query: 'mutation($flow_id: UUID!) { update_artifact(id: $flow_id, artifact: { data: 2 }) }', write: true },
  delete_artifact: { path: '/artifacts/$flow_id', query: 'mutation($flow_id: UUID!) { delete_artifact(id: $flow_id) }', write: true },
  // Variables: no variable exists in the fixture, so reads by id/name and writes to one refuse alike (404).
  create_variable: {
    path: '/variables/',
    body: { name: '$label', value: { a: 1 }, tags: ['p'] },
    query: 'mutation($label: VariableName!) { create_variable(variable: { name: $label, value: { a: 1 }, tags: ["p"] }) { id created updated name value tags } }',
    write: true,
  },
  read_variable: { path: '/variables/$flow_id', query: 'query($flow_id: UUID!) { read_variable(id: $flow_id) { id } }' },
  read_variable_by_name: { path: '/variables/name/nobody', query: '{ read_variable_by_name(name: "nobody") { id } }' },
  read_variables: {
    path: '/variables/filter',
    body: { variables: { tags: { all_: ['p'] } }, sort: 'NAME_DESC', limit: 5 },
    query: '{ read_variables(variables: { tags: { all_: ["p"] } }, sort: NAME_DESC, limit: 5) { id created updated name value tags } }',
  },
  count_variables: { path: '/variables/count', body: { variables: { name: { like_: 'create' } } }, query: '{ count_variables(variables: { name: { like_: "create" } }) }' },
  update_variable: {
    path: '/variables/$flow_id',
    body: { value: 2 },
    query: 'mutation($flow_id: UUID!) { update_variable(id: $flow_id, variable: { value: 2 }) { id } }',
    write: true,
  },
  update_variable_by_name: {
    path: '/variables/name/nobody',
    body: { value: 2 },
    query: 'mutation { update_variable_by_name(name: "nobody", variable: { value: 2 }) { id } }',
    write: true,
  },
  delete_variable: { path: '/variables/$flow_id', query: 'mutation($flow_id: UUID!) { delete_variable(id: $flow_id) }', write: true },
  delete_variable_by_name: { path: '/variables/name/nobody', query: 'mutation { delete_variable_by_name(name: "nobody") }', write: true },
  // UI helpers (/ui/...): real answers over the fixture (the history filter keeps growing lateness out).
  count_deployments_by_flow: {
    path: '/ui/flows/count-deployments',
    body: { flow_ids: ['$flow_id'] },
    query: 'query($flow_id: UUID!) { count_deployments_by_flow(flow_ids: [$flow_id]) }',
  },
  next_runs_by_flow: { path: '/ui/flows/next-runs', body: { flow_ids: ['$flow_id'] }, query: 'query($flow_id: UUID!) { next_runs_by_flow(flow_ids: [$flow_id]) }' },
  read_flow_run_history: {
    path: '/ui/flow_runs/history',
    body: { flows: { id: { any_: ['$flow_id'] } }, flow_runs: { state: { type: { any_: ['COMPLETED'] } } }, limit: 5 },
    query:
      'query($flow_id: UUID!) { read_flow_run_history(flows: { id: { any_: [$flow_id] } }, flow_runs: { state: { type: { any_: [COMPLETED] } } }, limit: 5) { id state_type timestamp duration lateness } }',
  },
  count_task_runs_by_flow_run: {
    path: '/ui/flow_runs/count-task-runs',
    body: { flow_run_ids: ['$flow_run_id'] },
    query: 'query($flow_run_id: UUID!) { count_task_runs_by_flow_run(flow_run_ids: [$flow_run_id]) }',
  },
  read_dashboard_task_run_counts: {
    path: '/ui/task_runs/dashboard/counts',
    body: { task_runs: { start_time: { after_: '2020-01-01T00:00:00Z', before_: '2040-01-01T00:00:00Z' } } },
    query: '{ read_dashboard_task_run_counts(task_runs: { start_time: { after_: "2020-01-01T00:00:00Z", before_: "2040-01-01T00:00:00Z" } }) { completed failed } }',
  },
  read_task_run_counts_by_state: {
    path: '/ui/task_runs/count',
    body: { flow_runs: { id: { any_: ['$flow_run_id'] } } },
    query:
      'query($flow_run_id: UUID!) { read_task_run_counts_by_state(flow_runs: { id: { any_: [$flow_run_id] } }) { COMPLETED PENDING RUNNING FAILED CANCELLED CRASHED PAUSED CANCELLING SCHEDULED } }',
  },
  read_task_run_with_flow_run_name: {
    path: '/ui/task_runs/$task_run_id',
    query: `query($task_run_id: UUID!) { read_task_run_with_flow_run_name(id: $task_run_id) ${TASK_RUN.replace(/ }$/, ' flow_run_name }')} }`,
  },
  // Saved searches: none in the fixture, so the id routes refuse alike (404).
  create_saved_search: {
    path: '/saved_searches/',
    body: { name: '$label', filters: [{ object: 'flow', property: 'name', type: 'string', operation: 'equals', value: null }] },
    query:
      'mutation($label: String!) { create_saved_search(saved_search: { name: $label, filters: [{ object: "flow", property: "name", type: "string", operation: "equals", value: null }] }) { id created updated name filters { object property type operation value } } }',
    write: true,
  },
  read_saved_search: { path: '/saved_searches/$flow_id', query: 'query($flow_id: UUID!) { read_saved_search(id: $flow_id) { id } }' },
  read_saved_searches: {
    path: '/saved_searches/filter',
    body: { limit: 5 },
    query: '{ read_saved_searches(limit: 5) { id created updated name filters { object property type operation value } } }',
  },
  delete_saved_search: { path: '/saved_searches/$flow_id', query: 'mutation($flow_id: UUID!) { delete_saved_search(id: $flow_id) }', write: true },
  // deployments (fixture: one deployment of the flow, with one schedule)
  create_deployment: {
    path: '/deployments/',
    body: { name: 'parity-dep-new', flow_id: '$flow_id', tags: ['x'] },
    query: `mutation($flow_id: UUID!) { create_deployment(deployment: { name: "parity-dep-new", flow_id: $flow_id, tags: ["x"] }) ${DEPLOYMENT} }`,
    write: true,
  },
  update_deployment: {
    path: '/deployments/$deployment_id',
    body: { description: 'p' },
    query: 'mutation($deployment_id: UUID!) { update_deployment(id: $deployment_id, deployment: { description: "p" }) }',
    write: true,
  },
  read_deployment_by_name: {
    path: '/deployments/name/$name/$deployment_name',
    query: `query($name: String!, $deployment_name: String!) { read_deployment_by_name(flow_name: $name, deployment_name: $deployment_name) ${DEPLOYMENT} }`,
  },
  read_deployment: { path: '/deployments/$deployment_id', query: `query($deployment_id: UUID!) { read_deployment(id: $deployment_id) ${DEPLOYMENT} }` },
  read_deployments: {
    path: '/deployments/filter',
    body: { deployments: { name: { like_: 'parity-dep' } }, sort: 'NAME_DESC', limit: 5 },
    query: `{ read_deployments(deployments: { name: { like_: "parity-dep" } }, sort: NAME_DESC, limit: 5) ${DEPLOYMENT} }`,
  },
  paginate_deployments: {
    path: '/deployments/paginate',
    body: { limit: 1, page: 2 },
    query: `{ paginate_deployments(limit: 1, page: 2) { results ${DEPLOYMENT} count limit pages page } }`,
  },
  get_scheduled_flow_runs_for_deployments: {
    path: '/deployments/get_scheduled_flow_runs',
    body: { deployment_ids: ['$deployment_id'] },
    query: `mutation($deployment_id: UUID!) { get_scheduled_flow_runs_for_deployments(deployment_ids: [$deployment_id]) ${FLOW_RUN} }`,
  },
  count_deployments: {
    path: '/deployments/count',
    body: { deployments: { tags: { all_: ['parity'] } } },
    query: '{ count_deployments(deployments: { tags: { all_: ["parity"] } }) }',
  },
  delete_deployment: { path: '/deployments/$deployment_id', query: 'mutation($deployment_id: UUID!) { delete_deployment(id: $deployment_id) }', write: true },
  bulk_delete_deployments: {
    path: '/deployments/bulk_delete',
    body: { deployments: { id: { any_: ['$deployment_id'] } }, limit: 1 },
    query: 'mutation($deployment_id: UUID!) { bulk_delete_deployments(deployments: { id: { any_: [$deployment_id] } }, limit: 1) { deleted } }',
    write: true,
  },
  schedule_deployment: {
    path: '/deployments/$deployment_id/schedule',
    body: { start_time: '2030-01-01T00:00:00Z', end_time: '2030-01-01T05:00:00Z', min_runs: 2 },
    query: 'mutation($deployment_id: UUID!) { schedule_deployment(id: $deployment_id, start_time: "2030-01-01T00:00:00Z", end_time: "2030-01-01T05:00:00Z", min_runs: 2) }',
    write: true,
  },
  resume_deployment: { path: '/deployments/$deployment_id/resume_deployment', query: 'mutation($deployment_id: UUID!) { resume_deployment(id: $deployment_id) }', write: true },
  pause_deployment: { path: '/deployments/$deployment_id/pause_deployment', query: 'mutation($deployment_id: UUID!) { pause_deployment(id: $deployment_id) }', write: true },
  create_flow_run_from_deployment: {
    path: '/deployments/$deployment_id/create_flow_run',
    body: { name: 'parity-dep-run', state: { type: 'SCHEDULED', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } },
    query: `mutation($deployment_id: UUID!) { create_flow_run_from_deployment(id: $deployment_id, flow_run: { name: "parity-dep-run", state: { type: SCHEDULED, state_details: { scheduled_time: "2030-01-01T00:00:00Z" } } }) ${FLOW_RUN} }`,
    write: true,
  },
  bulk_create_flow_runs_from_deployment: {
    path: '/deployments/$deployment_id/create_flow_run/bulk',
    body: [{ name: 'parity-bulk' }],
    query:
      'mutation($deployment_id: UUID!) { bulk_create_flow_runs_from_deployment(id: $deployment_id, flow_runs: [{ name: "parity-bulk" }]) { results { flow_run_id status error } } }',
    write: true,
  },
  work_queue_check_for_deployment: {
    path: '/deployments/$deployment_id/work_queue_check',
    query: 'query($deployment_id: UUID!) { work_queue_check_for_deployment(id: $deployment_id) { id } }',
  },
  // Work pools and queues: the fixture has no pool, so the pool routes refuse alike (404) and lists are empty.
  create_work_pool: { path: '/work_pools/', body: { name: 'prefect-parity' }, query: 'mutation { create_work_pool(work_pool: { name: "prefect-parity" }) { id } }', write: true },
  read_work_pool: { path: '/work_pools/parity-no-pool', query: '{ read_work_pool(name: "parity-no-pool") { id } }' },
  read_work_pools: {
    path: '/work_pools/filter',
    body: { work_pools: { name: { any_: ['parity-no-pool'] } }, limit: 5 },
    query: `{ read_work_pools(work_pools: { name: { any_: ["parity-no-pool"] } }, limit: 5) ${WORK_POOL} }`,
  },
  count_work_pools: { path: '/work_pools/count', body: { work_pools: { type: { any_: ['parity'] } } }, query: '{ count_work_pools(work_pools: { type: { any_: ["parity"] } }) }' },
  update_work_pool: {
    path: '/work_pools/parity-no-pool',
    body: { is_paused: true },
    query: 'mutation { update_work_pool(name: "parity-no-pool", work_pool: { is_paused: true }) }',
    write: true,
  },
  delete_work_pool: { path: '/work_pools/parity-no-pool', query: 'mutation { delete_work_pool(name: "parity-no-pool") }', write: true },
  read_work_pool_concurrency_status: {
    path: '/work_pools/parity-no-pool/concurrency_status',
    body: {},
    query: '{ read_work_pool_concurrency_status(name: "parity-no-pool") { count } }',
  },
  get_scheduled_flow_runs: {
    path: '/work_pools/parity-no-pool/get_scheduled_flow_runs',
    body: { limit: 5 },
    query: 'mutation { get_scheduled_flow_runs(name: "parity-no-pool", limit: 5) { work_pool_id } }',
    write: true,
  },
  create_work_pool_queue: {
    path: '/work_pools/parity-no-pool/queues',
    body: { name: 'q' },
    query: 'mutation { create_work_pool_queue(work_pool_name: "parity-no-pool", work_queue: { name: "q" }) { id } }',
    write: true,
  },
  read_work_pool_queue: { path: '/work_pools/parity-no-pool/queues/q', query: '{ read_work_pool_queue(work_pool_name: "parity-no-pool", name: "q") { id } }' },
  read_work_pool_queues: { path: '/work_pools/parity-no-pool/queues/filter', body: {}, query: '{ read_work_pool_queues(work_pool_name: "parity-no-pool") { id } }' },
  update_work_pool_queue: {
    path: '/work_pools/parity-no-pool/queues/q',
    body: { priority: 2 },
    query: 'mutation { update_work_pool_queue(work_pool_name: "parity-no-pool", name: "q", work_queue: { priority: 2 }) }',
    write: true,
  },
  delete_work_pool_queue: { path: '/work_pools/parity-no-pool/queues/q', query: 'mutation { delete_work_pool_queue(work_pool_name: "parity-no-pool", name: "q") }', write: true },
  // Legacy work queues: no queue has the flow's id; a priority of 0 is refused alike (422).
  create_work_queue: {
    path: '/work_queues/',
    body: { name: '$label', priority: 0 },
    query: 'mutation($label: Name!) { create_work_queue(work_queue: { name: $label, priority: 0 }) { id } }',
    write: true,
  },
  read_work_queue: { path: '/work_queues/$flow_id', query: 'query($flow_id: UUID!) { read_work_queue(id: $flow_id) { id } }' },
  read_work_queue_by_name: { path: '/work_queues/name/parity-none', query: '{ read_work_queue_by_name(name: "parity-none") { id } }' },
  read_work_queues: {
    path: '/work_queues/filter',
    body: { work_queues: { name: { startswith_: ['parity-none'] } }, limit: 5 },
    query: `{ read_work_queues(work_queues: { name: { startswith_: ["parity-none"] } }, limit: 5) ${WORK_QUEUE} }`,
  },
  update_work_queue: {
    path: '/work_queues/$flow_id',
    body: { is_paused: true },
    query: 'mutation($flow_id: UUID!) { update_work_queue(id: $flow_id, work_queue: { is_paused: true }) }',
    write: true,
  },
  delete_work_queue: { path: '/work_queues/$flow_id', query: 'mutation($flow_id: UUID!) { delete_work_queue(id: $flow_id) }', write: true },
  read_work_queue_runs: {
    path: '/work_queues/$flow_id/get_runs',
    body: { limit: 5 },
    query: 'mutation($flow_id: UUID!) { read_work_queue_runs(id: $flow_id, limit: 5) { id } }',
    write: true,
  },
  read_work_queue_status: { path: '/work_queues/$flow_id/status', query: 'query($flow_id: UUID!) { read_work_queue_status(id: $flow_id) { healthy } }' },
  read_work_queue_concurrency_status: {
    path: '/work_queues/$flow_id/concurrency_status',
    body: {},
    query: 'query($flow_id: UUID!) { read_work_queue_concurrency_status(id: $flow_id) { count } }',
  },
  read_deployment_schedules: { path: '/deployments/$deployment_id/schedules', query: `query($deployment_id: UUID!) { read_deployment_schedules(id: $deployment_id) ${SCHEDULE} }` },
  create_deployment_schedules: {
    path: '/deployments/$deployment_id/schedules',
    body: [{ schedule: { interval: 60, anchor_date: '2030-01-01T00:00:00Z' }, slug: 'p2' }],
    query: `mutation($deployment_id: UUID!) { create_deployment_schedules(id: $deployment_id, schedules: [{ schedule: { interval: 60, anchor_date: "2030-01-01T00:00:00Z" }, slug: "p2" }]) ${SCHEDULE} }`,
    write: true,
  },
  update_deployment_schedule: {
    path: '/deployments/$deployment_id/schedules/$schedule_id',
    body: { active: false },
    query: 'mutation($deployment_id: UUID!, $schedule_id: UUID!) { update_deployment_schedule(id: $deployment_id, schedule_id: $schedule_id, schedule: { active: false }) }',
    write: true,
  },
  delete_deployment_schedule: {
    path: '/deployments/$deployment_id/schedules/$schedule_id',
    query: 'mutation($deployment_id: UUID!, $schedule_id: UUID!) { delete_deployment_schedule(id: $deployment_id, schedule_id: $schedule_id) }',
    write: true,
  },
  // The body is a bare JSON string (sent as given: already JSON text).
  validate_template: { path: '/templates/validate', body: '"Hello {{ flow.name }}"', query: '{ validate_template(template: "Hello {{ flow.name }}") }' },
  validate_obj: {
    path: '/ui/schemas/validate',
    body: { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n', 'm'] }, values: { n: 'x' } },
    query: 'query($schema: JSON!, $values: JSON!) { validate_obj(schema: $schema, values: $values) { errors valid } }',
    variables: { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n', 'm'] }, values: { n: 'x' } },
  },
  // Automations: none with the flow's id, so the id routes refuse alike (404); /automations/templates/validate shares validate_template's sample.
  create_automation: {
    path: '/automations/',
    body: { name: 'parity', trigger: { posture: 'Reactive', expect: ['parity.*'] }, actions: [{ type: 'do-nothing' }] },
    query:
      'mutation($trigger: JSON!, $action: JSON) { create_automation(automation: { name: "parity", trigger: $trigger, actions: [$action] }) { name description enabled tags trigger actions actions_on_trigger actions_on_resolve id created updated } }',
    variables: { trigger: { posture: 'Reactive', expect: ['parity.*'] }, action: { type: 'do-nothing' } },
    write: true,
  },
  update_automation: {
    path: '/automations/$flow_id',
    body: { name: 'p', trigger: { posture: 'Reactive' }, actions: [] },
    query: 'mutation($flow_id: UUID!, $trigger: JSON!) { update_automation(id: $flow_id, automation: { name: "p", trigger: $trigger, actions: [] }) }',
    variables: { trigger: { posture: 'Reactive' } },
    write: true,
  },
  patch_automation: {
    path: '/automations/$flow_id',
    body: { enabled: false },
    query: 'mutation($flow_id: UUID!) { patch_automation(id: $flow_id, automation: { enabled: false }) }',
    write: true,
  },
  delete_automation: { path: '/automations/$flow_id', query: 'mutation($flow_id: UUID!) { delete_automation(id: $flow_id) }', write: true },
  read_automation: { path: '/automations/$flow_id', query: 'query($flow_id: UUID!) { read_automation(id: $flow_id) { id } }' },
  read_automations: {
    path: '/automations/filter',
    body: { automations: { name: { any_: ['parity'] } }, sort: 'NAME_DESC', limit: 5 },
    query:
      '{ read_automations(automations: { name: { any_: ["parity"] } }, sort: NAME_DESC, limit: 5) { name description enabled tags trigger actions actions_on_trigger actions_on_resolve id created updated } }',
  },
  count_automations: { path: '/automations/count', query: '{ count_automations }' },
  read_automations_related_to_resource: {
    path: '/automations/related-to/prefect.deployment.$deployment_id',
    query:
      'query($deployment_id: String!) { read_automations_related_to_resource(resource_id: $deployment_id) { name description enabled tags trigger actions actions_on_trigger actions_on_resolve id created updated } }',
  },
  delete_automations_owned_by_resource: { path: '/automations/owned-by/parity-owner', query: 'mutation { delete_automations_owned_by_resource(resource_id: "parity-owner") }' },
  read_view_content: { path: '/collections/views/aggregate-worker-metadata', query: '{ read_view_content(view: "aggregate-worker-metadata") }' },
  read_task_workers: {
    path: '/task_workers/filter',
    body: { task_worker_filter: { task_keys: ['parity'] } },
    query: '{ read_task_workers(task_worker_filter: { task_keys: ["parity"] }) { identifier task_keys timestamp } }',
  },
};

describe('the parity samples', () => {
  it('cover every route in the table', () => {
    expect([...new Set(routes.map((r) => r.field))].sort()).toEqual(Object.keys(samples).sort());
  });
});

/** The parts of a fixture: a flow; its run (with a state and an input); the run's task run (with a state); a deployment of the flow. */
type Part = 'flow' | 'run' | 'task' | 'deployment';
const ALL_PARTS: ReadonlySet<Part> = new Set(['flow', 'run', 'task', 'deployment']);

/** A flow with a flow run with a task run, each with a state, and a deployment with a schedule: the parts asked for and those they belong to. */
async function fixture(server: TestServer, label: string, parts: ReadonlySet<Part> = ALL_PARTS): Promise<Fixture> {
  const made: Fixture = { label };
  if (!parts.has('flow')) return made;
  const flow = (await server.rest('POST', '/flows/', { name: `parity-${label}`, tags: ['parity'], labels: { k: 1 } })).body;
  Object.assign(made, { id: flow.id, name: flow.name, flow_id: flow.id });
  if (parts.has('run')) {
    const run = (await server.rest('POST', '/flow_runs/', { flow_id: flow.id, name: `parity-run-${label}`, tags: ['parity'] })).body;
    Object.assign(made, { flow_run_id: run.id, state_id: run.state_id });
    if (parts.has('task')) {
      const task = (await server.rest('POST', '/task_runs/', { flow_run_id: run.id, task_key: 'parity', dynamic_key: label })).body;
      Object.assign(made, { task_run_id: task.id, task_state_id: task.state_id });
    }
    await server.rest('POST', `/flow_runs/${run.id}/input`, { key: 'parity', value: '{"a": 1}', sender: 'test' });
  }
  if (parts.has('deployment')) {
    const deployment = (
      await server.rest('POST', '/deployments/', {
        name: `parity-dep-${label}`,
        flow_id: flow.id,
        tags: ['parity'],
        enforce_parameter_schema: false,
        schedules: [{ schedule: { interval: 3600 }, slug: 'parity' }],
      })
    ).body;
    Object.assign(made, { deployment_id: deployment.id, deployment_name: deployment.name, schedule_id: deployment.schedules[0].id });
  }
  return made;
}

const VARIABLE = /\$(\w+)/g;
const fill = (text: string, f: Fixture) => text.replace(VARIABLE, (_, key: string) => (key === 'name' ? encodeURIComponent(f.name) : f[key]));
const fillBody = (body: unknown, f: Fixture) => (body === undefined ? undefined : JSON.parse(fill(JSON.stringify(body), f)));
const variablesOf = (query: string, f: Fixture) => Object.fromEntries([...query.matchAll(VARIABLE)].filter(([, k]) => k in f).map(([, k]) => [k, f[k]]));

/** The fixture parts a sample's path, body and document name ($keys): a write makes only those, twice (a full fixture was 5 requests). */
function partsOf(sample: Sample): ReadonlySet<Part> {
  const keys = new Set([...JSON.stringify([sample.path, sample.body ?? null, sample.query]).matchAll(VARIABLE)].map(([, key]) => key));
  const parts = new Set<Part>();
  if (keys.has('task_run_id') || keys.has('task_state_id')) parts.add('task');
  if (parts.has('task') || keys.has('flow_run_id') || keys.has('state_id')) parts.add('run');
  if (keys.has('deployment_id') || keys.has('deployment_name') || keys.has('schedule_id')) parts.add('deployment');
  if (parts.size > 0 || keys.has('id') || keys.has('name') || keys.has('flow_id')) parts.add('flow');
  return parts;
}

const VOLATILE = [
  'deleted',
  'deployment_id',
  'sum_estimated_lateness',
  'count_runs',
  'id',
  'created',
  'updated',
  'name',
  'timestamp',
  'flow_id',
  'flow_run_id',
  'task_run_id',
  'state_id',
  'dynamic_key',
  'labels',
  'expected_start_time',
  'start_time',
  'estimated_run_time',
  'estimated_start_time_delta',
];
const blank = (keys: string[]) => (value: unknown) => JSON.parse(JSON.stringify(value ?? null), (k, v) => (keys.includes(k) ? '…' : v));
/** Writes ran on two fixtures: compare all but what differs between them. */
const stable = blank(VOLATILE);
/** Reads: the same rows, but lateness grows between the two requests. */
const sameMoment = blank(['estimated_run_time', 'estimated_start_time_delta']);

describeEachDatabase(
  'REST answers what GraphQL answers',
  (server) => {
    // Reads compare the two doors on one fixture per database: a fixture of their own
    // cost five requests each, more than the two they compare.
    let readFixture: Promise<Fixture> | undefined;
    for (const route of routes) {
      const sample = samples[route.field];
      it(`${route.method} ${route.path} = ${route.field}`, async () => {
        // Events of earlier tests (create_events) are stored before both doors read.
        await server().events.drain();
        const restFixture = sample.write ? await fixture(server(), `${route.field}-rest`, partsOf(sample)) : await (readFixture ??= fixture(server(), 'reads'));
        const gqlFixture = sample.write ? await fixture(server(), `${route.field}-gql`, partsOf(sample)) : restFixture;
        const rest = await server().rest(route.method, fill(sample.path, restFixture), fillBody(sample.body, restFixture));
        const gql = await server().gql(sample.query, { ...sample.variables, ...variablesOf(sample.query, gqlFixture) });
        if (rest.status >= 400) {
          // Both doors refuse, with the same status.
          expect(gql.errors?.[0]?.extensions?.status).toBe(rest.status);
          return;
        }
        expect(gql.errors).toBeUndefined();
        const answer = (gql.data as Record<string, unknown>)[route.field];
        if (route.status === 204) {
          expect(rest.text).toBe('');
          expect(answer).toBeTruthy();
        } else if (sample.approx) {
          expect(rest.body).toBeCloseTo(answer as number, 0);
        } else if (sample.write) {
          expect(stable(rest.body)).toEqual(stable(answer));
        } else {
          expect(sameMoment(rest.body)).toEqual(sameMoment(answer));
        }
      });
    }
    // One event per persister write: a drained bus means stored events, not a batch waiting for its timer.
  },
  { PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1' },
);
