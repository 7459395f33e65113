// run-deployment parameters (events §6.8; Prefect's RunDeployment.render_parameters):
// once the caller has upgraded plain template strings (../v1-templates.ts),
// every `__prefect_kind` value is hydrated with the action's template context
// and the workspace variables it names. The first failure ends the action with
// Prefect's reason (`Unable to create flow run from deployment: InvalidJSON()`).
import { templateProblem } from '../../resources/templates/jinja.ts';
import { ActionFailed } from './outcome.ts';
import { renderUserTemplate, TemplateRenderError } from './sandbox.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The templates and variable names inside `__prefect_kind` values: what the context must hold. */
export function placeholders(value: unknown, into = { templates: [] as string[], variables: new Set<string>() }) {
  if (Array.isArray(value)) value.forEach((v) => placeholders(v, into));
  else if (isObject(value)) {
    if (value.__prefect_kind === 'jinja' && typeof value.template === 'string') into.templates.push(value.template);
    if (value.__prefect_kind === 'workspace_variable' && typeof value.variable_name === 'string') into.variables.add(value.variable_name);
    Object.values(value).forEach((v) => placeholders(v, into));
  }
  return into;
}

/** A hydration failure, named as Prefect's HydrationError subclasses print (their repr has no arguments). */
class Hydration extends Error {}

const REMOVE = Symbol('remove');

export interface HydrationInputs {
  context: Json;
  variables: Map<string, unknown>;
}

function hydrateValue(value: unknown, inputs: HydrationInputs): unknown {
  if (Array.isArray(value)) return value.map((v) => hydrateValue(v, inputs)).filter((v) => v !== REMOVE);
  if (!isObject(value)) return value;
  if (!('__prefect_kind' in value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const h = hydrateValue(v, inputs);
      if (h !== REMOVE) out[k] = h;
    }
    return out;
  }
  switch (value.__prefect_kind) {
    case 'none':
      if (!('value' in value)) throw new Hydration('ValueNotFound()');
      return hydrateValue(value.value, inputs);
    case 'json': {
      if (!('value' in value)) return REMOVE;
      const inner = isObject(value.value) ? hydrateValue(value.value, inputs) : value.value;
      if (typeof inner !== 'string') return inner;
      try {
        return JSON.parse(inner);
      } catch {
        throw new Hydration('InvalidJSON()');
      }
    }
    case 'jinja': {
      if (!('template' in value)) throw new Hydration('TemplateNotFound()');
      const template = isObject(value.template) ? hydrateValue(value.template, inputs) : value.template;
      if (templateProblem(String(template))) throw new Hydration('InvalidJinja()');
      try {
        return renderUserTemplate(String(template), inputs.context);
      } catch (error) {
        if (error instanceof TemplateRenderError) throw new Hydration('InvalidJinja()');
        throw error;
      }
    }
    case 'workspace_variable': {
      if (!('variable_name' in value)) return REMOVE;
      const name = isObject(value.variable_name) ? hydrateValue(value.variable_name, inputs) : value.variable_name;
      if (!inputs.variables.has(String(name))) throw new Hydration('WorkspaceVariableNotFound()');
      return inputs.variables.get(String(name));
    }
    default:
      return value.value ?? null;
  }
}

/** The parameters to send: upgraded, then hydrated; ActionFailed on the first failure. */
export function hydrateParameters(parameters: Json, inputs: HydrationInputs): Json {
  try {
    const out = hydrateValue(parameters, inputs);
    return (out === REMOVE ? {} : out) as Json;
  } catch (error) {
    if (error instanceof Hydration) throw new ActionFailed(`Unable to create flow run from deployment: ${error.message}`);
    throw error;
  }
}
