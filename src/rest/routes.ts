// The REST route table: Prefect's method and path → the GraphQL root field that
// answers it. Order matters as in Prefect's routers: the first route whose path
// and method match wins.
//
// body: how the JSON body maps onto the field's arguments.
//   'keyed'          the body is an object keyed by argument name (filters, counts, ...)
//   { model: arg }   the body is that one argument (FlowCreate, FlowUpdate, ...)
//   absent           no body
// Path parameters ({id}, {name}) and query parameters fill arguments of the same
// name; a parameter whose argument is a UUID only matches UUID-shaped segments.
// status: the success status; 'created-or-200' is Prefect's upsert rule: 201 when
// this request's insert created the row, else 200; 'state-created-or-200' the
// orchestration rule: 201 when this request wrote the answer's state. Both are
// told by the operation (ctx.outcome, decided by the database), never by clocks.
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  field: string;
  status: 200 | 201 | 202 | 204 | 'created-or-200' | 'state-created-or-200';
  body?: 'keyed' | { model: string };
  /** Answered before the X-PREFECT-API-VERSION check (Prefect's app-level routes). */
  skipVersionCheck?: boolean;
  /** Answered without the auth string (PREFECT_SERVER_API_AUTH_STRING). */
  public?: boolean;
  /** The field's string result is the body, as text/plain (not JSON). */
  text?: boolean;
}

