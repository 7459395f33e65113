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
// status: the success status; 'created-or-200' is Prefect's upsert rule: 201 if
// the returned object's `created` is not earlier than the request, else 200.
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  field: string;
  status: 200 | 201 | 204 | 'created-or-200';
  body?: 'keyed' | { model: string };
  /** Answered before the X-PREFECT-API-VERSION check (Prefect's app-level routes). */
  skipVersionCheck?: boolean;
  /** Answered without the auth string (PREFECT_SERVER_API_AUTH_STRING). */
  public?: boolean;
}

export const routes: Route[] = [
  // root (api/server.py, api/root.py)
  { method: 'GET', path: '/health', field: 'health_check', status: 200, skipVersionCheck: true, public: true },
  { method: 'GET', path: '/version', field: 'server_version', status: 200, skipVersionCheck: true },
  { method: 'GET', path: '/hello', field: 'hello', status: 200 },
  { method: 'GET', path: '/ready', field: 'perform_readiness_check', status: 200, public: true },
  // admin (api/admin.py)
  { method: 'GET', path: '/admin/settings', field: 'read_settings', status: 200 },
  { method: 'GET', path: '/admin/version', field: 'read_version', status: 200 },
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
  { method: 'POST', path: '/flows/paginate', field: 'paginate_flows', status: 200, body: 'keyed' },
];
