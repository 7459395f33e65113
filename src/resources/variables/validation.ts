// VariableCreate / VariableUpdate rules (logs-variables-concurrency §2.2), as
// two scalars: a rule broken becomes Pydantic's item at the field's loc on the
// REST door and a BAD_USER_INPUT error on the GraphQL door.
import { checkedScalar } from '../../graphql/scalars.ts';
import { GraphQLJSON } from 'graphql-scalars';
import { InvalidInput } from '../../validation/invalid-input.ts';

export const MAX_VARIABLE_NAME_LENGTH = 255;
export const MAX_VARIABLE_VALUE_LENGTH = 5000;

// Python's `$` also matches before one final newline: `name\n` passes there.
const NAME_PATTERN = /^[a-z0-9_-]*\n?$/;

export function checkVariableName(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidInput('string_type', 'Input should be a valid string');
  // The character rule first: a long upper-case name reports the characters.
  if (!NAME_PATTERN.test(value)) {
    throw new InvalidInput('value_error', 'Value error, Variable name must only contain lowercase letters, numbers, and dashes or underscores.', { error: {} });
  }
  const length = [...value].length;
  if (length > MAX_VARIABLE_NAME_LENGTH) {
    // Prefect's wording: "Value ... items", not the usual string message.
    throw new InvalidInput('too_long', `Value should have at most ${MAX_VARIABLE_NAME_LENGTH} items after validation, not ${length}`, {
      field_type: 'Value',
      max_length: MAX_VARIABLE_NAME_LENGTH,
      actual_length: length,
    });
  }
  return value;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** An integer Prefect's JSON encoder refuses: outside the signed/unsigned 64-bit range. */
function unserializable(value: unknown): boolean {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return true;
    if (!Number.isInteger(value)) return false;
    const big = BigInt(value);
    return big < INT64_MIN || big > UINT64_MAX;
  }
  if (Array.isArray(value)) return value.some(unserializable);
  if (value !== null && typeof value === 'object') return Object.values(value).some(unserializable);
  return false;
}

/**
 * The value's size is the byte length of its compact UTF-8 JSON (what
 * JSON.stringify prints, non-ASCII as raw UTF-8); more than 5000 is refused.
 */
export function checkVariableValue(value: unknown): unknown {
  if (value === null) return null;
  if (unserializable(value)) throw new InvalidInput('value_error', 'Value error, Variable value must be serializable to JSON', { error: {} });
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_VARIABLE_VALUE_LENGTH) {
    throw new InvalidInput('value_error', `Value error, Variable value must be less than ${MAX_VARIABLE_VALUE_LENGTH} characters`, { error: {} });
  }
  return value;
}

export const VariableNameScalar = checkedScalar(null, {
  name: 'VariableName',
  description: 'A variable name: lower-case letters, digits, `-` and `_`, at most 255 characters.',
  parse: checkVariableName,
});

export const VariableValueScalar = checkedScalar(GraphQLJSON, {
  name: 'VariableValue',
  description: 'Any JSON value (string, number, boolean, null, object, array) whose compact JSON is at most 5000 bytes.',
  parse: checkVariableValue,
  serialize: (v) => v,
});
