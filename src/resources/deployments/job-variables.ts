// Job variables against a work pool's base job template (§1.16): the pool's
// `variables` schema, its defaults (block references resolved) under the
// deployment's and the run's values.
import { httpError } from '../../errors.ts';
import type { Tx } from '../../orchestration/types.ts';
import { readBlockDocumentData } from '../blocks/data.ts';
import { schemaError, validateAgainstSchema } from './schema-validation.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The pool's variables schema, or null when there is nothing to check. */
export function variablesSchema(baseJobTemplate: unknown): Json | null {
  const variables = isObject(baseJobTemplate) ? baseJobTemplate.variables : null;
  return isObject(variables) && Object.keys(variables).length > 0 ? variables : null;
}

async function defaultsOf(tx: Tx, schema: Json): Promise<Json> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const out: Json = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (!isObject(prop) || !('default' in prop)) continue;
    let value = prop.default;
    const ref = isObject(value) && isObject(value.$ref) ? value.$ref : null;
    if (ref && 'block_document_id' in ref) {
      const id = String(ref.block_document_id);
      const data = UUID.test(id) ? await readBlockDocumentData(tx as never, id) : null;
      if (!data) throw httpError(404, 'Block not found.');
      value = data;
    }
    out[name] = value;
  }
  return out;
}

/**
 * The first failure message of `values` (merged over the pool's defaults), or
 * null. Defaults that fail on their own are dropped, and then `required` is
 * not enforced.
 */
export async function jobVariablesFailure(tx: Tx, baseJobTemplate: unknown, layers: (Json | null | undefined)[], enforceRequired: boolean): Promise<string | null> {
  const schema = variablesSchema(baseJobTemplate);
  if (!schema) return null;
  const bad = schemaError(schema);
  if (bad) throw httpError(422, `Invalid schema: ${bad}`);
  let defaults = await defaultsOf(tx, schema);
  let required = enforceRequired;
  if (validateAgainstSchema(defaults, schema, { ignoreRequired: true, widenDefaults: true })) {
    defaults = Object.fromEntries(Object.entries(defaults).filter(([k, v]) => !validateAgainstSchema({ [k]: v }, schema, { ignoreRequired: true, widenDefaults: true })));
    required = false;
  }
  const merged = Object.assign({}, defaults, ...layers.map((l) => l ?? {}));
  return validateAgainstSchema(merged, schema, { ignoreRequired: !required, widenDefaults: true });
}
