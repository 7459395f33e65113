// How much a query may ask for: the field values it can return, each list field
// counted at its `limit` (the default limit when none is given), multiplied down
// the nesting (lists without one count once). `read_flows(limit: 20) { flow_runs(limit: 10) { id name } }` is
// 1 + 20 + 200 × 2 = 421. Resolving and printing values is synchronous work on
// the event loop (a 1.5 MB answer held it for over a second), so this bound, not
// the document's shape, keeps one request from starving the others. graphql-armor's
// cost rule cannot see our `limit` argument; this check runs once the variables
// are known, before any resolver.
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { operationOf } from './operation.ts';

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  defaultLimit: number;
}

/** The field values `selection` can return for `parents` objects of `type`. */
function fieldValues(walk: Walk, selection: SelectionSetNode, type: GraphQLCompositeType, parents: number, seen: Set<string>): number {
  let total = 0;
  for (const node of selection.selections) {
    if (node.kind === Kind.FIELD) {
      if (node.name.value.startsWith('__')) continue;
      const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
      const field = fields[node.name.value];
      if (!field) continue;
      total += parents;
      const named = getNamedType(field.type);
      if (!node.selectionSet || !isCompositeType(named)) continue;
      let rows = parents;
      // Lists with a `limit` argument count at it; the others (history intervals,
      // graph nodes) are bounded by their own rules and count once.
      if (isListType(getNullableType(field.type)) && field.args.some((a) => a.name === 'limit')) {
        const limit = getArgumentValues(field, node, walk.variables).limit;
        rows *= typeof limit === 'number' ? limit : walk.defaultLimit;
      }
      total += fieldValues(walk, node.selectionSet, named, rows, seen);
    } else {
      const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : walk.fragments.get(node.name.value);
      // A fragment spread inside itself is a validation error; count it once.
      if (!fragment || (node.kind === Kind.FRAGMENT_SPREAD && seen.has(node.name.value))) continue;
      const inner = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
      const next = node.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, node.name.value]) : seen;
      if (inner && isCompositeType(inner)) total += fieldValues(walk, fragment.selectionSet, inner, parents, next);
    }
  }
  return total;
}

/** The estimate for the operation a request runs (undefined when it cannot be told: execution reports why). */
export function estimateFieldValues(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, defaultLimit: number) {
  const operation = operationOf(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  try {
    return fieldValues({ schema, fragments, variables, defaultLimit }, operation.selectionSet, root, 1, new Set());
  } catch {
    return undefined; // a bad argument value: execution answers it as usual
  }
}

export function resultSizePlugin(maxFieldValues: number, defaultLimit: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = estimateFieldValues(args.schema, args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.operationName ?? undefined, defaultLimit);
      if (estimate === undefined || estimate <= maxFieldValues) return;
      const message =
        `The query may return ${estimate} field values, more than the ${maxFieldValues} allowed (PREFECT_SERVER_GRAPHQL_MAX_FIELD_VALUES): ` +
        `each list counts at its limit (${defaultLimit} when none is given); ask for smaller limits or fewer fields.`;
      setResultAndStopExecution({ errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', status: 400, http: { status: 400, spec: true } } })] });
    },
  };
}
