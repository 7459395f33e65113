// REST validation: a JSON value is checked against the GraphQL input type of the
// argument it becomes, with Pydantic's lax rules ("5" is an int, "yes" a bool)
// and Pydantic's error items. What passes is handed to GraphQL as variables.
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType, type GraphQLInputType } from 'graphql';
import type { ValidationItem } from '../errors.ts';
import { InvalidInput, expectedList } from '../validation/invalid-input.ts';

type Loc = (string | number)[];

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', 'off', '0']);

function laxInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    throw new InvalidInput('int_from_float', 'Input should be a valid integer, got a number with a fractional part');
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?\d+$/.test(text)) return Number(text);
    if (/^[+-]?\d+\.0*$/.test(text)) return Number.parseFloat(text);
    throw new InvalidInput('int_parsing', 'Input should be a valid integer, unable to parse string as an integer');
  }
  throw new InvalidInput('int_type', 'Input should be a valid integer');
}

function laxFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof value === 'string') throw new InvalidInput('float_parsing', 'Input should be a valid number, unable to parse string as a number');
  throw new InvalidInput('float_type', 'Input should be a valid number');
}

function laxBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw new InvalidInput('bool_parsing', 'Input should be a valid boolean, unable to interpret input');
  }
  throw new InvalidInput('bool_type', 'Input should be a valid boolean');
}

const INT_SCALARS = new Set(['Int', 'NonNegativeInt', 'PositiveInt', 'BulkLimit']);

function scalar(type: GraphQLScalarType, value: unknown): unknown {
  if (INT_SCALARS.has(type.name) || (type.extensions as { laxInt?: boolean }).laxInt) value = laxInt(value);
  else if (type.name === 'Float') return laxFloat(value);
  else if (type.name === 'Boolean') return laxBoolean(value);
  else if (type.name === 'String' && typeof value !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string');
  try {
    return type.parseValue(value);
  } catch (error) {
    const cause = (error as { originalError?: unknown }).originalError ?? error;
    if (cause instanceof InvalidInput) throw cause;
    throw new InvalidInput(`${type.name.toLowerCase()}_type`, `Input should be a valid ${type.name}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns the coerced value; problems are pushed onto `items`. */
export function coerceInput(type: GraphQLInputType, value: unknown, loc: Loc, items: ValidationItem[]): unknown {
  if (type instanceof GraphQLNonNull) {
    // null where a value must be (a list item, a field with a default): the type's own error.
    if (value === null) {
      items.push(nullNotAllowed(type.ofType, loc));
      return undefined;
    }
    return coerceInput(type.ofType, value, loc, items);
  }
  if (value === null || value === undefined) return value;
  if (type instanceof GraphQLList) {
    if (!Array.isArray(value)) {
      items.push({ type: 'list_type', loc, msg: 'Input should be a valid list', input: value });
      return undefined;
    }
    return value.map((item, i) => coerceInput(type.ofType, item, [...loc, i], items));
  }
  if (type instanceof GraphQLInputObjectType) return coerceObject(type, value, loc, items);
  if (type instanceof GraphQLEnumType) {
    const names = type.getValues().map((v) => v.name);
    if (typeof value === 'string' && names.includes(value)) return value;
    const expected = expectedList(names);
    items.push({ type: 'enum', loc, msg: `Input should be ${expected}`, input: value, ctx: { expected } });
    return undefined;
  }
  try {
    return scalar(type, value);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    const at = error.inner ? { loc: [...loc, ...error.inner.loc], input: error.inner.input } : { loc, input: value };
    items.push({ type: error.type, loc: at.loc, msg: error.msg, input: at.input, ...(error.ctx ? { ctx: error.ctx } : {}) });
    return undefined;
  }
}

/**
 * A body that is a bare array typed `Sequence[...]` in Prefect (POST /logs/;
 * the argument carries `extensions.sequence`): anything but an array is
 * Pydantic's is_instance_of, a string its sequence_str.
 */
export function sequenceItem(arg: { extensions: object }, value: unknown, loc: Loc): ValidationItem | undefined {
  if (!(arg.extensions as { sequence?: boolean }).sequence || Array.isArray(value) || value === null || value === undefined) return undefined;
  if (typeof value === 'string') return { type: 'sequence_str', loc, msg: "'str' instances are not allowed as a Sequence value", input: value };
  return { type: 'is_instance_of', loc, msg: 'Input should be an instance of Sequence', input: value, ctx: { class: 'Sequence' } };
}

/** Pydantic's item for a null given where `type` allows none. */
function nullNotAllowed(type: GraphQLInputType, loc: Loc): ValidationItem {
  if (type instanceof GraphQLScalarType) {
    try {
      scalar(type, null);
    } catch (error) {
      if (error instanceof InvalidInput) return { type: error.type, loc, msg: error.msg, input: null, ...(error.ctx ? { ctx: error.ctx } : {}) };
    }
    return { type: `${type.name.toLowerCase()}_type`, loc, msg: `Input should be a valid ${type.name}`, input: null };
  }
  if (type instanceof GraphQLList) return { type: 'list_type', loc, msg: 'Input should be a valid list', input: null };
  if (type instanceof GraphQLEnumType) {
    const expected = expectedList(type.getValues().map((v) => v.name));
    return { type: 'enum', loc, msg: `Input should be ${expected}`, input: null, ctx: { expected } };
  }
  const name = modelName(type as GraphQLInputObjectType);
  return { type: 'model_type', loc, msg: `Input should be a valid dictionary or instance of ${name}`, input: null, ctx: { class_name: name } };
}

/** Prefect's model name in model_type items: the type's name, or extensions.modelName where they differ (EventInput is Event). */
const modelName = (type: GraphQLInputObjectType): string => (type.extensions as { modelName?: string }).modelName ?? type.name;

function coerceObject(type: GraphQLInputObjectType, value: unknown, loc: Loc, items: ValidationItem[]) {
  if (!isObject(value)) {
    items.push({
      type: 'model_type',
      loc,
      msg: `Input should be a valid dictionary or instance of ${modelName(type)}`,
      input: value,
      ctx: { class_name: modelName(type) },
    });
    return undefined;
  }
  const fields = type.getFields();
  // Most Prefect request models forbid unknown keys; a few value objects (state
  // details, run policies) drop them, marked with extensions.unknownKeys.
  const ignoreUnknown = (type.extensions as { unknownKeys?: string }).unknownKeys === 'ignore';
  const result: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = fields[key];
    if (!field && ignoreUnknown) continue;
    if (!field) {
      items.push({ type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: fieldValue });
      continue;
    }
    // A required field sent as null is reported once, as missing (below).
    if (fieldValue === null && field.type instanceof GraphQLNonNull && field.defaultValue === undefined) continue;
    const coerced = coerceInput(field.type, fieldValue, [...loc, key], items);
    if (coerced !== undefined) result[key] = coerced;
  }
  for (const field of Object.values(fields)) {
    if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined && (value[field.name] === undefined || value[field.name] === null)) {
      items.push({ type: 'missing', loc: [...loc, field.name], msg: 'Field required', input: value });
    }
  }
  return result;
}
