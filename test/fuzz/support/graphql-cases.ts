// GraphQL documents and variables generated from our schema (built in-process):
// every root field, with valid and invalid argument values (inline or as
// variables), random selections, aliases, fragments, __typename and introspection,
// plus syntactically broken documents. And the checks every answer must pass.
import fc from 'fast-check';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLScalarType,
  GraphQLUnionType,
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { schema } from '../../../src/graphql/schema.ts';
import type { FuzzClient } from './http.ts';
import type { Pool } from './pool.ts';
import { leakIn } from './rest-cases.ts';
import type { Outcome, Violation } from './runner.ts';
import { NUMBERS, anyJson, anyUuid, awkwardNumber, isoDate, junkString, poolRef, resolve, word } from './values.ts';
import { random } from '../../support/random.ts';

export interface GraphQLCase {
  operation: 'query' | 'mutation';
  /** The root fields asked for, by response key (alias or name). */
  roots: { key: string; field: string }[];
  query: string;
  variables: Record<string, unknown>;
  transport: 'json' | 'get' | 'form' | 'text' | 'raw-variables';
  /** The document was deliberately broken (truncated, junk inserted). */
  broken: boolean;
}

/** Fields that drop or create the whole database: only ever asked with confirm not true. */
const DATABASE_ADMIN = new Set(['clear_database', 'drop_database', 'create_database']);

const scalarValue = (name: string): fc.Arbitrary<unknown> => {
  switch (name) {
    case 'String':
    case 'Name':
      return fc.oneof({ arbitrary: word, weight: 3 }, { arbitrary: poolRef('flowNames'), weight: 1 }, { arbitrary: junkString, weight: 1 });
    case 'ID':
    case 'UUID':
      return anyUuid;
    case 'DateTime':
      return isoDate;
    case 'Int':
    case 'NonNegativeInt':
    case 'PositiveInt':
    case 'BulkLimit':
      return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 60 }), weight: 4 }, { arbitrary: fc.constantFrom(...NUMBERS), weight: 1 });
    case 'Float':
    case 'Seconds':
      return awkwardNumber;
    case 'Boolean':
      return fc.boolean();
    case 'KeyValueLabels':
      return fc.dictionary(word, fc.oneof(word, fc.integer(), fc.boolean()), { maxKeys: 3 });
    default:
      return anyJson;
  }
};

/** A value of the wrong kind for any type. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(junkString, fc.constantFrom(...NUMBERS), fc.constantFrom(null, true, [], {}, [null], { bogus: 1 }), anyJson);

const inputCache = new Map<string, fc.Arbitrary<unknown>>();

/** A valid-ish value of an input type; sometimes the wrong kind. */
export function inputValue(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const key = `${type.toString()}@${depth}`;
  const cached = inputCache.get(key);
  if (cached) return cached;
  const right = buildInput(type, depth);
  const arb = fc.oneof({ arbitrary: right, weight: 9 }, { arbitrary: wrongValue, weight: 1 });
  inputCache.set(key, arb);
  return arb;
}

