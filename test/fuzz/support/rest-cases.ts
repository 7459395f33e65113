// REST requests generated from Prefect's OpenAPI document, and the checks every
// answer must pass (conventions.md §3.1: Prefect's error bodies).
import fc from 'fast-check';
import { routes } from '../../../src/rest/routes.ts';
import type { FuzzClient } from './http.ts';
import { applyMutations, mutation, type Mutation } from './mutate.ts';
import { arbitraryFor, deref, operations, type Operation } from './openapi.ts';
import type { Pool } from './pool.ts';
import type { Outcome, Violation } from './runner.ts';
import { junkString, poolRef, resolve, word } from './values.ts';

export interface RestCase {
  /** The OpenAPI operation the request was built from. */
  route: string;
  method: string;
  path: string;
  /** Path parameter values, unencoded (pool references resolved at send time). */
  params: Record<string, string>;
  /** true: a path segment is sent as generated when it is printable ASCII (e.g. `%ZZ`). */
  rawSegments: boolean;
  toggleSlash: boolean;
  query: [string, string][];
  body: RestBody;
  headers: Record<string, string>;
}

export type RestBody = { kind: 'none' } | { kind: 'json'; value: unknown; mutations: Mutation[] } | { kind: 'text'; text: string } | { kind: 'bytes'; hex: string };

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/json; charset=latin-1',
  'APPLICATION/JSON',
  '',
];
const API_VERSIONS = ['0.8.4', '0.8.0', '0.7.9', '-1.0.0', '1.2', '1.2.3.4', 'abc', '', ' 01.8.4 ', '99999999999999999999.0.0'];

const RAW_BODIES = [
  '{bad',
  '{"a":',
  '[',
  ']',
  '"',
  'nul',
  'NaN',
  '{"a":1,"a":2}',
  '1e999999',
  '-',
  '{"flows":{"name":{"any_":[',
  '\u0000',
  '{"\ud800":1}',
  'null',
  '[]',
  '""',
  '0',
  'true',
  '{}',
];

/** Junk short enough for a query string: URLs stay under Node's 16 KB header limit. */
const shortJunk = junkString.filter((s) => s.length <= 100);

function paramArbitrary(op: Operation, name: string, schema: Record<string, any>): fc.Arbitrary<string> {
  const s = deref(schema);
  const uuid = s.format === 'uuid' || (s.anyOf ?? []).some((b: any) => b.format === 'uuid');
  const existing = uuid
    ? op.path.startsWith('/flows/')
      ? poolRef('flowIds', ['plain', 'upper', 'simple'])
      : op.path.startsWith('/task_runs/')
        ? poolRef('taskRunIds', ['plain', 'upper', 'simple'])
        : op.path.startsWith('/flow_run_states/')
          ? poolRef('flowRunStateIds')
          : op.path.startsWith('/task_run_states/')
            ? poolRef('taskRunStateIds')
            : op.path.startsWith('/flow_runs/')
              ? poolRef('flowRunIds', ['plain', 'upper', 'simple'])
              : poolRef('anyIds')
    : name === 'key'
      ? poolRef('inputKeys')
      : poolRef('flowNames');
  return fc.oneof(
    { arbitrary: existing, weight: 6 },
    { arbitrary: poolRef('anyIds'), weight: 1 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: word, weight: 1 },
    { arbitrary: junkString, weight: 3 },
    { arbitrary: fc.constantFrom('%ZZ', '%', '%25', '%2F', 'a%2Fb', '.', '..', 'filter', 'count', 'name'), weight: 1 },
    { arbitrary: fc.constantFrom('x'.repeat(3_000), 'é'.repeat(600), '0'.repeat(32), 'g'.repeat(32)), weight: 1 },
  );
}

