// Validating values against a parameter schema for the UI (§7.8; Prefect's
// utilities/schema_tools/validation.py): draft 2020-12 through ajv, every
// error collected, worded as Python's jsonschema words them, and built into
// Prefect's error tree. External $refs are never fetched (ajv loads none).
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { pyRepr } from '../deployments/schema-validation.ts';
import { Placeholder } from './hydration.ts';

const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module }).default ?? Ajv2020Module;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const PLACEHOLDER_KEYWORD = 'x-prefect-placeholder';

export class SchemaProblem extends Error {}

// ---- pre-processing (Prefect's preprocess_schema) ----

function processProperties(properties: unknown, required: unknown) {
  if (!isObject(properties)) return;
  const req = Array.isArray(required) ? required : [];
  for (const [key, prop] of Object.entries(properties)) {
    if (!isObject(prop)) continue;
    // An optional typed property without a default also accepts null.
    if (!req.includes(key) && 'type' in prop && prop.type !== 'null' && !('default' in prop)) {
      prop.anyOf = [{ type: prop.type }, { type: 'null' }];
      delete prop.type;
    }
    // Pydantic v1 tuples: list-form `items` are `prefixItems` in 2020-12.
    if (Array.isArray(prop.items) && prop.items.length > 0 && !prop.prefixItems) {
      prop.prefixItems = prop.items;
      delete prop.items;
    }
    if ('properties' in prop) processProperties(prop.properties, prop.required ?? []);
  }
}

const BLOCK_REFERENCE = {
  type: 'object',
  properties: {
    $ref: {
      oneOf: [
        { type: 'string', format: 'uuid' },
        { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 },
      ],
    },
  },
  required: ['$ref'],
};

export function preprocessSchema(schema: Json): Json {
  const out = structuredClone(schema);
  if ('properties' in out) processProperties(out.properties, out.required ?? []);
  if (isObject(out.definitions)) {
    const definitions = out.definitions;
    for (const definition of Object.values({ ...definitions })) {
      if (!isObject(definition)) continue;
      if ('properties' in definition) processProperties(definition.properties, definition.required ?? []);
      // Blocks may be given by reference to a block document.
      if ('block_type_slug' in definition) definitions[String(definition.title)] = { oneOf: [definition, BLOCK_REFERENCE] };
    }
  }
  return out;
}

// ---- messages ----

function message(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  const data = pyRepr(error.data);
  switch (error.keyword) {
    case 'type':
      return `${data} is not of type ${(Array.isArray(p.type) ? p.type : String(p.type).split(',')).map((t) => `'${t}'`).join(', ')}`;
    case 'required':
      return `${pyRepr(p.missingProperty)} is a required property`;
    case 'enum':
      return `${data} is not one of ${pyRepr(p.allowedValues)}`;
    case 'const':
      return `${pyRepr(p.allowedValue)} was expected`;
    case 'anyOf':
      return `${data} is not valid under any of the given schemas`;
    case 'oneOf':
      return p.passingSchemas ? `${data} is valid under each of ${pyRepr(error.schema)}` : `${data} is not valid under any of the given schemas`;
    case 'additionalProperties':
      return `Additional properties are not allowed (${pyRepr(p.additionalProperty)} was unexpected)`;
    case 'minimum':
      return `${data} is less than the minimum of ${p.limit}`;
    case 'maximum':
      return `${data} is greater than the maximum of ${p.limit}`;
    case 'exclusiveMinimum':
      return `${data} is less than or equal to the minimum of ${p.limit}`;
    case 'exclusiveMaximum':
      return `${data} is greater than or equal to the maximum of ${p.limit}`;
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return p.limit === 1 ? `${data} should be non-empty` : `${data} is too short`;
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return `${data} is too long`;
    case 'pattern':
      return `${data} does not match ${pyRepr(p.pattern)}`;
    case 'multipleOf':
      return `${data} is not a multiple of ${p.multipleOf}`;
    case 'format':
      return `${data} is not a ${pyRepr(p.format)}`;
    case 'uniqueItems':
      return `${data} has non-unique elements`;
    case 'not':
      return `${data} should not be valid under ${pyRepr(error.schema)}`;
    default:
      return `${data} ${error.message ?? 'is invalid'}`;
  }
}

/** The schema's problem as jsonschema's check_schema reports it, or null. */
export function schemaProblem(schema: Json): string | null {
  const ajv = new (Ajv2020 as any)({ strict: false, allErrors: true, verbose: true, validateFormats: false });
  if (ajv.validateSchema(schema)) return null;
  const errors = ajv.errors as ErrorObject[];
  const choice = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ?? errors[0];
  return message(choice);
}

// ---- validation ----

// Keywords whose value is a schema, a list of schemas, or a map of schemas.
const SCHEMA = ['additionalProperties', 'items', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** Adds the placeholder keyword to every subschema: Prefect applies its placeholder check wherever a schema applies. */
function withPlaceholderKeyword(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = { ...schema, [PLACEHOLDER_KEYWORD]: true };
  for (const key of SCHEMA) if (isObject(schema[key])) out[key] = withPlaceholderKeyword(schema[key]);
  for (const key of SCHEMA_LISTS) if (Array.isArray(schema[key])) out[key] = (schema[key] as unknown[]).map(withPlaceholderKeyword);
  for (const key of SCHEMA_MAPS) {
    if (isObject(schema[key])) out[key] = Object.fromEntries(Object.entries(schema[key] as Json).map(([k, v]) => [k, withPlaceholderKeyword(v)]));
  }
  return out;
}

/** Swaps placeholders for marker strings ajv can carry, remembering each. */
function marked(value: unknown, placeholders: Map<string, Placeholder>): unknown {
  if (value instanceof Placeholder) {
    const mark = `\u0000prefect-placeholder-${placeholders.size}`;
    placeholders.set(mark, value);
    return mark;
  }
  if (Array.isArray(value)) return value.map((v) => marked(v, placeholders));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marked(v, placeholders)]));
  return value;
}

