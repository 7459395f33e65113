// Reading one object of a request the way Pydantic validates one model:
// field by field in the model's order, every problem an item at its loc, lax
// scalar rules (the REST door's coerceInput), unknown keys ignored or refused.
// The trigger and action unions are validated here rather than by GraphQL
// input types: they are Python unions of models, reported member by member.
import { GraphQLBoolean, GraphQLInt, GraphQLNonNull, GraphQLString, type GraphQLInputType } from 'graphql';
import type { ValidationItem } from '../../../errors.ts';
import { coerceInput } from '../../../rest/coerce.ts';
import { UUIDScalar } from '../../../graphql/scalars.ts';
import { parseTimedelta } from '../../../schedules/duration.ts';
import { InvalidInput } from '../../../validation/invalid-input.ts';

export type Loc = (string | number)[];
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const valueErrorItem = (loc: Loc, text: string, input: unknown): ValidationItem => ({
  type: 'value_error',
  loc,
  msg: `Value error, ${text}`,
  input,
  ctx: { error: {} },
});

/** Pydantic's literal_error for one or more allowed strings. */
export function literalItem(loc: Loc, allowed: readonly string[], input: unknown): ValidationItem {
  const quoted = allowed.map((a) => `'${a}'`);
  const expected = quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return { type: 'literal_error', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
}

export const SCALARS = { int: GraphQLInt, bool: GraphQLBoolean, str: GraphQLString, uuid: UUIDScalar } as const;

/** Failed: the field's item is already recorded. */
export const FAILED = Symbol('failed');

export class ModelReader {
  readonly items: ValidationItem[] = [];
  /** Keys of the input that are fields of this model (Pydantic's fields_set), for the smart union's choice. */
  fieldsSet = 0;

  constructor(
    readonly loc: Loc,
    readonly input: Json,
    readonly fields: readonly string[],
  ) {
    this.fieldsSet = fields.filter((f) => Object.hasOwn(input, f)).length;
  }

  has = (key: string) => Object.hasOwn(this.input, key);
  at = (key: string | number): Loc => [...this.loc, key];

  missing(key: string): typeof FAILED {
    this.items.push({ type: 'missing', loc: this.at(key), msg: 'Field required', input: this.input });
    return FAILED;
  }

  /** A model validator's failure: at the model's own loc, the whole object as input. */
  modelError(text: string): void {
    this.items.push(valueErrorItem(this.loc, text, this.input));
  }

  fieldError(key: string, text: string, input: unknown = this.input[key]): typeof FAILED {
    this.items.push(valueErrorItem(this.at(key), text, input));
    return FAILED;
  }

  /** A scalar field: the default when absent; null allowed only when `nullable`. */
  scalar<T>(key: string, kind: keyof typeof SCALARS, options: { default?: T; required?: boolean; nullable?: boolean }): T | null | typeof FAILED {
    if (!this.has(key)) return options.required ? this.missing(key) : (options.default as T);
    const value = this.input[key];
    if (value === null && options.nullable) return null;
    const before = this.items.length;
    const type = SCALARS[kind] as GraphQLInputType;
    const coerced = coerceInput(value === null ? new GraphQLNonNull(type) : type, value, this.at(key), this.items);
    return this.items.length > before ? FAILED : (coerced as T);
  }

  /** A string literal field (`type`, `source`, ...). */
  literal<T extends string>(key: string, allowed: readonly T[], fallback: T | undefined): T | typeof FAILED {
    if (!this.has(key)) return fallback === undefined ? this.missing(key) : fallback;
    const value = this.input[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.items.push(literalItem(this.at(key), allowed, value));
    return FAILED;
  }

  /** A timedelta field as seconds (numbers, ISO 8601, HH:MM:SS). */
  seconds(key: string, value: unknown = this.input[key]): number | typeof FAILED {
    try {
      return parseTimedelta(value);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      this.items.push({ type: error.type, loc: this.at(key), msg: error.msg, input: value, ...(error.ctx ? { ctx: error.ctx } : {}) });
      return FAILED;
    }
  }

  /** `Dict[str, Any]` (or None when nullable). */
  dict(key: string, options: { nullable: boolean }): Json | null | undefined | typeof FAILED {
    if (!this.has(key)) return undefined;
    const value = this.input[key];
    if (value === null && options.nullable) return null;
    if (isObject(value)) return value;
    this.items.push({ type: 'dict_type', loc: this.at(key), msg: 'Input should be a valid dictionary', input: value });
    return FAILED;
  }

  /** `Set[str]`: a JSON array of strings, duplicates dropped (first kept). */
  stringSet(key: string): string[] | typeof FAILED {
    if (!this.has(key)) return [];
    const value = this.input[key];
    if (!Array.isArray(value)) {
      this.items.push({ type: 'set_type', loc: this.at(key), msg: 'Input should be a valid set', input: value });
      return FAILED;
    }
    const before = this.items.length;
    value.forEach((item, i) => {
      if (typeof item !== 'string') this.items.push({ type: 'string_type', loc: [...this.at(key), i], msg: 'Input should be a valid string', input: item });
    });
    return this.items.length > before ? FAILED : [...new Set(value as string[])];
  }

  get failed(): boolean {
    return this.items.length > 0;
  }
}