function bodyArbitrary(op: Operation): fc.Arbitrary<RestBody> {
  const junk: fc.Arbitrary<RestBody> = fc.oneof(
    fc.constantFrom(...RAW_BODIES).map((text): RestBody => ({ kind: 'text', text })),
    fc.constantFrom('ff', 'c328', 'eda080', '7b2261223a22ff227d', 'fffe7b7d', '00').map((hex): RestBody => ({ kind: 'bytes', hex })),
    junkString.map((text): RestBody => ({ kind: 'text', text })),
  );
  if (!op.body) {
    return fc.oneof({ arbitrary: fc.constant<RestBody>({ kind: 'none' }), weight: 8 }, { arbitrary: junk, weight: 1 });
  }
  const valid = arbitraryFor(op.body);
  const json = fc
    .tuple(valid, fc.oneof({ arbitrary: fc.constant([] as Mutation[]), weight: 3 }, { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 4 }))
    .map(([value, mutations]): RestBody => ({ kind: 'json', value, mutations }));
  return fc.oneof({ arbitrary: json, weight: 10 }, { arbitrary: junk, weight: 2 }, { arbitrary: fc.constant<RestBody>({ kind: 'none' }), weight: 1 });
}

function caseArbitrary(op: Operation): fc.Arbitrary<RestCase> {
  const params = fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, paramArbitrary(op, p.name, p.schema)])));
  const query = fc.tuple(
    fc.record(
      Object.fromEntries(
        op.queryParams.map((q) => [
          q.name,
          fc.oneof(
            arbitraryFor(q.schema, q.name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
            shortJunk,
          ),
        ]),
      ),
      { requiredKeys: [] },
    ),
    fc.array(fc.tuple(fc.oneof(word, fc.constantFrom('limit', 'offset', 'flow_run_id', 'since')), shortJunk), { maxLength: 2 }),
  );
  const headers = fc.record(
    {
      'x-prefect-api-version': fc.constantFrom(...API_VERSIONS),
      'content-type': fc.constantFrom(...CONTENT_TYPES),
      'prefect-automation-id': fc.oneof(
        fc.uuid(),
        junkString.filter((s) => /^[\x20-\x7e]*$/.test(s)),
      ),
      'prefect-automation-name': fc.constantFrom('YXV0bw==', '%%%', ''),
    },
    { requiredKeys: [] },
  );
  const method = fc.oneof({ arbitrary: fc.constant(op.method), weight: 12 }, { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), weight: 1 });
  return fc
    .record({
      method,
      params,
      rawSegments: fc.boolean(),
      toggleSlash: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }),
      query,
      body: bodyArbitrary(op),
      headers: fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: headers, weight: 1 }),
    })
    .map(({ query: [declared, extra], ...rest }) => ({
      route: `${op.method} ${op.path}`,
      path: op.path,
      query: [...Object.entries(declared as Record<string, string>), ...extra],
      ...rest,
    }));
}

/** Operations this server serves today: fuzzed more often than those that only answer 404. */
const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
export const servedCount = operations.filter((op) => served.has(`${op.method} ${op.path}`)).length;

/** A request to a served route that writes when it succeeds: sent alone, so a rejected one is compared on its own. */
export const writesWhenServed = (c: RestCase) => served.has(c.route) && (c.method === 'GET' ? WRITING_GET.test(c.path) : c.method !== 'OPTIONS' && !READ_ONLY.test(c.path));

/** Requests over the given OpenAPI operations; the served ones three times as likely (more, and with most routes served the rest would go unasked). */
export const restCases = (ops: Operation[]): fc.Arbitrary<RestCase> =>
  fc.oneof(...ops.map((op) => ({ arbitrary: caseArbitrary(op), weight: served.has(`${op.method} ${op.path}`) ? 3 : 1 })));

/** Every OpenAPI operation in `parts` groups (alternating, so each group has served routes). */
export const operationGroup = (part: number, parts: number) => operations.filter((_, i) => i % parts === part);