export const routes: Route[] = [
  // root (api/server.py, api/root.py)
  { method: 'GET', path: '/health', field: 'health_check', status: 200, skipVersionCheck: true, public: true },
  { method: 'GET', path: '/version', field: 'server_version', status: 200, skipVersionCheck: true },
  { method: 'GET', path: '/hello', field: 'hello', status: 200 },
  { method: 'GET', path: '/ready', field: 'perform_readiness_check', status: 200, public: true },
  { method: 'GET', path: '/csrf-token', field: 'create_csrf_token', status: 200 },
  // admin (api/admin.py)
  { method: 'GET', path: '/admin/settings', field: 'read_settings', status: 200 },
  { method: 'GET', path: '/admin/version', field: 'read_version', status: 200 },
  { method: 'GET', path: '/admin/storage', field: 'read_server_default_result_storage', status: 200 },
  { method: 'PUT', path: '/admin/storage', field: 'update_server_default_result_storage', status: 200, body: { model: 'storage' } },
  { method: 'DELETE', path: '/admin/storage', field: 'clear_server_default_result_storage', status: 204 },
  { method: 'POST', path: '/admin/database/clear', field: 'clear_database', status: 204, body: 'keyed' },
  { method: 'POST', path: '/admin/database/drop', field: 'drop_database', status: 204, body: 'keyed' },
  { method: 'POST', path: '/admin/database/create', field: 'create_database', status: 204, body: 'keyed' },
  // flows (api/flows.py)
  { method: 'POST', path: '/flows/', field: 'create_flow', status: 'created-or-200', body: { model: 'flow' } },
  { method: 'PATCH', path: '/flows/{id}', field: 'update_flow', status: 204, body: { model: 'flow' } },
  { method: 'POST', path: '/flows/count', field: 'count_flows', status: 200, body: 'keyed' },
  { method: 'GET', path: '/flows/name/{name}', field: 'read_flow_by_name', status: 200 },
  { method: 'GET', path: '/flows/{id}', field: 'read_flow', status: 200 },
  { method: 'POST', path: '/flows/filter', field: 'read_flows', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/flows/{id}', field: 'delete_flow', status: 204 },
  { method: 'POST', path: '/flows/bulk_delete', field: 'bulk_delete_flows', status: 200, body: 'keyed' },
  { method: 'POST', path: '/flows/paginate', field: 'paginate_flows', status: 200, body: 'keyed' },
  // flow runs (api/flow_runs.py)
  { method: 'POST', path: '/flow_runs/', field: 'create_flow_run', status: 'created-or-200', body: { model: 'flow_run' } },
  { method: 'PATCH', path: '/flow_runs/{id}', field: 'update_flow_run', status: 204, body: { model: 'flow_run' } },
  { method: 'POST', path: '/flow_runs/count', field: 'count_flow_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/flow_runs/lateness', field: 'average_flow_run_lateness', status: 200, body: 'keyed' },
  { method: 'POST', path: '/flow_runs/history', field: 'flow_run_history', status: 200, body: 'keyed' },
  { method: 'GET', path: '/flow_runs/{id}', field: 'read_flow_run', status: 200 },
  { method: 'GET', path: '/flow_runs/{id}/graph', field: 'read_flow_run_graph_v1', status: 200 },
  { method: 'GET', path: '/flow_runs/{id}/graph-v2', field: 'read_flow_run_graph_v2', status: 200 },
  { method: 'POST', path: '/flow_runs/{id}/resume', field: 'resume_flow_run', status: 'state-created-or-200', body: 'keyed' },
  { method: 'POST', path: '/flow_runs/filter', field: 'read_flow_runs', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/flow_runs/{id}', field: 'delete_flow_run', status: 204 },
  { method: 'POST', path: '/flow_runs/bulk_delete', field: 'bulk_delete_flow_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/flow_runs/bulk_set_state', field: 'bulk_set_flow_run_state', status: 200, body: 'keyed' },
  { method: 'POST', path: '/flow_runs/{id}/set_state', field: 'set_flow_run_state', status: 'state-created-or-200', body: 'keyed' },
  { method: 'POST', path: '/flow_runs/paginate', field: 'paginate_flow_runs', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/flow_runs/{id}/labels', field: 'update_flow_run_labels', status: 204, body: { model: 'labels' } },
  { method: 'POST', path: '/flow_runs/{id}/input', field: 'create_flow_run_input', status: 201, body: 'keyed' },
  { method: 'POST', path: '/flow_runs/{id}/input/filter', field: 'filter_flow_run_input', status: 200, body: 'keyed' },
  { method: 'GET', path: '/flow_runs/{id}/input/{key}', field: 'read_flow_run_input', status: 200, text: true },
  { method: 'GET', path: '/flow_runs/{id}/logs/download', field: 'download_logs', status: 200, text: true },
  { method: 'DELETE', path: '/flow_runs/{id}/input/{key}', field: 'delete_flow_run_input', status: 204 },
  // task runs (api/task_runs.py)
  { method: 'POST', path: '/task_runs/', field: 'create_task_run', status: 'created-or-200', body: { model: 'task_run' } },
  { method: 'PATCH', path: '/task_runs/{id}', field: 'update_task_run', status: 204, body: { model: 'task_run' } },
  { method: 'POST', path: '/task_runs/count', field: 'count_task_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/task_runs/history', field: 'task_run_history', status: 200, body: 'keyed' },
  { method: 'GET', path: '/task_runs/{id}', field: 'read_task_run', status: 200 },
  { method: 'POST', path: '/task_runs/filter', field: 'read_task_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/task_runs/paginate', field: 'paginate_task_runs', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/task_runs/{id}', field: 'delete_task_run', status: 204 },
  { method: 'POST', path: '/task_runs/{id}/set_state', field: 'set_task_run_state', status: 'state-created-or-200', body: 'keyed' },
  // states (api/flow_run_states.py, api/task_run_states.py)
  { method: 'GET', path: '/flow_run_states/{id}', field: 'read_flow_run_state', status: 200 },
  { method: 'GET', path: '/flow_run_states/', field: 'read_flow_run_states', status: 200 },
  { method: 'GET', path: '/task_run_states/{id}', field: 'read_task_run_state', status: 200 },
  { method: 'GET', path: '/task_run_states/', field: 'read_task_run_states', status: 200 },
  // deployments (api/deployments.py)
  { method: 'POST', path: '/deployments/', field: 'create_deployment', status: 'created-or-200', body: { model: 'deployment' } },
  { method: 'PATCH', path: '/deployments/{id}', field: 'update_deployment', status: 204, body: { model: 'deployment' } },
  { method: 'GET', path: '/deployments/name/{flow_name}/{deployment_name}', field: 'read_deployment_by_name', status: 200 },
  { method: 'GET', path: '/deployments/{id}', field: 'read_deployment', status: 200 },
  { method: 'POST', path: '/deployments/filter', field: 'read_deployments', status: 200, body: 'keyed' },
  { method: 'POST', path: '/deployments/paginate', field: 'paginate_deployments', status: 200, body: 'keyed' },
  { method: 'POST', path: '/deployments/get_scheduled_flow_runs', field: 'get_scheduled_flow_runs_for_deployments', status: 200, body: 'keyed' },
  { method: 'POST', path: '/deployments/count', field: 'count_deployments', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/deployments/{id}', field: 'delete_deployment', status: 204 },
  { method: 'POST', path: '/deployments/bulk_delete', field: 'bulk_delete_deployments', status: 200, body: 'keyed' },
  { method: 'POST', path: '/deployments/{id}/schedule', field: 'schedule_deployment', status: 200, body: 'keyed' },
  { method: 'POST', path: '/deployments/{id}/resume_deployment', field: 'resume_deployment', status: 200 },
  { method: 'POST', path: '/deployments/{id}/pause_deployment', field: 'pause_deployment', status: 200 },
  { method: 'POST', path: '/deployments/{id}/create_flow_run', field: 'create_flow_run_from_deployment', status: 'created-or-200', body: { model: 'flow_run' } },
  { method: 'POST', path: '/deployments/{id}/create_flow_run/bulk', field: 'bulk_create_flow_runs_from_deployment', status: 200, body: { model: 'flow_runs' } },
  { method: 'GET', path: '/deployments/{id}/work_queue_check', field: 'work_queue_check_for_deployment', status: 200 },
  { method: 'GET', path: '/deployments/{id}/schedules', field: 'read_deployment_schedules', status: 200 },
  { method: 'POST', path: '/deployments/{id}/schedules', field: 'create_deployment_schedules', status: 201, body: { model: 'schedules' } },
  { method: 'PATCH', path: '/deployments/{id}/schedules/{schedule_id}', field: 'update_deployment_schedule', status: 204, body: { model: 'schedule' } },
  { method: 'DELETE', path: '/deployments/{id}/schedules/{schedule_id}', field: 'delete_deployment_schedule', status: 204 },
  // saved searches (api/saved_searches.py)
  { method: 'PUT', path: '/saved_searches/', field: 'create_saved_search', status: 'created-or-200', body: { model: 'saved_search' } },
  { method: 'GET', path: '/saved_searches/{id}', field: 'read_saved_search', status: 200 },
  { method: 'POST', path: '/saved_searches/filter', field: 'read_saved_searches', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/saved_searches/{id}', field: 'delete_saved_search', status: 204 },
  // tag concurrency limits, v1 (api/concurrency_limits.py)
  { method: 'POST', path: '/concurrency_limits/', field: 'create_concurrency_limit', status: 'created-or-200', body: { model: 'concurrency_limit' } },
  { method: 'GET', path: '/concurrency_limits/{id}', field: 'read_concurrency_limit', status: 200 },
  { method: 'GET', path: '/concurrency_limits/tag/{tag}', field: 'read_concurrency_limit_by_tag', status: 200 },
  { method: 'POST', path: '/concurrency_limits/filter', field: 'read_concurrency_limits', status: 200, body: 'keyed' },
  { method: 'POST', path: '/concurrency_limits/tag/{tag}/reset', field: 'reset_concurrency_limit_by_tag', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/concurrency_limits/{id}', field: 'delete_concurrency_limit', status: 200 },
  { method: 'DELETE', path: '/concurrency_limits/tag/{tag}', field: 'delete_concurrency_limit_by_tag', status: 200 },
  { method: 'POST', path: '/concurrency_limits/increment', field: 'increment_concurrency_limits_v1', status: 200, body: 'keyed' },
  { method: 'POST', path: '/concurrency_limits/decrement', field: 'decrement_concurrency_limits_v1', status: 200, body: 'keyed' },
  // global concurrency limits, v2 (api/concurrency_limits_v2.py)
  { method: 'POST', path: '/v2/concurrency_limits/', field: 'create_concurrency_limit_v2', status: 201, body: { model: 'concurrency_limit' } },
  { method: 'GET', path: '/v2/concurrency_limits/{id_or_name}', field: 'read_concurrency_limit_v2', status: 200 },
  { method: 'POST', path: '/v2/concurrency_limits/filter', field: 'read_all_concurrency_limits_v2', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/v2/concurrency_limits/{id_or_name}', field: 'update_concurrency_limit_v2', status: 204, body: { model: 'concurrency_limit' } },
  { method: 'DELETE', path: '/v2/concurrency_limits/{id_or_name}', field: 'delete_concurrency_limit_v2', status: 204 },
  { method: 'POST', path: '/v2/concurrency_limits/increment', field: 'bulk_increment_active_slots', status: 200, body: 'keyed' },
  { method: 'POST', path: '/v2/concurrency_limits/increment-with-lease', field: 'bulk_increment_active_slots_with_lease', status: 200, body: 'keyed' },
  { method: 'POST', path: '/v2/concurrency_limits/decrement', field: 'bulk_decrement_active_slots', status: 200, body: 'keyed' },
  { method: 'POST', path: '/v2/concurrency_limits/decrement-with-lease', field: 'bulk_decrement_active_slots_with_lease', status: 204, body: 'keyed' },
  { method: 'POST', path: '/v2/concurrency_limits/leases/{lease_id}/renew', field: 'renew_concurrency_lease', status: 204, body: 'keyed' },
  // block types (api/block_types.py)
  { method: 'POST', path: '/block_types/', field: 'create_block_type', status: 201, body: { model: 'block_type' } },
  { method: 'GET', path: '/block_types/{id}', field: 'read_block_type_by_id', status: 200 },
  { method: 'PATCH', path: '/block_types/{id}', field: 'update_block_type', status: 204, body: { model: 'block_type' } },
  { method: 'DELETE', path: '/block_types/{id}', field: 'delete_block_type', status: 204 },
  { method: 'GET', path: '/block_types/slug/{slug}', field: 'read_block_type_by_slug', status: 200 },
  { method: 'POST', path: '/block_types/filter', field: 'read_block_types', status: 200, body: 'keyed' },
  { method: 'GET', path: '/block_types/slug/{slug}/block_documents', field: 'read_block_documents_for_block_type', status: 200 },
  { method: 'GET', path: '/block_types/slug/{slug}/block_documents/name/{block_document_name}', field: 'read_block_document_by_name_for_block_type', status: 200 },
  { method: 'POST', path: '/block_types/install_system_block_types', field: 'install_system_block_types', status: 200 },
  // block documents (api/block_documents.py)
  { method: 'POST', path: '/block_documents/', field: 'create_block_document', status: 201, body: { model: 'block_document' } },
  { method: 'POST', path: '/block_documents/filter', field: 'read_block_documents', status: 200, body: 'keyed' },
  { method: 'POST', path: '/block_documents/count', field: 'count_block_documents', status: 200, body: 'keyed' },
  { method: 'GET', path: '/block_documents/{id}', field: 'read_block_document_by_id', status: 200 },
  { method: 'DELETE', path: '/block_documents/{id}', field: 'delete_block_document', status: 204 },
  { method: 'PATCH', path: '/block_documents/{id}', field: 'update_block_document_data', status: 204, body: { model: 'block_document' } },
  // work pools and their queues (api/workers.py)
  { method: 'POST', path: '/work_pools/', field: 'create_work_pool', status: 201, body: { model: 'work_pool' } },
  { method: 'GET', path: '/work_pools/{name}', field: 'read_work_pool', status: 200 },
  { method: 'POST', path: '/work_pools/filter', field: 'read_work_pools', status: 200, body: 'keyed' },
  { method: 'POST', path: '/work_pools/count', field: 'count_work_pools', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/work_pools/{name}', field: 'update_work_pool', status: 204, body: { model: 'work_pool' } },
  { method: 'DELETE', path: '/work_pools/{name}', field: 'delete_work_pool', status: 204 },
  { method: 'POST', path: '/work_pools/{name}/concurrency_status', field: 'read_work_pool_concurrency_status', status: 200, body: 'keyed' },
  { method: 'POST', path: '/work_pools/{name}/get_scheduled_flow_runs', field: 'get_scheduled_flow_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/work_pools/{work_pool_name}/queues', field: 'create_work_pool_queue', status: 201, body: { model: 'work_queue' } },
  { method: 'GET', path: '/work_pools/{work_pool_name}/queues/{name}', field: 'read_work_pool_queue', status: 200 },
  { method: 'POST', path: '/work_pools/{work_pool_name}/queues/filter', field: 'read_work_pool_queues', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/work_pools/{work_pool_name}/queues/{name}', field: 'update_work_pool_queue', status: 204, body: { model: 'work_queue' } },
  { method: 'DELETE', path: '/work_pools/{work_pool_name}/queues/{name}', field: 'delete_work_pool_queue', status: 204 },
  // workers of a work pool (api/workers.py)
  { method: 'POST', path: '/work_pools/{work_pool_name}/workers/heartbeat', field: 'worker_heartbeat', status: 204, body: 'keyed' },
  { method: 'POST', path: '/work_pools/{work_pool_name}/workers/filter', field: 'read_workers', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/work_pools/{work_pool_name}/workers/{name}', field: 'delete_worker', status: 204 },
  // legacy work queues (api/work_queues.py)
  { method: 'POST', path: '/work_queues/', field: 'create_work_queue', status: 201, body: { model: 'work_queue' } },
  { method: 'PATCH', path: '/work_queues/{id}', field: 'update_work_queue', status: 204, body: { model: 'work_queue' } },
  { method: 'GET', path: '/work_queues/name/{name}', field: 'read_work_queue_by_name', status: 200 },
  { method: 'GET', path: '/work_queues/{id}', field: 'read_work_queue', status: 200 },
  { method: 'POST', path: '/work_queues/{id}/get_runs', field: 'read_work_queue_runs', status: 200, body: 'keyed' },
  { method: 'POST', path: '/work_queues/filter', field: 'read_work_queues', status: 200, body: 'keyed' },
  { method: 'DELETE', path: '/work_queues/{id}', field: 'delete_work_queue', status: 204 },
  { method: 'POST', path: '/work_queues/{id}/concurrency_status', field: 'read_work_queue_concurrency_status', status: 200, body: 'keyed' },
  { method: 'GET', path: '/work_queues/{id}/status', field: 'read_work_queue_status', status: 200 },
  // task workers (api/task_workers.py)
  { method: 'POST', path: '/task_workers/filter', field: 'read_task_workers', status: 200, body: 'keyed' },
  // collections (api/collections.py)
  { method: 'GET', path: '/collections/views/{view}', field: 'read_view_content', status: 200 },
  // variables (api/variables.py)
  { method: 'POST', path: '/variables/', field: 'create_variable', status: 201, body: { model: 'variable' } },
  { method: 'GET', path: '/variables/{id}', field: 'read_variable', status: 200 },
  { method: 'GET', path: '/variables/name/{name}', field: 'read_variable_by_name', status: 200 },
  { method: 'POST', path: '/variables/filter', field: 'read_variables', status: 200, body: 'keyed' },
  { method: 'POST', path: '/variables/count', field: 'count_variables', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/variables/{id}', field: 'update_variable', status: 204, body: { model: 'variable' } },
  { method: 'PATCH', path: '/variables/name/{name}', field: 'update_variable_by_name', status: 204, body: { model: 'variable' } },
  { method: 'DELETE', path: '/variables/{id}', field: 'delete_variable', status: 204 },
  { method: 'DELETE', path: '/variables/name/{name}', field: 'delete_variable_by_name', status: 204 },
  // artifacts (api/artifacts.py)
  { method: 'POST', path: '/artifacts/', field: 'create_artifact', status: 201, body: { model: 'artifact' } },
  { method: 'GET', path: '/artifacts/{id}', field: 'read_artifact', status: 200 },
  { method: 'GET', path: '/artifacts/{key}/latest', field: 'read_latest_artifact', status: 200 },
  { method: 'POST', path: '/artifacts/filter', field: 'read_artifacts', status: 200, body: 'keyed' },
  { method: 'POST', path: '/artifacts/latest/filter', field: 'read_latest_artifacts', status: 200, body: 'keyed' },
  { method: 'POST', path: '/artifacts/count', field: 'count_artifacts', status: 200, body: 'keyed' },
  { method: 'POST', path: '/artifacts/latest/count', field: 'count_latest_artifacts', status: 200, body: 'keyed' },
  { method: 'PATCH', path: '/artifacts/{id}', field: 'update_artifact', status: 204, body: { model: 'artifact' } },
  { method: 'DELETE', path: '/artifacts/{id}', field: 'delete_artifact', status: 204 },
  // block schemas and capabilities (api/block_schemas.py, api/block_capabilities.py)
  { method: 'POST', path: '/block_schemas/', field: 'create_block_schema', status: 'created-or-200', body: { model: 'block_schema' } },
  { method: 'DELETE', path: '/block_schemas/{id}', field: 'delete_block_schema', status: 204 },
  { method: 'GET', path: '/block_schemas/{id}', field: 'read_block_schema_by_id', status: 200 },
  { method: 'POST', path: '/block_schemas/filter', field: 'read_block_schemas', status: 200, body: 'keyed' },
  { method: 'GET', path: '/block_schemas/checksum/{checksum}', field: 'read_block_schema_by_checksum', status: 200 },
  { method: 'GET', path: '/block_capabilities/', field: 'read_available_block_capabilities', status: 200 },
  // logs (api/logs.py)
  { method: 'POST', path: '/logs/', field: 'create_logs', status: 201, body: { model: 'logs' } },
  { method: 'POST', path: '/logs/filter', field: 'read_logs', status: 200, body: 'keyed' },
  // events (api/events.py); the /events/in websocket is src/events/sockets.ts
  { method: 'POST', path: '/events', field: 'create_events', status: 204, body: { model: 'events' } },
  // reading events (api/events.py); the /events/out websocket is src/events/out-socket.ts
  { method: 'POST', path: '/events/filter', field: 'read_events', status: 200, body: 'keyed' },
  { method: 'GET', path: '/events/filter/next', field: 'read_account_events_page', status: 200 },
  { method: 'POST', path: '/events/count-by/{countable}', field: 'count_account_events', status: 200, body: 'keyed' },
  // templates (api/templates.py)
  { method: 'POST', path: '/templates/validate', field: 'validate_template', status: 204, body: { model: 'template' } },
  // automations (api/automations.py; /automations/templates/validate is the deprecated alias of /templates/validate)
  { method: 'POST', path: '/automations/', field: 'create_automation', status: 201, body: { model: 'automation' } },
  { method: 'PUT', path: '/automations/{id}', field: 'update_automation', status: 204, body: { model: 'automation' } },
  { method: 'PATCH', path: '/automations/{id}', field: 'patch_automation', status: 204, body: { model: 'automation' } },
  { method: 'DELETE', path: '/automations/{id}', field: 'delete_automation', status: 204 },
  { method: 'POST', path: '/automations/filter', field: 'read_automations', status: 200, body: 'keyed' },
  { method: 'POST', path: '/automations/count', field: 'count_automations', status: 200 },
  { method: 'GET', path: '/automations/{id}', field: 'read_automation', status: 200 },
  { method: 'GET', path: '/automations/related-to/{resource_id}', field: 'read_automations_related_to_resource', status: 200 },
  { method: 'DELETE', path: '/automations/owned-by/{resource_id}', field: 'delete_automations_owned_by_resource', status: 202 },
  { method: 'POST', path: '/automations/templates/validate', field: 'validate_template', status: 204, body: { model: 'template' } },
  // UI helpers (api/ui/flows.py, ui/flow_runs.py, ui/schemas.py, ui/task_runs.py)
  { method: 'POST', path: '/ui/flows/count-deployments', field: 'count_deployments_by_flow', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/flows/next-runs', field: 'next_runs_by_flow', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/flow_runs/history', field: 'read_flow_run_history', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/flow_runs/count-task-runs', field: 'count_task_runs_by_flow_run', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/schemas/validate', field: 'validate_obj', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/task_runs/dashboard/counts', field: 'read_dashboard_task_run_counts', status: 200, body: 'keyed' },
  { method: 'POST', path: '/ui/task_runs/count', field: 'read_task_run_counts_by_state', status: 200, body: 'keyed' },
  { method: 'GET', path: '/ui/task_runs/{id}', field: 'read_task_run_with_flow_run_name', status: 200 },
];