function buildInput(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) return buildInput(type.ofType, depth);
  if (depth > 3) return fc.constant(null);
  if (type instanceof GraphQLList) return fc.array(inputValue(type.ofType, depth + 1), { maxLength: 3 });
  if (type instanceof GraphQLEnumType) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields());
    const isRequired = (f: (typeof fields)[number]) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined;
    const values = Object.fromEntries(fields.map((f) => [f.name, inputValue(f.type, depth + 1)]));
    const required = fields.filter(isRequired).map((f) => f.name);
    const optional = fields.filter((f) => !isRequired(f)).map((f) => f.name);
    // A few optional keys at a time: filters with every key set are slow to build and match nothing.
    return fc.subarray(optional, { maxLength: Math.min(3, optional.length) }).chain((keys) => fc.record(Object.fromEntries([...required, ...keys].map((k) => [k, values[k]]))));
  }
  return scalarValue((type as GraphQLScalarType).name);
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A GraphQL literal for a value; enum names print bare where the type is an enum. */
export function literal(value: unknown, type?: GraphQLInputType): string {
  const named = type ? getNamedType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return named instanceof GraphQLEnumType && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const itemType = type instanceof GraphQLNonNull ? type.ofType : type;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, itemType instanceof GraphQLList ? itemType.ofType : undefined)).join(', ')}]`;
  const fields = named instanceof GraphQLInputObjectType ? named.getFields() : {};
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${NAME.test(k) ? k : JSON.stringify(k)}: ${literal(v, fields[k]?.type)}`)
    .join(', ')}}`;
}

/** A seeded generator (mulberry32), so selections are reproducible from one generated integer. */
function prng(seed: number) {
  const next = random(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Rng = ReturnType<typeof prng>;
const NESTED_ARG_VALUES: Record<string, string[]> = {
  limit: ['0', '1', '3', '200', '201', '-1', '"x"', 'null'],
  offset: ['0', '1', '-1', '2147483647', 'null'],
};

/** A selection set for an output type, a few levels deep, drawn from a seeded PRNG (cheap; fast-check draws the seed). */
function selectionText(type: GraphQLOutputType, depth: number, rng: Rng): string {
  const named = getNamedType(type);
  if (named instanceof GraphQLUnionType) {
    const members = named.getTypes().filter(() => rng.next() < 0.6);
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selectionText(m, depth, rng)}`).join(' ')} }`;
  }
  if (!(named instanceof GraphQLObjectType)) return '';
  const composite = (f: GraphQLField<unknown, unknown>) => {
    const t = getNamedType(f.type);
    return t instanceof GraphQLObjectType || t instanceof GraphQLUnionType;
  };
  const fields = Object.values(named.getFields()).filter((f) => depth < 2 || !composite(f));
  if (fields.length === 0) return '{ __typename }';
  const count = 1 + rng.int(Math.min(6, fields.length));
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const f = rng.pick(fields);
    const alias = rng.next() < 0.2 ? `a${rng.int(1000)}: ` : '';
    const args = f.args
      .filter((a) => a.name in NESTED_ARG_VALUES || getNamedType(a.type) instanceof GraphQLEnumType)
      .filter(() => rng.next() < 0.3)
      .map((a) => {
        const t = getNamedType(a.type);
        const value = t instanceof GraphQLEnumType ? (rng.next() < 0.9 ? rng.pick(t.getValues()).name : 'NOPE') : rng.pick(NESTED_ARG_VALUES[a.name]);
        return `${a.name}: ${value}`;
      });
    const sub = composite(f) ? ` ${selectionText(f.type, depth + 1, rng)}` : '';
    const fragment = composite(f) && rng.next() < 0.1;
    parts.push(
      fragment
        ? `... on ${named.name} { ${alias}${f.name}${args.length ? `(${args.join(', ')})` : ''}${sub} }`
        : `${alias}${f.name}${args.length ? `(${args.join(', ')})` : ''}${sub}`,
    );
  }
  if (rng.next() < 0.1) parts.push('__typename');
  // Two different fields under one alias is a validation error: keep them only when they are the same.
  return `{ ${parts.join(' ')} }`;
}

/** A selection set for an output type, from a generated seed. */
export const selection = (type: GraphQLOutputType, depth: number): fc.Arbitrary<string> => fc.integer().map((seed) => selectionText(type, depth, prng(seed)));

interface FieldText {
  text: string;
  key: string;
  variables: { name: string; type: string; value: unknown }[];
}

let variableCounter = 0;
const fieldCache = new Map<GraphQLField<unknown, unknown>, Map<number, fc.Arbitrary<FieldText>>>();

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number, root: boolean): fc.Arbitrary<FieldText> {
  const byDepth = fieldCache.get(field) ?? new Map<number, fc.Arbitrary<FieldText>>();
  fieldCache.set(field, byDepth);
  let arb = byDepth.get(depth);
  if (!arb) byDepth.set(depth, (arb = buildFieldSelection(field, depth, root)));
  return arb;
}

/** `alias: field(args) { selection }`; arguments inline or as variables. */
function buildFieldSelection(field: GraphQLField<unknown, unknown>, depth: number, root: boolean): fc.Arbitrary<FieldText> {
  // Nested fields (relation lists) mostly go without arguments: cheaper, and the root is where inputs matter.
  const omitWeight = (required: boolean) => (required ? 1 : depth > 0 ? 12 : 4);
  // Below the root, only scalar and enum arguments (limit, offset, sort): filters are fuzzed at the root.
  const usable = depth > 0 ? field.args.filter((a) => !(getNamedType(a.type) instanceof GraphQLInputObjectType)) : field.args;
  const args = usable.map((arg) => {
    const value = DATABASE_ADMIN.has(field.name) ? fc.constantFrom(false, null, 'yes', 0) : inputValue(arg.type);
    const required = arg.type instanceof GraphQLNonNull && arg.defaultValue === undefined;
    const declared = fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constantFrom('String', 'Int', '[UUID!]!', 'JSON', 'Bogus'), weight: 1 });
    return fc.oneof(
      { arbitrary: fc.constant({ mode: 'omit' as const, value: undefined, wrongDeclaredType: undefined }), weight: omitWeight(required) },
      { arbitrary: value.map((v) => ({ mode: 'inline' as const, value: v, wrongDeclaredType: undefined })), weight: 4 },
      { arbitrary: fc.tuple(value, declared).map(([v, d]) => ({ mode: 'variable' as const, value: v, wrongDeclaredType: d })), weight: 4 },
    );
  });
  return fc
    .record({
      alias: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), weight: 1 }),
      args: fc.tuple(...args),
      extraArg: fc.oneof({ arbitrary: fc.constant(undefined), weight: 15 }, { arbitrary: fc.constant('bogus: 1'), weight: 1 }),
      sel: selection(field.type, depth),
    })
    .map(({ alias, args: values, extraArg, sel }) => {
      const variables: FieldText['variables'] = [];
      const parts: string[] = [];
      usable.forEach((arg, i) => {
        const { mode, value, wrongDeclaredType } = values[i];
        if (mode === 'omit') return;
        if (mode === 'inline') parts.push(`${arg.name}: ${literal(value, arg.type)}`);
        else {
          const name = `v${variableCounter++ % 1000}_${arg.name}`;
          variables.push({ name, type: wrongDeclaredType ?? arg.type.toString(), value });
          parts.push(`${arg.name}: $${name}`);
        }
      });
      if (extraArg) parts.push(extraArg);
      const key = alias ?? field.name;
      const text = `${alias ? `${alias}: ` : ''}${field.name}${parts.length ? `(${parts.join(', ')})` : ''} ${sel}`;
      return { text, key, variables: root ? variables : [], nestedVariables: variables } as FieldText & { nestedVariables: FieldText['variables'] };
    })
    .map((f) => ({ text: f.text, key: f.key, variables: (f as any).nestedVariables }));
}

function rootCase(operation: 'query' | 'mutation'): fc.Arbitrary<GraphQLCase> {
  const type = operation === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const fields = Object.values(type.getFields());
  const one = fc.oneof(...fields.map((f) => fieldSelection(f, 0, true)));
  return fc
    .record({
      roots: fc.array(one, { minLength: 1, maxLength: operation === 'query' ? 3 : 2 }),
      name: fc.oneof(fc.constant(''), fc.constant('Fuzz')),
      asFragment: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
      typename: fc.boolean(),
      introspection: fc.oneof(
        { arbitrary: fc.constant(''), weight: 12 },
        {
          arbitrary: fc.constantFrom('__schema { queryType { name } types { name kind } }', '__type(name: "FlowRun") { fields { name type { name ofType { name } } } }'),
          weight: 1,
        },
      ),
      extraVariable: fc.oneof({ arbitrary: fc.constant(undefined), weight: 10 }, { arbitrary: fc.tuple(word, anyJson), weight: 1 }),
      transport: fc.oneof(
        { arbitrary: fc.constant('json' as const), weight: 20 },
        { arbitrary: fc.constantFrom('get' as const, 'form' as const, 'text' as const, 'raw-variables' as const), weight: 1 },
      ),
      breakAt: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 12 },
        { arbitrary: fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '(', '$', '"', '...', '@skip', '\0', 'query')), weight: 1 },
      ),
    })
    .map(({ roots, name, asFragment, typename, introspection, extraVariable, transport, breakAt }) => {
      // Aliases must be unique per response key unless the fields are the same: keep it simple, make them unique.
      const seen = new Set<string>();
      const uniqueRoots = roots.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
      const variables = uniqueRoots.flatMap((r) => r.variables);
      const header = variables.length ? `(${variables.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
      let body = uniqueRoots.map((r) => r.text).join('\n  ');
      if (typename) body += ' __typename';
      if (introspection && operation === 'query') body += ` ${introspection}`;
      let query = asFragment ? `${operation} ${name || 'F'}${header} { ...Root }\nfragment Root on ${type.name} { ${body} }` : `${operation} ${name}${header} {\n  ${body}\n}`;
      let broken = false;
      if (breakAt) {
        const at = breakAt[0] % (query.length + 1);
        query = `${query.slice(0, at)}${breakAt[1]}${breakAt[1] === '' ? '' : query.slice(at)}`;
        broken = true;
      }
      const vars: Record<string, unknown> = Object.fromEntries(variables.map((v) => [v.name, v.value]));
      if (extraVariable) vars[extraVariable[0]] = extraVariable[1];
      return { operation, roots: uniqueRoots.map((r) => ({ key: r.key, field: r.text.replace(/^\w+: /, '').split(/[ (]/)[0] })), query, variables: vars, transport, broken };
    });
}

