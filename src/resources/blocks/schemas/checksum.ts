// A block schema's checksum as Prefect computes it (blocks §3.2): secret_fields
// removed at every object depth, definitions narrowed to the non-block ones its
// $refs reach, then sha256 over Python's json.dumps(([fields], {}), sort_keys=True).
import { createHash } from 'node:crypto';
import { byCodePoint } from '../../../events/emitters/format.ts';

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prefect's remove_nested_keys: descends objects only, not arrays. */
function withoutKey(value: Json, key: string): Json {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== key)
      .map(([k, v]) => [k, withoutKey(v, key)]),
  );
}

/** Every truthy `$ref` value anywhere in objects and arrays, in document order. */
function referenceStrings(value: Json, found: unknown[] = []): unknown[] {
  if (isObject(value)) {
    if (value.$ref) found.push(value.$ref);
    for (const v of Object.values(value)) referenceStrings(v, found);
  } else if (Array.isArray(value)) {
    for (const item of value) referenceStrings(item, found);
  }
  return found;
}

/** Definitions reached from `object` (transitively) that are not blocks (no block_type_slug). */
export function nonBlockDefinitions(object: Json, definitions: Record<string, unknown>, seen = new Set<string>()): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const ref of referenceStrings(object)) {
    if (typeof ref !== 'string') continue;
    const key = ref.replace('#/definitions/', '');
    const definition = definitions[key];
    if (!isObject(definition) || definition.block_type_slug != null || !Object.hasOwn(definitions, key)) continue;
    result[key] = definition;
    // Prefect recurses without a guard (a cycle would overflow); stop at names already walked.
    if (seen.has(key)) continue;
    seen.add(key);
    Object.assign(result, nonBlockDefinitions(definition, definitions, seen));
  }
  return result;
}

/** One JSON string as Python's json.dumps with ensure_ascii writes it. */
function pythonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's repr of a float or int parsed from JSON (JSON.parse cannot tell 1 from 1.0). */
function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  // Python writes exponents with a sign and at least two digits (1e-05, 1e+16).
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's json.dumps(value, sort_keys=True) with the default separators. */
export function pythonJson(value: Json): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const keys = Object.keys(value as object).sort(byCodePoint);
  return `{${keys.map((k) => `${pythonString(k)}: ${pythonJson((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}

/** The fields the checksum is computed over (secret_fields gone, definitions narrowed). */
export function checksumFields(fields: Record<string, unknown>): Record<string, unknown> {
  const copy = withoutKey(fields, 'secret_fields') as Record<string, unknown>;
  const definitions = copy.definitions;
  // Python's truthiness: a non-empty object (any other truthy value is treated the same way).
  const truthy = isObject(definitions) ? Object.keys(definitions).length > 0 : Boolean(definitions) && !(Array.isArray(definitions) && definitions.length === 0);
  if (truthy) {
    const kept = isObject(definitions) ? nonBlockDefinitions(copy, definitions) : {};
    if (Object.keys(kept).length > 0) copy.definitions = kept;
    else delete copy.definitions;
  }
  return copy;
}

export function blockSchemaChecksum(fields: Record<string, unknown>): string {
  const text = pythonJson([[checksumFields(fields)], {}]);
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