export interface FoundError {
  /** Property names and array indices from the root. */
  path: (string | number)[];
  message: string;
  keyword: string;
}

function pathOf(instancePath: string, root: unknown): (string | number)[] {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const path: (string | number)[] = [];
  let node = root;
  for (const part of parts) {
    const index = Array.isArray(node) ? Number(part) : null;
    path.push(index ?? part);
    node = Array.isArray(node) ? node[Number(part)] : isObject(node) ? node[part] : undefined;
  }
  return path;
}

/** jsonschema reports a schema's errors in the order of its keys; ajv in its own. */
function schemaOrder(schema: unknown) {
  const segments = (e: ErrorObject) => e.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  return (a: ErrorObject, b: ErrorObject) => {
    const sa = segments(a);
    const sb = segments(b);
    let node = schema;
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (sa[i] !== sb[i]) {
        if (Array.isArray(node)) return Number(sa[i]) - Number(sb[i]);
        if (!isObject(node)) return 0;
        const keys = Object.keys(node);
        return keys.indexOf(sa[i]) - keys.indexOf(sb[i]);
      }
      node = Array.isArray(node) ? node[Number(sa[i])] : isObject(node) ? node[sa[i]] : undefined;
    }
    return 0;
  };
}

const INSIDE_BRANCH = /\/(anyOf|oneOf)\/\d+(\/|$)/;

/**
 * Every error of `values` (hydrated, placeholders in it) against the
 * pre-processed `schema`. An unresolvable $ref or a circular schema is a
 * SchemaProblem with Prefect's text.
 */
export function validationErrors(values: unknown, schema: Json): FoundError[] {
  const placeholders = new Map<string, Placeholder>();
  const data = marked(values, placeholders);
  const ajv = new (Ajv2020 as any)({ strict: false, allErrors: true, verbose: true, validateFormats: false, loadSchema: undefined });
  ajv.addKeyword({
    keyword: PLACEHOLDER_KEYWORD,
    errors: true,
    validate: function check(_schema: unknown, value: unknown) {
      const placeholder = typeof value === 'string' ? placeholders.get(value) : undefined;
      if (!placeholder?.error) return true;
      (check as unknown as { errors: unknown[] }).errors = [{ keyword: PLACEHOLDER_KEYWORD, message: placeholder.error, params: {} }];
      return false;
    },
  });
  let validate;
  try {
    validate = ajv.compile(withPlaceholderKeyword(schema));
  } catch (error) {
    const missing = (error as { missingRef?: string }).missingRef;
    throw new SchemaProblem(`Validation failed. Failure reason: ${missing ? `Unresolvable: ${missing}` : (error as Error).message}`);
  }
  try {
    if (validate(data)) return [];
  } catch (error) {
    if (error instanceof RangeError) throw new SchemaProblem('Unable to validate schema with circular references.');
    throw error;
  }
  const errors = (validate.errors as ErrorObject[]).filter((e) => !INSIDE_BRANCH.test(e.schemaPath)).sort(schemaOrder(schema));
  // Per path: placeholder errors win; errors about a valid placeholder (accepted jinja) are dropped.
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) byPath.set(error.instancePath, [...(byPath.get(error.instancePath) ?? []), error]);
  const found: FoundError[] = [];
  for (const error of errors) {
    const group = byPath.get(error.instancePath)!;
    const placeholderErrors = group.filter((e) => e.keyword === PLACEHOLDER_KEYWORD);
    if (placeholderErrors.length > 0 && error.keyword !== PLACEHOLDER_KEYWORD) continue;
    if (error.keyword !== PLACEHOLDER_KEYWORD && typeof error.data === 'string' && placeholders.has(error.data)) continue;
    found.push({ path: pathOf(error.instancePath, data), message: error.keyword === PLACEHOLDER_KEYWORD ? error.message! : message(error), keyword: error.keyword });
  }
  return found;
}

type Entry = string | { property?: string; index?: number; errors: Entry[] };

/** Prefect's build_error_obj: errors as a tree of {property|index, errors}; a required error one level down. */
export function errorTree(errors: FoundError[]): { errors: Entry[]; valid: boolean } {
  const root: Entry[] = [];
  for (const error of errors) {
    const path = [...error.path];
    if (error.keyword === 'required') path.push(error.message.split(' ')[0].replace(/^'|'$/g, ''));
    let current = root;
    if (path.length === 0) current.push(error.message);
    while (path.length > 0) {
      const part = path.shift()!;
      const key = typeof part === 'number' ? 'index' : 'property';
      if (path.length === 0) {
        current.push({ [key]: part, errors: [error.message] } as Entry);
        break;
      }
      let entry = current.find((e) => typeof e === 'object' && e[key] === part) as Exclude<Entry, string> | undefined;
      if (!entry) current.push((entry = { [key]: part, errors: [] } as Exclude<Entry, string>));
      current = entry.errors;
    }
  }
  return { errors: root, valid: root.length === 0 };
}
