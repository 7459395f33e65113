// A query document → what one SQL statement per root field must return, or
// null when some part of it is not a marked field (./marks.ts): then the
// document runs through the resolvers as usual, which also answer every error
// (a bad argument makes the plan throw, and the caller falls back).
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
// graphql-js's own field collection (spec CollectFields: fragments, type conditions, @skip/@include,
// merged response keys), so a plan sees exactly the fields execution would.
import { collectFields, collectSubfields } from 'graphql/execution/collectFields.js';
import type { Context } from '../context.ts';
import type { ModelInfo, Models, Relation } from '../../filters/sql/datamodel.ts';
import { marksOf, type Find, type Mirror } from './marks.ts';
import { computedEntry, type ComputedEntry } from './computed.ts';

/** How a column's value becomes the field's JSON value. */
export type Format = 'plain' | 'datetime' | 'boolean' | 'json';

export type Entry =
  | { key: string; kind: 'column'; column: string; format: Format }
  | { key: string; kind: 'constant'; value: string }
  | { key: string; kind: 'join'; relation: Relation; object: ObjectPlan }
  /** A to-one relation whose selected fields the row itself repeats (marks.ts sqlJoin's mirror): no join. */
  | { key: string; kind: 'mirror'; relation: Relation; object: ObjectPlan }
  | { key: string; kind: 'list'; parentColumn: string; find: Find; object: ObjectPlan }
  | { key: string; kind: 'count'; model: ModelInfo; parentColumn: string; where: Record<string, unknown> }
  | ComputedEntry;

/** The JSON object of one row of `model`: its entries in response order. */
export interface ObjectPlan {
  model: ModelInfo;
  entries: Entry[];
  /** Some entry here or below is computed in JavaScript after the statement (computed.ts). */
  computes: boolean;
}

export interface RootPlan {
  key: string;
  find: Find;
  object: ObjectPlan;
}

/** The most keys one JSON object of the statement builds (PostgreSQL's json_build_object takes 100 arguments). */
export const MAX_KEYS = 50;

export class Unsupported extends Error {}
const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

export interface Walk {
  schema: GraphQLSchema;
  models: Models;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  ctx: Context;
}

/**
 * The plans of `operation`'s root fields in response order, or why not (a
 * field that is not marked, ...). Arguments are checked by the same
 * functions the resolvers use: a bad one throws (the caller falls back).
 */
