// Prefect's JSON for a GraphQL result: compact, keys in field order, raw UTF-8,
// and durations (Seconds) always with a fraction part (`0.0`, `3600.0`), which
// JSON.stringify cannot print. The GraphQL output type says where they are.
//
// The body is printed by one native JSON.stringify: the few Seconds values are
// first swapped for marked strings (on the paths the type says hold Seconds,
// planned once per type), which are then unquoted in the UTF-8 bytes. That is
// a fraction of the cost of walking every value of a 200-row page in JavaScript.
import { randomBytes } from 'node:crypto';
import { listBytes, utf8 } from '../http/json-bytes.ts';
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, type GraphQLOutputType } from 'graphql';

/** Replaces the Seconds inside a value (in place: results are built per request) and returns it. */
type Marker = (value: unknown) => unknown;

// A random mark per process: no client string can forge one.
const MARK = `\u0001${randomBytes(8).toString('hex')}:`;
const QUOTED_MARK = `"${JSON.stringify(MARK).slice(1, -1)}`;

// Only whole numbers need a mark: JSON.stringify prints the others as Prefect
// does (294.509). 1e21 and up print with an exponent (`1e+21`), already a float
// to Prefect's clients: no `.0` then.
const markSeconds: Marker = (value) => (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e21 ? `${MARK}${value}.0` : value);

/**
 * A JSON field's durations: the numbers under these keys at any depth (a
 * field declares them with `extensions: { secondsKeys: [...] }`, e.g. a
 * trigger's `within`, an interval schedule's `interval`). Copies what it
 * changes: JSON values may be shared.
 */
function markSecondsUnder(keys: readonly string[]): Marker {
  const wanted = new Set(keys);
  const walk: Marker = (value) => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = wanted.has(key) ? markSeconds(item) : walk(item);
    return out;
  };
  return walk;
}

/** The marker of one field: its type's, or its declared JSON duration keys' (kept through lists). */
function fieldPlan(field: { type: GraphQLOutputType; extensions: Record<string, unknown> }): Marker | null {
  const keys = field.extensions.secondsKeys as readonly string[] | undefined;
  return keys ? markSecondsUnder(keys) : planFor(field.type);
}

const plans = new Map<GraphQLOutputType, Marker | null>();

/** How to mark the Seconds of a value of `type`; null when it holds none. */
function planFor(type: GraphQLOutputType): Marker | null {
  if (plans.has(type)) return plans.get(type)!;
  if (type instanceof GraphQLNonNull) return remember(type, planFor(type.ofType));
  if (type instanceof GraphQLList) {
    const item = planFor(type.ofType);
    return remember(type, item && ((value) => (Array.isArray(value) ? value.map(item) : value)));
  }
  if (type instanceof GraphQLObjectType) {
    // Types refer to each other (FlowRun.flow, ...): until this plan is known, a
    // reference to it looks the plan up when it runs.
    plans.set(type, (value) => plans.get(type)?.(value) ?? value);
    const fields = Object.values(type.getFields())
      .map((field) => [field.name, fieldPlan(field)] as const)
      .filter((entry): entry is readonly [string, Marker] => entry[1] !== null);
    return remember(
      type,
      fields.length === 0
        ? null
        : (value) => {
            if (value === null || typeof value !== 'object') return value;
            const record = value as Record<string, unknown>;
            for (const [name, mark] of fields) if (record[name] !== undefined && record[name] !== null) record[name] = mark(record[name]);
            return record;
          },
    );
  }
  return remember(type, type instanceof GraphQLScalarType && type.name === 'Seconds' ? markSeconds : null);
}

function remember(type: GraphQLOutputType, plan: Marker | null): Marker | null {
  plans.set(type, plan);
  return plan;
}

export function toPrefectJson(value: unknown, type: GraphQLOutputType): string {
  return toPrefectJsonBytes(value, type).toString('utf8');
}

const QUOTED_MARK_BYTES = Buffer.from(QUOTED_MARK);
const QUOTE = 0x22;

/**
 * toPrefectJson as the UTF-8 bytes the response sends. A list is printed item
 * by item into one buffer: one JSON.stringify of a 200-run page made a 360 kB
 * string that V8 then had to flatten (fresh large-object memory) before
 * encoding it, ~1 ms more than printing and writing the 200 small strings.
 */
export function toPrefectJsonBytes(value: unknown, type: GraphQLOutputType): Buffer {
  if (value === undefined) return utf8('null');
  const plan = planFor(type);
  const marked = plan ? plan(value) : value;
  const bytes = Array.isArray(marked) ? listBytes(marked) : utf8(JSON.stringify(marked));
  return plan ? unmark(bytes) : bytes;
}

/**
 * `"<mark>3600.0"` → `3600.0`, in place on the bytes: the marks are found
 * with indexOf and the rest moved over them (a regular expression on the text
 * tried a match at every quote of the body).
 */
function unmark(bytes: Buffer): Buffer {
  let at = bytes.indexOf(QUOTED_MARK_BYTES);
  if (at < 0) return bytes;
  let length = at;
  while (at >= 0) {
    const start = at + QUOTED_MARK_BYTES.length;
    const end = bytes.indexOf(QUOTE, start);
    length += bytes.copy(bytes, length, start, end);
    const from = end + 1;
    at = bytes.indexOf(QUOTED_MARK_BYTES, from);
    length += bytes.copy(bytes, length, from, at < 0 ? bytes.length : at);
  }
  return bytes.subarray(0, length);
}
