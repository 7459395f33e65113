// This server's own REST API, called in process (events §6.9: Prefect's
// actions use an HTTP client on `http://prefect-in-memory/api`). The request
// goes through the same route table and adapter as a real REST request, so an
// action sees exactly what a client would (status codes, Prefect's JSON and
// error bodies) without a socket; headers reach operations through ctx.header
// (Prefect-Automation-ID / -Name make runs created_by AUTOMATION).
import type { Db } from '../../db/client.ts';
import type { DatabaseTarget } from '../../db/url.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Context } from '../../graphql/context.ts';
import { schema } from '../../graphql/schema.ts';
import { RestAdapter, type Body } from '../../rest/adapter.ts';
import { toPrefectJson } from '../../rest/json.ts';
import { compileRoutes, matchRoute, type CompiledRoute } from '../../rest/router.ts';
import { routes } from '../../rest/routes.ts';
import type { Settings } from '../../settings.ts';

export interface ApiDeps {
  db: Db;
  target: DatabaseTarget;
  settings: Settings;
  events: EventBus;
}

export interface ApiResponse {
  status: number;
  /** The JSON body as a client would parse it; undefined when there is none. */
  body: unknown;
  /** The body's text (Prefect's `response.text`). */
  text: string;
}

let door: { routes: CompiledRoute[]; adapter: RestAdapter } | null = null;

function restDoor() {
  door ??= { routes: compileRoutes(schema, routes), adapter: new RestAdapter(schema) };
  return door;
}

const NOT_ABORTED = new AbortController().signal;

/**
 * Calls `method path` (relative to the API base, query string allowed) with a
 * JSON body and request headers (any case), as REST would answer it.
 */
export async function callApi(deps: ApiDeps, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const { routes: compiled, adapter } = restDoor();
  const url = new URL(path, 'http://prefect-in-memory');
  const match = matchRoute(compiled, method, decodeURIComponent(url.pathname));
  if (match.kind !== 'route') {
    const status = match.kind === 'wrong-method' ? 405 : 404;
    const json = { detail: status === 405 ? 'Method Not Allowed' : 'Not Found' };
    return { status, body: json, text: JSON.stringify(json) };
  }
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ctx: Context = { db: deps.db, target: deps.target, settings: deps.settings, events: deps.events, header: (name) => lower[name], signal: NOT_ABORTED };
  const requestBody: Body = body === undefined ? { kind: 'none' } : { kind: 'json', value: body };
  const result = await adapter.run(match.route, match.params, url.searchParams, requestBody, ctx);
  if (result.body === undefined) return { status: result.status, body: undefined, text: '' };
  const text = result.text ? String(result.body) : result.type ? toPrefectJson(result.body, result.type) : JSON.stringify(result.body);
  return { status: result.status, body: result.text ? text : JSON.parse(text), text };
}
