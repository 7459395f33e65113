// Body checks of pool and queue writes that GraphQL types cannot express, with
// Prefect's (Pydantic's) 422 items: non-empty pool names, the base job template
// (§4.2), queue priorities > 0; and the check of a template's variable defaults
// against its own schema (§1.16 without ignoring invalid defaults).
import { ValidationError, httpError, type ValidationItem } from '../../errors.ts';
import type { Tx } from '../../orchestration/types.ts';
import { readBlockDocumentData } from '../blocks/data.ts';
import { schemaError, validateAgainstSchema } from '../deployments/schema-validation.ts';
import { parseUuid } from '../../validation/uuid.ts';

type Loc = (string | number)[];
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const valueError = (loc: Loc, message: string, input: unknown): ValidationItem => ({ type: 'value_error', loc, msg: `Value error, ${message}`, input, ctx: { error: {} } });

export function throwIfAny(items: ValidationItem[]): void {
  if (items.length > 0) throw new ValidationError(items);
}

/** Prefect's NonEmptyishName: empty once spaces and quotes are stripped. */
export function checkNonEmptyishName(name: string, loc: Loc, items: ValidationItem[]): void {
  if (name.replace(/^[\s'"]+|[\s'"]+$/g, '') === '') items.push(valueError(loc, 'name cannot be an empty string', name));
}

// Prefect's PLACEHOLDER_CAPTURE_REGEX: `{{ name }}` with word characters, `.`, `-`, `[`, `]`, `$`.
const PLACEHOLDER = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

/**
 * `{}`, or both `job_configuration` and `variables` (non-empty) with every
 * `{{ placeholder }}` of the job configuration declared in
 * `variables.properties` (Prefect's validate_base_job_template).
 */
export function checkBaseJobTemplate(template: unknown, loc: Loc, items: ValidationItem[]): void {
  if (template === undefined || template === null) return;
  if (!isObject(template)) {
    items.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: template });
    return;
  }
  if (Object.keys(template).length === 0) return;
  const config = template.job_configuration;
  const variables = template.variables;
  const empty = (v: unknown) =>
    v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
  if (empty(config) || empty(variables)) {
    items.push(valueError(loc, 'The `base_job_template` must contain both a `job_configuration` key and a `variables` key.', template));
    return;
  }
  // Prefect calls .values() / .get() on them: anything but objects fails there (a 500); here a clear 422.
  if (!isObject(config) || !isObject(variables)) {
    items.push(valueError(loc, 'The `job_configuration` and `variables` of the `base_job_template` must be objects.', template));
    return;
  }
  const used = new Set<string>();
  for (const value of Object.values(config)) for (const match of JSON.stringify(value).matchAll(PLACEHOLDER)) used.add(match[1]);
  const declared = new Set(isObject(variables.properties) ? Object.keys(variables.properties) : []);
  const missing = [...used].filter((name) => !declared.has(name));
  if (missing.length > 0) {
    items.push(
      valueError(
        loc,
        `The variables specified in the job configuration template must be present as properties in the variables schema. Your job configuration uses the following undeclared variable(s): ${missing.join(' ,')}.`,
        template,
      ),
    );
  }
}

/** Queue priorities: > 0 (Pydantic's gt=0). */
export function checkPriority(priority: number | null | undefined, loc: Loc, items: ValidationItem[]): void {
  if (priority !== null && priority !== undefined && !(priority > 0))
    items.push({ type: 'greater_than', loc, msg: 'Input should be greater than 0', input: priority, ctx: { gt: 0 } });
}

/** A `{"$ref": {"block_document_id": ...}}` default → that document's data (404 `Block not found.` when absent); other defaults as they are. */
async function resolveDefault(tx: Tx, value: unknown): Promise<{ value: unknown } | null> {
  if (!isObject(value) || !('$ref' in value)) return { value };
  const ref = value.$ref;
  const id = isObject(ref) ? ref.block_document_id : undefined;
  if (id === undefined || id === null) return null;
  let documentId: string;
  try {
    documentId = parseUuid(String(id));
  } catch {
    throw httpError(404, 'Block not found.');
  }
  const data = await readBlockDocumentData(tx, documentId);
  if (!data) throw httpError(404, 'Block not found.');
  return { value: data };
}

/**
 * Prefect's validate_job_variable_defaults_for_work_pool: the template's
 * variables schema must be a valid schema (422 `Invalid schema: ...`), and its
 * defaults (block references resolved) must satisfy it, `required` ignored
 * (422 `Validation failed for work pool's job variable defaults: ...`).
 */
export async function checkJobVariableDefaults(tx: Tx, template: unknown): Promise<void> {
  if (!isObject(template) || Object.keys(template).length === 0) return;
  const variables = template.variables;
  if (!isObject(variables) || Object.keys(variables).length === 0) return;
  const invalid = schemaError(variables);
  if (invalid) throw httpError(422, `Invalid schema: ${invalid}`);
  const properties = isObject(variables.properties) ? variables.properties : {};
  const defaults: Json = {};
  for (const [name, attrs] of Object.entries(properties)) {
    if (!isObject(attrs) || !('default' in attrs)) continue;
    const resolved = await resolveDefault(tx, attrs.default);
    if (resolved) defaults[name] = resolved.value;
  }
  const error = validateAgainstSchema(defaults, variables, { ignoreRequired: true });
  if (error) throw httpError(422, `Validation failed for work pool's job variable defaults: ${error}`);
}