const junkDocument: fc.Arbitrary<GraphQLCase> = fc
  .oneof(
    junkString,
    fc.constantFrom(
      '{',
      '}',
      'query {',
      'mutation',
      '{ read_flows { id } ',
      '{ read_flows(limit: ) { id } }',
      '{ nope }',
      'subscription { x }',
      '{ __typename }',
      '',
      'query Q { a } query Q { b }',
      '{ ...F }',
      '{ read_flows { ...F } } fragment F on Flow { ...F }',
    ),
  )
  .map((query) => ({ operation: 'query' as const, roots: [], query, variables: {}, transport: 'json' as const, broken: true }));

export const graphqlCase: fc.Arbitrary<GraphQLCase> = fc.oneof(
  { arbitrary: rootCase('query'), weight: 5 },
  { arbitrary: rootCase('mutation'), weight: 5 },
  { arbitrary: junkDocument, weight: 1 },
);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function graphqlViolations(c: GraphQLCase, res: { status: number; text: string; json?: unknown; jsonError?: string; headers: Record<string, unknown> }): Violation[] {
  const route = c.roots.length ? `${c.operation} ${c.roots.map((r) => r.field).join(',')}` : `${c.operation} (junk)`;
  const out: Violation[] = [];
  const v = (cls: string, message: string) => out.push({ cls, route, message });
  if (res.status >= 500) v('5xx', `HTTP ${res.status} ${res.text.slice(0, 120)}`);
  if (res.jsonError) v('bad-json', res.jsonError);
  if (res.status === 405 || res.status === 415 || res.status === 401 || res.status === 403 || res.status === 413) return out; // transport refusals, not GraphQL results
  if (!isObj(res.json)) {
    v('error-shape', `HTTP ${res.status} answer is not a GraphQL result: ${res.text.slice(0, 80)}`);
    return out;
  }
  const errors = res.json.errors;
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) v('error-shape', 'errors is not a non-empty list');
    else
      for (const e of errors) {
        if (!isObj(e) || typeof e.message !== 'string') {
          v('error-shape', 'an error without a message');
          continue;
        }
        const ext = isObj(e.extensions) ? e.extensions : {};
        if (typeof ext.code !== 'string') {
          if (Array.isArray(e.path)) v('error-shape', `field error without extensions.code: ${e.message.slice(0, 100)}`);
          else out.push({ cls: 'error-shape', route: 'graphql request', message: `request error without extensions.code (${requestErrorKind(e.message)})` });
        }
        if (ext.code === 'INTERNAL_SERVER_ERROR' || (typeof ext.status === 'number' && ext.status >= 500) || e.message === 'Unexpected error.') {
          v('5xx', `error ${ext.code ?? ''} ${ext.status ?? ''}: ${e.message.slice(0, 100)}`);
        }
        if ('stacktrace' in ext || 'originalError' in ext || 'exception' in ext) v('leak', 'error extensions carry a stack or original error');
        const leak = leakIn([e.message]);
        if (leak) v('leak', leak);
      }
  }
  return out;
}