export async function planOperation(
  schema: GraphQLSchema,
  models: Models,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  ctx: Context,
): Promise<RootPlan[] | { unsupported: string }> {
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || !queryType) return { unsupported: 'not a query' };
  const walk: Walk = { schema, models, fragments, variables, ctx };
  try {
    const roots: RootPlan[] = [];
    for (const [key, nodes] of collectFields(schema, fragments, variables, queryType, operation.selectionSet)) {
      const field = fieldOf(queryType, nodes[0]);
      const read = marksOf(field).sqlRoot ?? unsupported(`${field.name} is not a marked root field`);
      const model = models.get(read.model) ?? unsupported(`no model ${read.model}`);
      const find = await read.find(getArgumentValues(field, nodes[0], variables), ctx);
      roots.push({ key, find, object: objectPlan(walk, model, field.type, nodes) });
    }
    // Building JSON in the database costs it more per value than the resolvers
    // spend (PostgreSQL 10k, the flat filter's 200 runs × 60 fields: 35 ms in
    // the statement against 5 ms for its rows, and no less CPU here after it). It
    // pays where it saves statements: lists and counts below the root, which
    // the resolvers read a statement per level.
    if (!roots.some((root) => nests(root.object))) return { unsupported: 'flat lists: the lean reads answer them' };
    return roots;
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

/** A list or count below this object: what the resolvers would read in a statement of its own per level. */
const nests = (object: ObjectPlan): boolean => object.entries.some((e) => e.kind === 'list' || e.kind === 'count' || (e.kind === 'join' && nests(e.object)));

function objectPlan(walk: Walk, model: ModelInfo, type: GraphQLOutputType, nodes: readonly FieldNode[]): ObjectPlan {
  const named = getNamedType(type);
  if (!isObjectType(named)) return unsupported(`${named.name} is not an object type`);
  const entries: Entry[] = [];
  for (const [key, fieldNodes] of collectSubfields(walk.schema, walk.fragments, walk.variables, named, nodes)) {
    entries.push(entryOf(walk, model, named, key, fieldNodes));
  }
  if (entries.length > MAX_KEYS) unsupported(`more than ${MAX_KEYS} fields`);
  const computes = entries.some((e) => e.kind === 'computed' || ((e.kind === 'join' || e.kind === 'list') && e.object.computes));
  return { model, entries, computes };
}

function entryOf(walk: Walk, model: ModelInfo, type: GraphQLObjectType, key: string, nodes: readonly FieldNode[]): Entry {
  const node = nodes[0];
  if (node.name.value === '__typename') return { key, kind: 'constant', value: type.name };
  const field = fieldOf(type, node);
  const marks = marksOf(field);
  const args = () => getArgumentValues(field, node, walk.variables);
  const column = marks.sqlColumn ?? marks.pothosExposedField;
  if (column !== undefined) return { key, kind: 'column', column, format: formatOf(model, column, field.type) };
  if (marks.sqlJoin) {
    const relation = model.relations.get(marks.sqlJoin);
    if (!relation || relation.isList) return unsupported(`${model.name}.${marks.sqlJoin} is not a to-one relation`);
    const mirrored = marks.sqlMirror && mirrorPlan(walk, model, marks.sqlMirror, field.type, nodes);
    if (mirrored) return { key, kind: 'mirror', relation, object: mirrored };
    return { key, kind: 'join', relation, object: objectPlan(walk, walk.models.get(relation.model)!, field.type, nodes) };
  }
  if (marks.sqlList) {
    const target = walk.models.get(marks.sqlList.model) ?? unsupported(`no model ${marks.sqlList.model}`);
    const find = marks.sqlList.find(args(), walk.ctx);
    return { key, kind: 'list', parentColumn: marks.sqlList.parentColumn, find, object: objectPlan(walk, target, field.type, nodes) };
  }
  if (marks.sqlCount) {
    const target = walk.models.get(marks.sqlCount.model) ?? unsupported(`no model ${marks.sqlCount.model}`);
    return { key, kind: 'count', model: target, parentColumn: marks.sqlCount.parentColumn, where: marks.sqlCount.where(args(), walk.ctx) };
  }
  if (marks.sqlComputed) {
    return computedEntry(walk, key, marks.sqlComputed, field.type, nodes, (column) => inputFormat(model, column));
  }
  return unsupported(`${type.name}.${field.name} is not marked`);
}

/** The joined object as columns of `model`'s own row, or null when a selected field is not mirrored there. */
function mirrorPlan(walk: Walk, model: ModelInfo, mirror: Mirror, type: GraphQLOutputType, nodes: readonly FieldNode[]): ObjectPlan | null {
  const named = getNamedType(type);
  if (!isObjectType(named)) return null;
  const entries: Entry[] = [];
  for (const [key, fieldNodes] of collectSubfields(walk.schema, walk.fragments, walk.variables, named, nodes)) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      entries.push({ key, kind: 'constant', value: named.name });
      continue;
    }
    const column = mirror[name];
    if (column === undefined) return null;
    entries.push({ key, kind: 'column', column, format: formatOf(model, column, fieldOf(named, fieldNodes[0]).type) });
  }
  return { model, entries, computes: false };
}

/** The scalars whose serializer leaves a column's value as the database gives it (DateTime: formatted by the statement). */
const PLAIN_SCALARS: Record<string, readonly string[]> = {
  String: ['String'],
  ID: ['String'],
  UUID: ['String'],
  Int: ['Int'],
  Float: ['Float', 'Int'],
  Seconds: ['Float', 'Int'],
  Boolean: ['Boolean'],
  DateTime: ['DateTime'],
  JSON: ['Json'],
};

function formatOf(model: ModelInfo, column: string, type: GraphQLOutputType): Format {
  const columnType = model.types.get(column) ?? unsupported(`no column ${model.name}.${column}`);
  const nullable = getNullableType(type);
  // A list of scalars stored as a JSON array (tags).
  if (isListType(nullable)) {
    const item = getNullableType(nullable.ofType);
    if (columnType === 'Json' && isScalarType(item) && (item.name === 'String' || item.name === 'JSON')) return 'json';
    return unsupported(`${model.name}.${column}: list field`);
  }
  if (isEnumType(nullable)) {
    // The stored string is the enum value's name exactly when every value is its own name.
    if (columnType === 'String' && nullable.getValues().every((v) => v.value === v.name)) return 'plain';
    return unsupported(`${model.name}.${column}: enum ${nullable.name}`);
  }
  if (!isScalarType(nullable) || !PLAIN_SCALARS[nullable.name]?.includes(columnType)) return unsupported(`${model.name}.${column}: ${String(nullable)}`);
  return columnFormat(columnType);
}

const columnFormat = (columnType: string): Format => (columnType === 'DateTime' ? 'datetime' : columnType === 'Boolean' ? 'boolean' : columnType === 'Json' ? 'json' : 'plain');

/** A column read as an input of a computed field (computed.ts makes a DateTime a Date again). */
const inputFormat = (model: ModelInfo, column: string): Format => columnFormat(model.types.get(column) ?? unsupported(`no column ${model.name}.${column}`));

function fieldOf(type: GraphQLObjectType, node: FieldNode): GraphQLField<unknown, unknown> {
  return type.getFields()[node.name.value] ?? unsupported(`no field ${type.name}.${node.name.value}`);
}
