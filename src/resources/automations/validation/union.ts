// Pydantic's smart union of models (Prefect's trigger and action unions carry
// no discriminator): every member is tried; of those that validate, the one
// that took the most of the input's keys wins (the first on a tie); when none
// does, every member's items are reported under the member's label (its class
// name, wrapped as `function-after[<validator>(), <Class>]` when the model has
// a model validator).
import type { ValidationItem } from '../../../errors.ts';
import { isObject, ModelReader, type Json, type Loc } from './model.ts';

export interface UnionMember<T> {
  label: string;
  className: string;
  fields: readonly string[];
  /** Reads the object; problems go onto the reader's items (then the result is ignored). */
  read(m: ModelReader): T | undefined;
}

export type UnionResult<T> = { ok: true; value: T } | { ok: false; items: ValidationItem[] };

export function validateUnion<T>(members: readonly UnionMember<T>[], input: unknown, loc: Loc): UnionResult<T> {
  const items: ValidationItem[] = [];
  let best: { value: T; fieldsSet: number } | undefined;
  for (const member of members) {
    const memberLoc = [...loc, member.label];
    if (!isObject(input)) {
      items.push({
        type: 'model_type',
        loc: memberLoc,
        msg: `Input should be a valid dictionary or instance of ${member.className}`,
        input,
        ctx: { class_name: member.className },
      });
      continue;
    }
    const reader = new ModelReader(memberLoc, input as Json, member.fields);
    const value = member.read(reader);
    if (reader.failed || value === undefined) {
      items.push(...reader.items);
      continue;
    }
    if (!best || reader.fieldsSet > best.fieldsSet) best = { value, fieldsSet: reader.fieldsSet };
  }
  return best ? { ok: true, value: best.value } : { ok: false, items };
}
