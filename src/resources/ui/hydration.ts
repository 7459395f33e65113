// Hydration for validation (Prefect's hydrate with render_jinja off and
// workspace variables rendered; deployments-and-work-pools §1.15): instead of
// failing, a problem becomes a placeholder at its place, which validation
// reports as an error at that path. A syntactically valid jinja template is a
// placeholder too, accepted whatever the schema says.
import { templateProblem } from '../templates/jinja.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Placeholder {
  constructor(readonly error: string | null) {}
}
/** Drops a key or element from its parent (`json` / `workspace_variable` without their value key). */
const REMOVE = new Placeholder(null);

export type VariableValues = Map<string, unknown>;

/** Python's json.loads message for text JSON.parse refused: `Expecting value: line 1 column 1 (char 0)`. */
function jsonDecodeError(text: string, error: Error): string {
  const at = /position (\d+)/.exec(error.message);
  // Without a position V8 names the bad token; Python points at the start of the value it could not read.
  const position = at ? Number(at[1]) : /end of JSON/i.test(error.message) ? text.length : Math.max(0, text.search(/\S/));
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const what = /property name/i.test(error.message) ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
  return `${what}: line ${line} column ${column} (char ${position})`;
}

function byKind(value: Json, variables: VariableValues): unknown {
  switch (value.__prefect_kind) {
    case 'none':
      return 'value' in value ? hydrateValue(value.value, variables) : new Placeholder("Missing 'value' key in __prefect object");
    case 'json': {
      if (!('value' in value)) return REMOVE;
      const inner = isObject(value.value) ? hydrateValue(value.value, variables) : value.value;
      if (inner instanceof Placeholder || typeof inner !== 'string') return inner;
      try {
        return JSON.parse(inner);
      } catch (error) {
        return new Placeholder(`Invalid JSON: ${jsonDecodeError(inner, error as Error)}`);
      }
    }
    case 'jinja': {
      if (!('template' in value)) return new Placeholder("Missing 'template' key in __prefect object");
      const template = isObject(value.template) ? hydrateValue(value.template, variables) : value.template;
      if (template instanceof Placeholder) return template;
      const problem = templateProblem(String(template));
      return new Placeholder(problem ? `Invalid jinja: ${problem.message}` : null);
    }
    case 'workspace_variable': {
      if (!('variable_name' in value)) return REMOVE;
      const name = isObject(value.variable_name) ? hydrateValue(value.variable_name, variables) : value.variable_name;
      if (name instanceof Placeholder) return name;
      if (variables.has(String(name))) return variables.get(String(name));
      return new Placeholder(`Variable '${name}' not found in workspace.`);
    }
    default:
      return value.value ?? null;
  }
}

function hydrateValue(value: unknown, variables: VariableValues): unknown {
  if (Array.isArray(value)) return value.map((v) => hydrateValue(v, variables)).filter((v) => v !== REMOVE);
  if (!isObject(value)) return value;
  if ('__prefect_kind' in value) return byKind(value, variables);
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    const hydrated = hydrateValue(v, variables);
    if (hydrated !== REMOVE) out[key] = hydrated;
  }
  return out;
}

export function hydrateForValidation(values: Json, variables: VariableValues): unknown {
  const out = hydrateValue(values, variables);
  return out === REMOVE ? {} : out;
}
