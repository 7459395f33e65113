// Parameter hydration (deployments-and-work-pools §1.15): objects carrying
// `__prefect_kind` are replaced, recursively. jinja templates render with
// nunjucks, autoescape off and no loader (no file system reach).
import nunjucks from 'nunjucks';

export class HydrationError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops a key from its parent: `json` / `workspace_variable` without their value key. */
const REMOVE = Symbol('remove');

const templates = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });

/** Variable values by name, looked up by the caller (one query for all names used). */
export type VariableLookup = (name: string) => { found: boolean; value: unknown };

/** The workspace variable names a value refers to, for one lookup query. */
export function variableNames(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => variableNames(v, into));
  else if (isObject(value)) {
    if (value.__prefect_kind === 'workspace_variable' && typeof value.variable_name === 'string') into.add(value.variable_name);
    Object.values(value).forEach((v) => variableNames(v, into));
  }
  return into;
}

function hydrateValue(value: unknown, variables: VariableLookup): unknown {
  if (Array.isArray(value)) return value.map((v) => hydrateValue(v, variables)).filter((v) => v !== REMOVE);
  if (!isObject(value)) return value;
  if (!('__prefect_kind' in value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const h = hydrateValue(v, variables);
      if (h !== REMOVE) out[k] = h;
    }
    return out;
  }
  switch (value.__prefect_kind) {
    case 'none':
      if (!('value' in value)) throw new HydrationError("Missing 'value' key in __prefect object");
      return hydrateValue(value.value, variables);
    case 'json': {
      if (!('value' in value)) return REMOVE;
      if (typeof value.value !== 'string') return value.value;
      try {
        return JSON.parse(value.value);
      } catch (error) {
        throw new HydrationError(`Invalid JSON: ${(error as Error).message}`);
      }
    }
    case 'jinja': {
      if (!('template' in value)) throw new HydrationError("Missing 'template' key in __prefect object");
      try {
        return templates.renderString(String(value.template), {});
      } catch (error) {
        throw new HydrationError(`Invalid jinja: ${(error as Error).message}`);
      }
    }
    case 'workspace_variable': {
      if (!('variable_name' in value)) return REMOVE;
      const found = variables(String(value.variable_name));
      if (!found.found) throw new HydrationError(`Variable '${value.variable_name}' not found in workspace.`);
      return found.value;
    }
    default:
      return value.value ?? null;
  }
}

export function hydrate(parameters: Json, variables: VariableLookup): Json {
  const out = hydrateValue(parameters, variables);
  return (out === REMOVE ? {} : out) as Json;
}