/** What kind of request-level error (no path) a message is, for grouping. */
function requestErrorKind(message: string): string {
  if (message.startsWith('Syntax Error')) return 'syntax';
  if (/^Variable "\$[^"]*" got invalid value/.test(message)) return 'variable value';
  if (/^Variable "\$[^"]*"/.test(message)) return 'variable declaration';
  if (/subscription/.test(message)) return 'subscription';
  if (/Must provide|POST body|operation name|Unsupported|Content-Type|GET/i.test(message)) return 'transport';
  return 'validation';
}

/** True when the request may have written: a mutation some root field of which answered without error. */
function mayWrite(c: GraphQLCase, json: unknown): boolean {
  // A "broken" document may still be valid (junk inserted inside a string literal): judge by the answer.
  if (c.operation !== 'mutation' || !isObj(json)) return false;
  const errors = Array.isArray(json.errors) ? (json.errors as { path?: unknown[] }[]) : [];
  if (json.data === undefined || (json.data === null && errors.every((e) => !e.path))) return false;
  return c.roots.some((r) => !errors.some((e) => e.path?.[0] === r.key));
}

export async function sendGraphQL(client: FuzzClient, c: GraphQLCase, pool: Pool): Promise<Outcome> {
  const query = resolve(c.query, pool);
  const variables = resolve(c.variables, pool);
  let request: Parameters<FuzzClient['send']>[0];
  switch (c.transport) {
    case 'get':
      request = {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent(query.slice(0, 4000))}&variables=${encodeURIComponent(JSON.stringify(variables).slice(0, 4000))}`,
        headers: { accept: 'application/json' },
      };
      break;
    case 'form':
      request = {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString(),
      };
      break;
    case 'text':
      request = { method: 'POST', path: '/graphql', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query, variables }) };
      break;
    case 'raw-variables':
      request = { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: `{"query": ${JSON.stringify(query)}, "variables": "not an object"}` };
      break;
    default:
      request = {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({ query, variables }),
      };
  }
  const res = await client.send(request);
  const route = c.roots.length ? `${c.operation} ${c.roots.map((r) => r.field).join(',')}` : `${c.operation} (junk)`;
  const shown = `${request.method} ${request.path.slice(0, 200)}${c.transport === 'json' ? '' : ` [${c.transport}]`} ${JSON.stringify({ query, variables }).slice(0, 1500)}`;
  return {
    route,
    request: `${request.method} ${request.path} ${JSON.stringify({ query, variables })}`,
    repro: `${shown} → ${res.status} ${res.text.slice(0, 600)}`,
    status: res.status,
    mayWrite: res.status < 300 && mayWrite(c, res.json),
    violations: graphqlViolations(c, res),
  };
}
