// Scalars: graphql-scalars' types, with Prefect's parsing and printing rules.
// Parse failures throw InvalidInput so the REST door can report Pydantic's item.
import { GraphQLError, GraphQLScalarType, valueFromASTUntyped } from 'graphql';
import { GraphQLDateTime, GraphQLJSON, GraphQLJSONObject, GraphQLNonNegativeInt, GraphQLPositiveInt, GraphQLUUID } from 'graphql-scalars';
import { parseUuid } from '../validation/uuid.ts';
import { formatDateTime, parseDateTime } from '../validation/datetime.ts';
import { InvalidInput } from '../validation/invalid-input.ts';

interface ScalarOverrides {
  name?: string;
  description?: string;
  parse: (v: unknown) => unknown;
  serialize?: (v: unknown) => unknown;
  extensions?: Record<string, unknown>;
}

/**
 * A scalar (on `base`, or new) whose parse failures carry Pydantic's item
 * (InvalidInput): GraphQL reports its message, the REST door the item at the
 * value's loc. Every checked scalar of the schema is made here.
 */
export function checkedScalar(base: GraphQLScalarType | null, overrides: ScalarOverrides) {
  const parseValue = (v: unknown) => {
    try {
      return overrides.parse(v);
    } catch (e) {
      if (e instanceof InvalidInput) throw new GraphQLError(e.msg, { originalError: e });
      throw e;
    }
  };
  return new GraphQLScalarType({
    ...(base?.toConfig() ?? { name: overrides.name! }),
    ...(overrides.name ? { name: overrides.name } : {}),
    ...(overrides.description ? { description: overrides.description } : {}),
    ...(overrides.extensions ? { extensions: { ...base?.extensions, ...overrides.extensions } } : {}),
    serialize: overrides.serialize ?? base?.serialize ?? ((v) => v),
    parseValue,
    // One declared parameter: graphql-jit warns about (and will not compile) literal parsers that declare `variables`.
    parseLiteral: (ast, ...rest) => parseValue(valueFromASTUntyped(ast, rest[0] as Record<string, unknown> | undefined)),
  });
}

/** The spelling parseUuid answers; taken as is (40,000 ids in a filter took ~0.1 s through the full parser). */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const UUIDScalar = checkedScalar(GraphQLUUID, {
  description: 'A UUID. Accepted hyphenated or as 32 hex digits, any case; always answered lower-case hyphenated.',
  parse: (v) => (typeof v === 'string' && CANONICAL_UUID.test(v) ? v : parseUuid(v)),
  // Ids read from the database are already canonical: one regular expression, not a parse per id.
  serialize: (v) => (typeof v === 'string' && CANONICAL_UUID.test(v) ? v : parseUuid(v)),
});

export const DateTimeScalar = checkedScalar(GraphQLDateTime, {
  description: 'A UTC date-time printed as Prefect does (`2024-01-02T03:04:05.120000Z`). Input: ISO 8601 (no offset means UTC), a date, or Unix seconds.',
  parse: parseDateTime,
  serialize: (v) => formatDateTime(v instanceof Date ? v : parseDateTime(v)),
});

export const JSONScalar = GraphQLJSON;

function integer(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new InvalidInput('int_type', 'Input should be a valid integer');
  }
  return v;
}

function atLeast(min: number) {
  return (v: unknown) => {
    const n = integer(v);
    if (n < min) {
      throw new InvalidInput('greater_than_equal', `Input should be greater than or equal to ${min}`, { ge: min });
    }
    return n;
  };
}

/** An integer in [min, max], failing with Pydantic's items. */
export function between(min: number, max: number) {
  const floor = atLeast(min);
  return (v: unknown) => {
    const n = floor(v);
    if (n > max) throw new InvalidInput('less_than_equal', `Input should be less than or equal to ${max}`, { le: max });
    return n;
  };
}

/**
 * The upper bound of offset and page: GraphQL's Int range, which the `page`
 * field of a /paginate answer must hold; larger values reached SQL and failed (500).
 */
export const MAX_INT32 = 2 ** 31 - 1;

export const NonNegativeIntScalar = checkedScalar(GraphQLNonNegativeInt, { parse: between(0, MAX_INT32) });
/** `limit` of the bulk routes: 1 to 50. */
export const BulkLimitScalar = checkedScalar(null, { name: 'BulkLimit', description: 'An integer from 1 to 50.', parse: between(1, 50) });
export const PositiveIntScalar = checkedScalar(GraphQLPositiveInt, { parse: between(1, MAX_INT32) });

// Prefect's names (flows, deployments, ...) may not contain / % & > <.
const NAME_PATTERN = '^[^/%&><]+$';
const NAME_REGEX = new RegExp(NAME_PATTERN, 'u');

export const NameScalar = checkedScalar(null, {
  name: 'Name',
  description: 'A name: at least one character, none of / % & > <.',
  parse: (v) => {
    if (typeof v !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string');
    if (!NAME_REGEX.test(v)) {
      throw new InvalidInput('string_pattern_mismatch', `String should match pattern '${NAME_PATTERN}'`, { pattern: NAME_PATTERN });
    }
    return v;
  },
});

/**
 * Labels per object. Ours (Prefect has no bound): 300,000 labels in a 5 MB
 * body held the event loop ~10 s on write and seconds on every read after.
 */
export const MAX_LABELS = 1000;

// Labels: an object whose values are strings, integers, floats or booleans.
export const KeyValueLabelsScalar = checkedScalar(GraphQLJSONObject, {
  name: 'KeyValueLabels',
  description: 'Key-value labels: an object whose values are strings, numbers or booleans.',
  parse: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new InvalidInput('dict_type', 'Input should be a valid dictionary');
    }
    const count = Object.keys(v).length;
    if (count > MAX_LABELS) {
      throw new InvalidInput('too_long', `Dictionary should have at most ${MAX_LABELS} items after validation, not ${count}`, {
        field_type: 'Dictionary',
        max_length: MAX_LABELS,
        actual_length: count,
      });
    }
    for (const [key, value] of Object.entries(v)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new InvalidInput('value_error', `Value error, label ${JSON.stringify(key)} must be a string, number or boolean`, { error: {} });
      }
    }
    return v;
  },
});

// Durations: seconds as a number. Prefect prints them with a fraction (3600.0);
// the REST door does too (rest/json.ts), JSON in GraphQL cannot tell 3600 from 3600.0.
export const SecondsScalar = checkedScalar(null, {
  name: 'Seconds',
  description: 'A duration in seconds.',
  parse: (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInput('float_type', 'Input should be a valid number');
    return v;
  },
});
