// Declaring filters: a resource lists its field filters (each a set of
// operators on one column or relation); this module makes the GraphQL input
// types and the compiler from the same declaration, so the two cannot drift.
import type { InputObjectRef } from '@pothos/core';
import { builder, OperatorEnum } from '../graphql/builder.ts';
import { combine, type Condition } from './condition.ts';
import type { CompileContext, Operator } from './operators.ts';

type FilterValue = Record<string, unknown> & { operator?: 'and_' | 'or_' | null };

export interface FilterDef {
  ref: InputObjectRef<any, any>;
  compile(value: FilterValue, ctx: CompileContext): Condition;
}

const operatorField = (t: any) =>
  t.field({ type: OperatorEnum, defaultValue: 'and_', description: 'Operator for combining filter criteria. Defaults to `and_`.' });

/** Applies each present (non-null) part and combines the results with `operator`. */
function compileParts(parts: Record<string, { compile(v: any, ctx: CompileContext): Condition }>, useOperator: boolean) {
  return (value: FilterValue, ctx: CompileContext): Condition =>
    combine(
      useOperator ? value.operator : 'and_',
      Object.entries(parts)
        .filter(([key]) => value[key] !== null && value[key] !== undefined)
        .map(([key, part]) => part.compile(value[key], ctx)),
    );
}

/** One field's filter, e.g. FlowFilterName { any_, like_ }. */
export function fieldFilter(
  name: string,
  spec: { description: string; operator?: boolean; ops: Record<string, Operator> },
): FilterDef {
  const ref = builder.inputType(name, {
    description: spec.description,
    fields: (t) => ({
      ...(spec.operator ? { operator: operatorField(t) } : {}),
      ...Object.fromEntries(
        Object.entries(spec.ops).map(([key, op]) => [key, t.field({ type: op.type as any, description: op.description })]),
      ),
    }),
  });
  return { ref, compile: compileParts(spec.ops, spec.operator ?? false) };
}

/** A resource's top-level filter, e.g. FlowFilter { operator, id, name, tags }. */
export function resourceFilter(name: string, spec: { description: string; fields: Record<string, FilterDef> }): FilterDef {
  const ref = builder.inputType(name, {
    description: spec.description,
    fields: (t) => ({
      operator: operatorField(t),
      ...Object.fromEntries(Object.entries(spec.fields).map(([key, field]) => [key, t.field({ type: field.ref })])),
    }),
  });
  return { ref, compile: compileParts(spec.fields, true) };
}
