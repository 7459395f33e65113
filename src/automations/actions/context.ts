// The context templates render with (events §6.8): the automation, the
// event, the labels as an attribute tree, the firing and everything under it,
// and, only when a template names them, objects read from this server's own
// API for the first resource of their kind in the event, and the variables.
// Values are plain data: datetimes print as Python prints them, resources
// answer `.id`, `.name` and `.role` as Prefect's Resource does.
import type { ReceivedEvent } from '../../events/types.ts';
import type { Firing, TriggeredAction } from '../types.ts';
import { callApi, type ApiDeps } from './api.ts';
import { automationHeaders } from './headers.ts';
import { firstResourceOfKind, idFromResourceId } from './resources.ts';
import { namesInTemplates } from './sandbox.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Python's str(datetime) of a UTC time: `2024-01-02 03:04:05.120000+00:00`. */
function pythonDatetime(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

/** A copy of `value` as template data. */
export function templateData(value: unknown): unknown {
  if (value instanceof Date) return pythonDatetime(value);
  if (Array.isArray(value)) return value.map(templateData);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = templateData(v);
  return out;
}

/** A resource's labels, with Prefect's Resource properties beside them (not enumerated: tojson shows labels only). */
function resourceData(labels: Record<string, string>): Json {
  const out: Json = { ...labels };
  Object.defineProperties(out, {
    id: { value: labels['prefect.resource.id'], enumerable: false },
    name: { value: labels['prefect.resource.name'] ?? null, enumerable: false },
    role: { value: labels['prefect.resource.role'] ?? null, enumerable: false },
  });
  return out;
}

function eventData(event: ReceivedEvent | null): Json | null {
  if (!event) return null;
  const data = templateData(event) as Json;
  data.resource = resourceData(event.resource);
  data.related = event.related.map(resourceData);
  return data;
}

/** Prefect's LabelDiver: `labels.prefect.resource.id` reads label `prefect.resource.id`. */
function labelTree(labels: Record<string, string>): Json {
  const root: Json = {};
  for (const [key, value] of Object.entries(labels).sort(([a], [b]) => a.split('.').length - b.split('.').length)) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      if (!isObject(node[part])) node[part] = {};
      node = node[part] as Json;
    }
    const last = parts.at(-1)!;
    if (!isObject(node[last])) node[last] = value;
  }
  return root;
}

function allFirings(firing: Firing | null | undefined): Firing[] {
  return firing ? [firing, ...firing.triggering_firings.flatMap(allFirings)] : [];
}

function allEvents(firing: Firing | null | undefined): ReceivedEvent[] {
  if (!firing) return [];
  return [...(firing.triggering_event ? [firing.triggering_event] : []), ...firing.triggering_firings.flatMap(allEvents)];
}

/** Object names read from the API on demand, with the resource kind that identifies them. */
const ORCHESTRATION_KINDS: Record<string, string> = {
  deployment: 'prefect.deployment',
  flow: 'prefect.flow',
  flow_run: 'prefect.flow-run',
  task_run: 'prefect.task-run',
  work_pool: 'prefect.work-pool',
  work_queue: 'prefect.work-queue',
  concurrency_limit: 'prefect.concurrency-limit',
};

const STATE_LABELS = ['prefect.state-message', 'prefect.state-name', 'prefect.state-timestamp', 'prefect.state-type'];

async function readObject(deps: ApiDeps, triggered: TriggeredAction, name: string): Promise<unknown> {
  const event = triggered.triggering_event!;
  const kind = ORCHESTRATION_KINDS[name];
  const resource = firstResourceOfKind(event, kind);
  if (!resource) return null;
  const id = idFromResourceId(resource['prefect.resource.id'], kind);
  if (!id) return null;
  const headers = automationHeaders(triggered);
  const paths: Record<string, string[]> = {
    deployment: [`/deployments/${id}`],
    flow: [`/flows/${id}`],
    flow_run: [`/flow_runs/${id}`],
    task_run: [`/task_runs/${id}`],
    work_queue: [`/work_queues/${id}`, `/work_queues/${id}/status`],
    concurrency_limit: [`/v2/concurrency_limits/${id}`],
  };
  const responses =
    name === 'work_pool'
      ? [await callApi(deps, 'POST', '/work_pools/filter', { work_pools: { id: { any_: [id] } } }, headers)]
      : await Promise.all(paths[name].map((path) => callApi(deps, 'GET', path, undefined, headers)));
  if (responses.some((r) => r.status >= 300)) return null;
  let combined: Json = {};
  for (const response of responses) {
    let data = response.body;
    if (Array.isArray(data)) {
      if (data.length === 0) return null;
      data = data[0];
    }
    combined = { ...combined, ...(data as Json) };
  }
  // The run's state as the event saw it, not as it is now (it may have moved on).
  if ((name === 'flow_run' || name === 'task_run') && STATE_LABELS.every((label) => label in resource)) {
    combined.state = {
      ...(isObject(combined.state) ? combined.state : {}),
      type: resource['prefect.state-type'],
      name: resource['prefect.state-name'],
      message: resource['prefect.state-message'],
      timestamp: resource['prefect.state-timestamp'],
    };
  }
  return combined;
}

const VARIABLE_PAGE = 200;
/** Prefect reads at most this many variables (MAX_VARIABLES_PER_WORKSPACE). */
const MAX_VARIABLES = 1000;

/** Workspace variables by name, all of them or only `names` (Prefect's read_workspace_variables). */
export async function readWorkspaceVariables(deps: ApiDeps, triggered: TriggeredAction, names?: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  if (names && names.length === 0) return out;
  for (let offset = 0; offset < MAX_VARIABLES; offset += VARIABLE_PAGE) {
    const filter = names ? { name: { any_: [...new Set(names)] } } : {};
    const response = await callApi(deps, 'POST', '/variables/filter', { variables: filter, limit: VARIABLE_PAGE, offset }, automationHeaders(triggered));
    if (response.status >= 300 || !Array.isArray(response.body)) break;
    for (const v of response.body as Json[]) out.set(String(v.name), v.value);
    if (response.body.length < VARIABLE_PAGE) break;
  }
  return out;
}

/** The context for `templates` (objects are read only when some template names them). */
export async function templateContext(deps: ApiDeps, triggered: TriggeredAction, templates: string[]): Promise<Json> {
  const context: Json = {
    automation: templateData(triggered.automation),
    event: eventData(triggered.triggering_event),
    labels: labelTree(triggered.triggering_labels),
    firing: templateData(triggered.firing),
    firings: allFirings(triggered.firing).map(templateData),
    events: allEvents(triggered.firing).map(eventData),
  };
  if (!triggered.triggering_event) return context;
  const wanted = namesInTemplates(templates, [...Object.keys(ORCHESTRATION_KINDS), 'variables']);
  await Promise.all(
    [...wanted].map(async (name) => {
      context[name] = name === 'variables' ? Object.fromEntries(await readWorkspaceVariables(deps, triggered)) : templateData(await readObject(deps, triggered, name));
    }),
  );
  return context;
}
