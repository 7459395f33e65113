// Prefect's OpenAPI document as fuzz material: every operation (method, path,
// parameters, request-body schema) and a fast-check arbitrary that builds
// valid-ish values from a JSON schema ($refs resolved here, depth-capped so
// recursive filters stay small).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { anyJson, anyUuid, awkwardNumber, isoDate, junkString, poolRef, word } from './values.ts';

type Schema = Record<string, any>;

const SPEC_PATH = new URL('../../../../shared/prefect/openapi.json', import.meta.url);
export const spec: Schema = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

export interface Operation {
  method: string;
  /** OpenAPI path template relative to the API root, e.g. `/flows/{id}`. */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; required: boolean; schema: Schema }[];
  body?: Schema;
}

export const operations: Operation[] = Object.entries(spec.paths as Record<string, Schema>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]: [string, Schema]) => {
      const params: Schema[] = op.parameters ?? [];
      return {
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      };
    }),
);

export function deref(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 20 && s?.$ref; i++) {
    const parts = (s.$ref as string).replace(/^#\//, '').split('/');
    s = parts.reduce((node: Schema, key) => node[key], spec);
  }
  return s ?? {};
}

const MAX_DEPTH = 4;
const cache = new Map<string, fc.Arbitrary<unknown>>();

/** Strings chosen by what the property is called. */
function stringFor(schema: Schema, key: string | undefined): fc.Arbitrary<unknown> {
  if (schema.format === 'uuid' || (key !== undefined && /(^|_)ids?_?$/.test(key))) return anyUuid;
  if (schema.format === 'date-time') return isoDate;
  if (schema.format === 'duration' || schema.format === 'time-delta') return fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.constantFrom('PT1H', 'P1D', 'junk'));
  if (key === 'name' || key === 'flow_name' || key === 'like_' || key === 'startswith_') return fc.oneof(poolRef('flowNames'), word, junkString);
  if (key === 'key' || key === 'prefix') return fc.oneof(poolRef('inputKeys'), word, junkString);
  return fc.oneof({ arbitrary: word, weight: 3 }, { arbitrary: junkString, weight: 1 });
}

/** A valid-ish value for a JSON schema: mostly the right shape, sometimes odd content. */
export function arbitraryFor(schema: Schema, key?: string, depth = 0): fc.Arbitrary<unknown> {
  const cacheKey = schema.$ref ? `${schema.$ref}@${depth}@${key ?? ''}` : undefined;
  if (cacheKey && cache.has(cacheKey)) return cache.get(cacheKey)!;
  const arb = build(deref(schema), key, depth);
  if (cacheKey) cache.set(cacheKey, arb);
  return arb;
}

function build(s: Schema, key: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  const branches: Schema[] | undefined = s.anyOf ?? s.oneOf;
  if (branches) {
    // Prefer the non-null branch; null is only one choice among several.
    const nonNull = branches.filter((b) => b.type !== 'null');
    const arbs = nonNull.map((b) => arbitraryFor(b, key, depth));
    return branches.length > nonNull.length ? fc.oneof({ arbitrary: fc.oneof(...arbs), weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : fc.oneof(...arbs);
  }
  if (s.allOf) return arbitraryFor(s.allOf[0], key, depth);
  switch (s.type) {
    case 'string':
      return stringFor(s, key);
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -5);
      const max = s.maximum ?? Math.max(min + 100, 100);
      return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 4 }, { arbitrary: awkwardNumber, weight: 1 });
    }
    case 'number':
      return fc.oneof({ arbitrary: fc.double({ min: 0, max: 1e4, noNaN: true }), weight: 3 }, { arbitrary: awkwardNumber, weight: 1 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = s.prefixItems ? fc.tuple(...(s.prefixItems as Schema[]).map((p) => arbitraryFor(p, key, depth + 1))) : undefined;
      return items ?? fc.array(arbitraryFor(s.items ?? {}, key, depth + 1), { maxLength: 3 });
    }
    case 'object':
    case undefined: {
      const props: Record<string, Schema> = s.properties ?? {};
      const names = Object.keys(props);
      if (names.length === 0) {
        if (s.type === undefined && !s.additionalProperties) return anyJson;
        const values = s.additionalProperties && typeof s.additionalProperties === 'object' ? arbitraryFor(s.additionalProperties, undefined, depth + 1) : anyJson;
        return fc.dictionary(word, values, { maxKeys: 3 });
      }
      const required: string[] = s.required ?? [];
      const shape = Object.fromEntries(names.map((n) => [n, arbitraryFor(props[n], n, depth + 1)]));
      // Optional keys are mostly left out: filters with every key set match nothing.
      return fc.record(shape, { requiredKeys: required.filter((r) => names.includes(r)) });
    }
    default:
      return anyJson;
  }
}
