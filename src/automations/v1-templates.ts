// Prefect's _upgrade_v1_templates for run-deployment parameters (events §6.8):
// a plain string holding a template becomes a `__prefect_kind` value, and a
// lone `{{ expr }}` keeps its JSON type through `| tojson`. The API validates
// the upgraded parameters (resources/automations/validation/parameters.ts)
// and the actions service renders them (actions/parameters.ts).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Any string containing `{{` or `{%` is treated as a template. */
export const maybeTemplate = (text: string) => text.includes('{{') || text.includes('{%');

function wrapTemplate(template: string): Json {
  const stripped = template.trim();
  if (stripped.startsWith('{{') && stripped.endsWith('}}') && stripped.split('{{').length === 2) {
    return { __prefect_kind: 'json', value: { __prefect_kind: 'jinja', template: `{{ ${stripped.slice(2, -2).trim()} | tojson }}` } };
  }
  return { __prefect_kind: 'jinja', template };
}

/** Upgrades `parameters` in place (pass a copy) and returns it. */
export function upgradeV1Templates(parameters: Json): Json {
  for (const [key, value] of Object.entries(parameters)) {
    if (isObject(value)) {
      if (!('__prefect_kind' in value)) upgradeV1Templates(value);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (isObject(item)) upgradeV1Templates(item);
        else if (typeof item === 'string' && maybeTemplate(item)) value[i] = wrapTemplate(item);
      });
    } else if (typeof value === 'string' && maybeTemplate(value)) parameters[key] = wrapTemplate(value);
  }
  return parameters;
}