/** Percent-encodes every byte but the unreserved ones (lone surrogates become U+FFFD). */
function encodeSegment(value: string, raw: boolean): string {
  if (raw && /^[\x21-\x7e]*$/.test(value) && !value.includes('/') && !value.includes('?') && !value.includes('#')) return value;
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

const READ_ONLY = /\/(filter|count|paginate|history|lateness|get_scheduled_flow_runs|get_runs|concurrency_status)$|^\/ui\//;
/** GETs that write by design: a CSRF token is stored per client (when CSRF protection is on). */
const WRITING_GET = /^\/csrf-token$/;

/** Checks one answer. `route` is the OpenAPI route the request was built from. */
export function restViolations(
  c: RestCase,
  method: string,
  res: { status: number; headers: Record<string, unknown>; text: string; json?: unknown; jsonError?: string },
): Violation[] {
  const out: Violation[] = [];
  const route = `${method} ${c.path}`;
  const v = (cls: string, message: string) => out.push({ cls, route, message });
  if (res.status >= 500) v('5xx', `${res.status} ${res.text.slice(0, 120)}`);
  if (res.jsonError) v('bad-json', `answer claims JSON but does not parse: ${res.jsonError}`);
  if (res.status === 307) {
    if (!res.headers.location) v('error-shape', '307 without Location');
    if (res.text !== '') v('error-shape', '307 with a body');
  }
  if (res.status >= 400 && res.status < 500) {
    if (res.json === undefined) v('error-shape', `${res.status} body is not JSON (content-type ${res.headers['content-type']}): ${res.text.slice(0, 80)}`);
    else {
      const problem = errorShapeProblem(res.status, res.json);
      if (problem) v('error-shape', `${res.status} ${problem}`);
    }
    if (res.status === 405 && !res.headers.allow) v('error-shape', '405 without Allow');
    const leak = leakIn(messagesOf(res.json));
    if (leak) v('leak', `${res.status} message leaks ${leak}`);
  }
  return out;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const sameKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).length === keys.length && keys.every((k) => k in o);

/** undefined when the body is one of Prefect's error shapes for this status. */
export function errorShapeProblem(status: number, body: unknown): string | undefined {
  if (!isObj(body)) return `body is not an object: ${JSON.stringify(body)?.slice(0, 80)}`;
  if (sameKeys(body, ['detail'])) return undefined;
  if ((status === 401 || status === 404) && sameKeys(body, ['exception_message']) && typeof body.exception_message === 'string') return undefined;
  if (status === 422 && sameKeys(body, ['exception_message', 'exception_detail', 'request_body'])) {
    if (body.exception_message !== 'Invalid request received.') return `422 envelope exception_message ${JSON.stringify(body.exception_message)}`;
    if (!Array.isArray(body.exception_detail) || body.exception_detail.length === 0) return '422 envelope without items';
    for (const item of body.exception_detail) {
      if (!isObj(item)) return `422 item is not an object`;
      const keys = Object.keys(item);
      if (!['type', 'loc', 'msg', 'input'].every((k) => keys.includes(k)) || keys.some((k) => !['type', 'loc', 'msg', 'input', 'ctx'].includes(k))) {
        return `422 item keys ${JSON.stringify(keys)}`;
      }
      if (typeof item.type !== 'string' || typeof item.msg !== 'string') return '422 item type/msg not strings';
      if (!Array.isArray(item.loc) || !['body', 'query', 'path', 'header'].includes(item.loc[0] as string)) return `422 item loc ${JSON.stringify(item.loc)?.slice(0, 80)}`;
    }
    return undefined;
  }
  return `not a Prefect error body: keys ${JSON.stringify(Object.keys(body))}`;
}

/** The human-readable message fields of an error body (not the echoed input). */
export function messagesOf(body: unknown): string[] {
  if (!isObj(body)) return [];
  const out: string[] = [];
  if (typeof body.detail === 'string') out.push(body.detail);
  if (typeof body.exception_message === 'string') out.push(body.exception_message);
  if (Array.isArray(body.exception_detail)) for (const item of body.exception_detail) if (isObj(item) && typeof item.msg === 'string') out.push(item.msg);
  return out;
}

const LEAKS: [RegExp, string][] = [
  [/\n\s+at .+\(.*:\d+:\d+\)|\bat \/\S+:\d+/, 'a stack trace'],
  [/prisma|Invalid `\w+\.\w+\(\)`|PrismaClient/i, 'a Prisma message'],
  [/SQLITE_|sqlite3|better-sqlite|pg_|violates .* constraint|syntax error at or near|relation ".*" does not exist/i, 'a database message'],
  [/node_modules|\/src\/\S+\.ts|file:\/\//, 'a file path'],
  [/Cannot read properties of|is not a function|undefined is not|Maximum call stack|TypeError|ReferenceError|RangeError/, 'a JavaScript error'],
];

export function leakIn(messages: string[]): string | undefined {
  for (const m of messages) for (const [re, what] of LEAKS) if (re.test(m)) return `${what}: ${m.slice(0, 160)}`;
  return undefined;
}

export function renderBody(body: RestBody, pool: Pool): { payload?: string | Buffer; shown: string } {
  switch (body.kind) {
    case 'none':
      return { shown: '(no body)' };
    case 'json': {
      const value = resolve(applyMutations(body.value, body.mutations), pool);
      const payload = JSON.stringify(value) ?? 'null';
      return { payload, shown: payload };
    }
    case 'text':
      return { payload: body.text, shown: `raw ${JSON.stringify(body.text)}` };
    case 'bytes':
      return { payload: Buffer.from(body.hex, 'hex'), shown: `bytes ${body.hex}` };
  }
}

export async function sendRest(client: FuzzClient, basePath: string, c: RestCase, pool: Pool): Promise<Outcome> {
  const params = resolve(c.params, pool);
  let path = c.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(params[name] ?? '', c.rawSegments));
  if (c.toggleSlash) path = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  const query = resolve(c.query, pool)
    .map(([k, v]) => `${encodeSegment(k, false)}=${encodeSegment(v, false)}`)
    .join('&');
  const { payload, shown } = renderBody(c.body, pool);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  for (const [k, v] of Object.entries(c.headers)) {
    if (k === 'content-type' && v === '') delete headers[k];
    else headers[k] = v;
  }
  const fullPath = `${basePath}${path}${query ? `?${query}` : ''}`;
  const res = await client.send({ method: c.method, path: fullPath, headers, body: payload });
  const extraHeaders = Object.entries(c.headers)
    .filter(([k]) => k !== 'content-type')
    .map(([k, v]) => ` [${k}: ${v}]`)
    .join('');
  const ct = headers['content-type'] === 'application/json' ? '' : ` [content-type: ${headers['content-type'] ?? 'none'}]`;
  const repro = `${c.method} ${fullPath}${ct}${extraHeaders} ${shown.length > 1500 ? `${shown.slice(0, 1500)}…(${shown.length})` : shown} → ${res.status} ${res.text.slice(0, 600)}`;
  const writing = c.method === 'GET' ? WRITING_GET.test(c.path) : c.method !== 'OPTIONS' && !READ_ONLY.test(c.path);
  return {
    route: c.route,
    request: `${c.method} ${fullPath}${ct}${extraHeaders} ${shown}`,
    repro,
    status: res.status,
    mayWrite: writing && res.status >= 200 && res.status < 300,
    violations: restViolations(c, c.method, res),
  };
}

/** Smaller variants of a JSON value: a key dropped, a list cut to one item or none, a string cut. */
function* smaller(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    if (value.length > 1) yield [value[0]];
    if (value.length > 0) yield [];
    for (let i = 0; i < value.length; i++) for (const s of smaller(value[i])) yield value.map((v, j) => (j === i ? s : v));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const { [key]: _, ...rest } = obj;
      yield rest;
    }
    for (const key of Object.keys(obj)) for (const s of smaller(obj[key])) yield { ...obj, [key]: s };
  } else if (typeof value === 'string' && value.length > 8) {
    yield value.slice(0, 8);
  }
}

/**
 * A smaller request that still shows the same violation: greedy, bounded
 * (used by FUZZ_SURVEY=1 to print short repros in the survey).
 */
export async function minimizeRest(client: FuzzClient, basePath: string, c: RestCase, pool: Pool, same: (o: Outcome) => boolean, budget = 150): Promise<Outcome | undefined> {
  let best: RestCase = c.body.kind === 'json' ? { ...c, body: { kind: 'json', value: resolve(applyMutations(c.body.value, c.body.mutations), pool), mutations: [] } } : c;
  let bestOutcome: Outcome | undefined;
  const attempt = async (candidate: RestCase) => {
    if (budget-- <= 0) return false;
    const o = await sendRest(client, basePath, candidate, pool);
    if (!same(o)) return false;
    best = candidate;
    bestOutcome = o;
    return true;
  };
  await attempt({ ...best, query: [], headers: {}, rawSegments: false });
  let progress = true;
  while (progress && budget > 0 && best.body.kind === 'json') {
    progress = false;
    for (const value of smaller(best.body.value)) {
      if (await attempt({ ...best, body: { kind: 'json', value, mutations: [] } })) {
        progress = true;
        break;
      }
      if (budget <= 0) break;
    }
  }
  return bestOutcome;
}
