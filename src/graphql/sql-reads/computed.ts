// Fields computed in JavaScript (marks.ts sqlComputed): the statement puts the
// row's inputs where the field's value goes, as a JSON array; after the
// statement each such array becomes the field's value, printed by the field's
// type as execution prints it (serializers, lists, exposed properties of an
// object, null checks). A value that execution would answer with an error
// (a null where the type says non-null, a serializer that throws) makes the
// whole read fall back to the resolvers, which answer that error.
import { getNamedType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType, type FieldNode, type GraphQLOutputType } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { marksOf, type Computed, type Expression } from './marks.ts';
import { Unsupported, type Format, type ObjectPlan, type Walk } from './plan.ts';

/** A value the resolvers would answer with an error: the read falls back. */
export class Unprintable extends Error {}

export type Input = { name: string; column: string; format: Format } | { name: string; expression: Expression };

export interface ComputedEntry {
  key: string;
  kind: 'computed';
  inputs: Input[];
  /** The statement's input array → the field's printed value. */
  finish(values: unknown[]): unknown;
}

type Print = (value: unknown) => unknown;

/** The entry of a computed field; `formatOf` gives a column's format. */
export function computedEntry(
  walk: Walk,
  key: string,
  computed: Computed,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
  formatOf: (column: string) => Format,
): ComputedEntry {
  const inputs: Input[] = [
    ...computed.columns.map((column) => ({ name: column, column, format: formatOf(column) })),
    ...Object.entries(computed.expressions ?? {}).map(([name, expression]) => ({ name, expression })),
  ];
  const print = printer(walk, type, nodes);
  const decoders = inputs.map((input) => ('format' in input && input.format === 'datetime' ? toDate : same));
  return {
    key,
    kind: 'computed',
    inputs,
    finish(values) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < inputs.length; i++) row[inputs[i].name] = decoders[i](values[i]);
      return print(computed.compute(row));
    },
  };
}

const same = (value: unknown) => value;
// The statement prints DateTime columns as the scalar does, at millisecond precision: the Date the driver gives.
const toDate = (value: unknown) => (value === null ? null : new Date(value as string));

/** How execution prints a value of `type` with this selection (plan time: unmarked object fields make no plan). */
function printer(walk: Walk, type: GraphQLOutputType, nodes: readonly FieldNode[]): Print {
  if (isNonNullType(type)) {
    const inner = printer(walk, type.ofType, nodes);
    return (value) => {
      if (value === null || value === undefined) throw new Unprintable('null for a non-null type');
      return inner(value);
    };
  }
  const inner = nullablePrinter(walk, type, nodes);
  return (value) => (value === null || value === undefined ? null : inner(value));
}

function nullablePrinter(walk: Walk, type: GraphQLOutputType, nodes: readonly FieldNode[]): Print {
  if (isListType(type)) {
    const item = printer(walk, type.ofType, nodes);
    return (value) => {
      if (!Array.isArray(value)) throw new Unprintable('not a list');
      return value.map(item);
    };
  }
  if (isScalarType(type) || isEnumType(type)) {
    return (value) => {
      let printed: unknown;
      try {
        printed = type.serialize(value);
      } catch {
        throw new Unprintable(`not a ${type.name}`);
      }
      if (printed === undefined) throw new Unprintable(`no ${type.name}`);
      return printed;
    };
  }
  const named = getNamedType(type);
  if (!isObjectType(named)) throw new Unsupported(`${named.name} is not an object type`);
  const fields: { key: string; property: string | null; constant?: string; print: Print }[] = [];
  for (const [key, fieldNodes] of collectSubfields(walk.schema, walk.fragments, walk.variables, named, nodes)) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      fields.push({ key, property: null, constant: named.name, print: same });
      continue;
    }
    const field = named.getFields()[name];
    const property = field && marksOf(field).pothosExposedField;
    if (property === undefined) throw new Unsupported(`${named.name}.${name} is not a property of a computed value`);
    fields.push({ key, property, print: printer(walk, field.type, fieldNodes) });
  }
  return (value) => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of fields) out[field.key] = field.property === null ? field.constant : field.print(source[field.property]);
    return out;
  };
}

/** Replaces each computed entry's input array in `value` (the statement's JSON, parsed) by its printed value. */
export function finishComputed(object: ObjectPlan, value: unknown): void {
  if (!object.computes) return;
  if (Array.isArray(value)) {
    for (const row of value) finishRow(object, row);
  } else if (value !== null) finishRow(object, value as Record<string, unknown>);
}

function finishRow(object: ObjectPlan, row: Record<string, unknown>): void {
  for (const entry of object.entries) {
    if (entry.kind === 'computed') row[entry.key] = entry.finish(row[entry.key] as unknown[]);
    else if (entry.kind === 'join' || entry.kind === 'list') finishComputed(entry.object, row[entry.key]);
  }
}
