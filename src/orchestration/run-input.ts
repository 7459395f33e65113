// Resuming a pause that asked for input (§1.3 step 3): the input is hydrated,
// checked against the JSON schema stored as a flow-run input, and kept as the
// response input once the run resumes.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { Tx } from './types.ts';

/** A refusal: REJECT with abort-kind details (Prefect's quirk) and this reason. */
export class RunInputRefused extends Error {}

export interface RunInputKeyset {
  schema: string;
  response: string;
}

/**
 * Expands `{"__prefect_kind": "json", "value": "<text>"}` placeholders (and
 * "none", which keeps its value); values of other kinds are left as they are.
 */
export function hydrate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hydrate);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const kind = record.__prefect_kind;
  if (kind === 'json' || kind === 'none') {
    if (!('value' in record)) throw new RunInputRefused("Error hydrating run input: Missing 'value' key in __prefect object");
    if (kind === 'none') return record.value;
    try {
      return JSON.parse(String(record.value));
    } catch (error) {
      throw new RunInputRefused(`Error hydrating run input: Invalid JSON: ${(error as Error).message}`);
    }
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, hydrate(v)]));
}

/** Python's repr of a JSON value, as jsonschema's messages print it. */
function repr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as object)
      .map(([k, v]) => `'${k}': ${repr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** jsonschema's wording for the common failures; ajv's for the rest. */
function message(error: ErrorObject, data: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `'${params.missingProperty}' is a required property`;
    case 'type':
      return `${repr(data)} is not of type '${params.type}'`;
    case 'enum':
      return `${repr(data)} is not one of ${repr(params.allowedValues)}`;
    case 'additionalProperties':
      return `Additional properties are not allowed ('${params.additionalProperty}' was unexpected)`;
    default:
      return error.message ?? 'is not valid';
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

export function validateRunInput(schemaText: string, input: unknown) {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch {
    throw new RunInputRefused('Run input schema is not valid JSON.');
  }
  let validate;
  try {
    validate = new Ajv2020({ strict: false, allErrors: false }).compile(schema as object);
  } catch (error) {
    const circular = /can't resolve reference|circular/i.test((error as Error).message);
    throw new RunInputRefused(circular ? 'Invalid schema: Unable to validate schema with circular references.' : `Invalid schema: ${(error as Error).message}`);
  }
  if (validate(input)) return;
  const error = validate.errors![0];
  const data = valueAt(input, error.instancePath);
  const path = error.instancePath.split('/').slice(1).join('.');
  const failure = message(error, data);
  throw new RunInputRefused(path ? `Reason: Validation failed for field '${path}'. Failure reason: ${failure}` : `Reason: Validation failed. Failure reason: ${failure}`);
}

export async function readRunInputSchema(tx: Tx, flowRunId: string, key: string): Promise<string> {
  const row = await tx.flowRunInput.findUnique({ where: { flow_run_id_key: { flow_run_id: flowRunId, key } }, select: { value: true } });
  if (!row) throw new RunInputRefused('Run input schema not found.');
  return row.value;
}
