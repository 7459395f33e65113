// Parameter and job-variable schemas (deployments-and-work-pools §1.15): JSON
// Schema draft 2020-12 through ajv, with Prefect's pre-processing (optional
// properties also accept null, list-form `items` become `prefixItems`, and
// "ignore required" strips every `required`) and jsonschema-style messages.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { httpError } from '../../errors.ts';

const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module }).default ?? Ajv2020Module;

// $refs are never fetched: an unknown one fails the compile.
const newAjv = () => new (Ajv2020 as any)({ strict: false, allErrors: false, verbose: true, validateFormats: false });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Python's repr of a JSON value, as jsonschema's messages print it. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Json)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

function withoutRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRequired);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'required')
      .map(([k, v]) => [k, withoutRequired(v)]),
  );
}

/**
 * Prefect's preprocess_schema: a property not required, typed, not `null` and
 * without a default (with one too, for job variables, at the top level) becomes
 * anyOf [its type, null]; list-form `items` become `prefixItems`; nested
 * properties get the same treatment (defaults never widened there).
 */
function processProperties(properties: unknown, required: unknown, widenDefaults: boolean) {
  if (!isObject(properties)) return;
  const req = Array.isArray(required) ? required : [];
  for (const [key, prop] of Object.entries(properties)) {
    if (!isObject(prop)) continue;
    if (!req.includes(key) && 'type' in prop && prop.type !== 'null' && (!('default' in prop) || widenDefaults)) {
      prop.anyOf = [{ type: prop.type }, { type: 'null' }];
      delete prop.type;
    }
    if (Array.isArray(prop.items) && !prop.prefixItems) {
      prop.prefixItems = prop.items;
      delete prop.items;
    }
    if ('properties' in prop) processProperties(prop.properties, prop.required ?? [], false);
  }
}

function preprocess(schema: Json, opts: { ignoreRequired: boolean; widenDefaults: boolean }): Json {
  const out = structuredClone(schema);
  if ('properties' in out) processProperties(out.properties, out.required ?? [], opts.widenDefaults);
  if (isObject(out.definitions)) {
    for (const def of Object.values(out.definitions)) {
      if (isObject(def) && 'properties' in def) processProperties(def.properties, def.required ?? [], opts.widenDefaults);
    }
  }
  return opts.ignoreRequired ? (withoutRequired(out) as Json) : out;
}

const circular = () => httpError(422, 'Invalid schema: Unable to validate schema with circular references.');

/** The schema error of a schema that is not valid draft 2020-12, or null. */
export function schemaError(schema: unknown): string | null {
  const ajv = newAjv();
  if (!ajv.validateSchema(schema as object)) return ajv.errorsText(ajv.errors, { dataVar: 'schema' });
  return null;
}

function message(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${pyRepr(error.data)} is not of type ${(Array.isArray(p.type) ? p.type : String(p.type).split(',')).map((t) => `'${t}'`).join(', ')}`;
    case 'required':
      return `${pyRepr(p.missingProperty)} is a required property`;
    case 'enum':
      return `${pyRepr(error.data)} is not one of ${pyRepr(p.allowedValues)}`;
    case 'const':
      return `${pyRepr(p.allowedValue)} was expected`;
    case 'additionalProperties':
      return `Additional properties are not allowed (${pyRepr(p.additionalProperty)} was unexpected)`;
    case 'minimum':
      return `${pyRepr(error.data)} is less than the minimum of ${p.limit}`;
    case 'maximum':
      return `${pyRepr(error.data)} is greater than the maximum of ${p.limit}`;
    default:
      return `${pyRepr(error.data)} ${error.message ?? 'is invalid'}`;
  }
}

/** `/a/b/0` → `a.b[0]`. */
function fieldPath(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/**
 * Validates `value` against `schema`; the first error as Prefect words it
 * (`Validation failed for field 'a.b'. Failure reason: ...`), or null.
 */
export function validateAgainstSchema(value: unknown, schema: Json, opts: { ignoreRequired: boolean; widenDefaults?: boolean }): string | null {
  const prepared = preprocess(schema, { ignoreRequired: opts.ignoreRequired, widenDefaults: opts.widenDefaults ?? false });
  let validate;
  try {
    validate = newAjv().compile(prepared);
  } catch (error) {
    if (error instanceof RangeError) throw circular();
    return `Validation failed. Failure reason: ${(error as Error).message}`;
  }
  let valid: boolean;
  try {
    valid = validate(value);
  } catch (error) {
    // A schema whose $refs loop without consuming the value (`{"$ref": "#"}`) never ends.
    if (error instanceof RangeError) throw circular();
    throw error;
  }
  if (valid) return null;
  const first = (validate.errors as ErrorObject[])[0];
  const path = fieldPath(first);
  return path ? `Validation failed for field '${path}'. Failure reason: ${message(first)}` : `Validation failed. Failure reason: ${message(first)}`;
}
