// run-deployment `parameters` (Prefect's RunDeployment.validate_parameters):
// v1 templates (plain strings with `{{` or `{%`) are read as jinja, then the
// value is hydrated without rendering templates or reading variables; every
// hydration problem is listed as `Invalid parameters: \n <key>: <message>`.
import { hydrateForValidation, Placeholder } from '../../ui/hydration.ts';
import { upgradeV1Templates } from '../../../automations/v1-templates.ts';
import { isObject, type Json } from './model.ts';

/**
 * Problems by dotted key. Inside lists Prefect's collector looks at the
 * indexes rather than the items, so problems there are never reported.
 */
function collect(hydrated: unknown, prefix: string, into: Map<string, string>): void {
  if (hydrated instanceof Placeholder) {
    if (hydrated.error) into.set(prefix, hydrated.error);
    return;
  }
  if (!isObject(hydrated)) return;
  for (const [key, value] of Object.entries(hydrated)) {
    if (value instanceof Placeholder) {
      if (value.error) into.set(`${prefix}${key}`, value.error);
    } else if (isObject(value)) collect(value, `${prefix}${key}.`, into);
  }
}

// Variables are not read here: every name "exists".
const ANY_VARIABLE = { has: () => true, get: () => null } as unknown as Map<string, unknown>;

/** The validator's message, or null when the parameters hydrate. */
export function parametersProblem(parameters: Json | null): string | null {
  if (!parameters || Object.keys(parameters).length === 0) return null;
  const copy = upgradeV1Templates(structuredClone(parameters));
  const problems = new Map<string, string>();
  collect(hydrateForValidation(copy, ANY_VARIABLE), '', problems);
  if (problems.size === 0) return null;
  return `Invalid parameters: \n${[...problems].map(([key, message]) => `${key ? `${key}:` : ''} ${message}`).join('\n  ')}`;
}
