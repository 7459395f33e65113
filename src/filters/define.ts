// Declaring filters: a resource lists its field filters (each a set of
// operators on one column or relation); this module makes the GraphQL input
// types and the compiler from the same declaration, so the two cannot drift.
import type { InputObjectRef } from '@pothos/core';
import { builder, OperatorEnum } from '../graphql/builder.ts';
import { TRUE, combine, type Condition } from './condition.ts';
import type { CompileContext, Operator, Subject } from './operators.ts';

type FilterValue = Record<string, unknown> & { operator?: 'and_' | 'or_' | null };

export interface FilterDef {
  ref: InputObjectRef<any, any>;
  /** The input type's description, repeated on the field that holds it in a parent filter. */
  description: string;
  compile(value: FilterValue, ctx: CompileContext): Condition;
  /** The lists given to list operators in `value`, for the caps of filters/limits.ts. */
  lists(value: FilterValue): ListUse[];
}

/** A filter that an argument of a root field or relation takes (FlowRunFilter), with that argument's description. */
export type ResourceFilterDef = FilterDef & { argument: string };

/** One list operator's value, `path` from the filter it was given to (`['tags', 'all_']`). */
export interface ListUse {
  path: string[];
  values: unknown[];
  /** The operator costs one sub-query per value (all_). */
  subqueryPerValue: boolean;
}

const present = (value: FilterValue, key: string) => value[key] !== null && value[key] !== undefined;

const operatorField = (t: any) => t.field({ type: OperatorEnum, defaultValue: 'and_', description: 'Operator for combining filter criteria. Defaults to `and_`.' });

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

/**
 * What a field filter's operators apply to, from its name: FlowRunFilterStateType
 * → `flow runs` whose `state_type`. A name without a field part (a filter over
 * several columns) gives the resource's rows and `value`.
 */
function subjectOf(name: string): Subject {
  const [, resource, field] = /^(.*?)Filter(.*)$/.exec(name) ?? [name, name, ''];
  const words = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const rows = words(resource);
  return { rows: /(s|ch)$/.test(rows) ? `${rows}es` : `${rows}s`, field: field ? words(field).replaceAll(' ', '_') : 'value' };
}

/** One field's filter, e.g. FlowFilterName { any_, like_ }. */
export function fieldFilter(
  name: string,
  spec: {
    description: string;
    operator?: boolean;
    ops: Record<string, Operator>;
    /**
     * Prefect keeps some sub-filters only when they reduce to one comparison
     * (flow run state type/name): with two operators given, none applies.
     */
    singleOperatorOnly?: boolean;
    /** Replaces "apply each operator, combine": for operators that only mean something together. */
    compile?: FilterDef['compile'];
  },
): FilterDef {
  const ref = builder.inputType(name, {
    description: spec.description,
    fields: (t) => ({
      ...(spec.operator ? { operator: operatorField(t) } : {}),
      ...Object.fromEntries(
        Object.entries(spec.ops).map(([key, op]) => [
          key,
          t.field({
            type: op.type as any,
            description: typeof op.description === 'string' ? op.description : op.description(subjectOf(name)),
            ...(op.defaultValue === undefined ? {} : { defaultValue: op.defaultValue as any }),
          }),
        ]),
      ),
    }),
  });
  const compile = spec.compile ?? compileParts(spec.ops, spec.operator ?? false);
  const lists = (value: FilterValue): ListUse[] =>
    Object.entries(spec.ops)
      .filter(([key]) => Array.isArray(value[key]))
      .map(([key, op]) => ({ path: [key], values: value[key] as unknown[], subqueryPerValue: op.subqueryPerValue ?? false }));
  if (!spec.singleOperatorOnly) return { ref, description: spec.description, compile, lists };
  return {
    ref,
    description: spec.description,
    compile: (value, ctx) => (Object.keys(spec.ops).filter((k) => value[k] != null).length > 1 ? TRUE : compile(value, ctx)),
    lists,
  };
}

/** A resource's top-level filter (FlowFilter { operator, id, name, tags }) or a nested group of field filters. */
export function resourceFilter(name: string, spec: { description: string; fields: Record<string, FilterDef> }): ResourceFilterDef {
  const ref = builder.inputType(name, {
    description: spec.description,
    fields: (t) => ({
      operator: operatorField(t),
      ...Object.fromEntries(Object.entries(spec.fields).map(([key, field]) => [key, t.field({ type: field.ref, description: field.description })])),
    }),
  });
  const lists = (value: FilterValue): ListUse[] =>
    Object.entries(spec.fields)
      .filter(([key]) => present(value, key))
      .flatMap(([key, field]) => field.lists(value[key] as FilterValue).map((use) => ({ ...use, path: [key, ...use.path] })));
  return { ref, description: spec.description, argument: filterArgument(name), compile: compileParts(spec.fields, true), lists };
}

/**
 * The description of an argument that takes this filter (`flow_runs` of
 * read_flows, read_flow_runs, ...): the same key means "the results themselves"
 * on their own list and "the results related to one" elsewhere.
 */
export function filterArgument(name: string): string {
  const noun = name
    .replace(/Filter$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const article = /^[aeiou]/.test(noun) ? 'an' : 'a';
  return `Criteria on the ${noun}: only results that are, or are related to, ${article} ${noun} matching all of them are included.`;
}
