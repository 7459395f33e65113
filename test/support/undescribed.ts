// Lists the elements of a GraphQL schema that have no description: every
// named type (except GraphQL's own), field, argument, input field and enum value.
import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';

/**
 * `missing` holds paths like `type FlowRun`, `FlowRun.name`,
 * `Query.read_flows(limit)`, `StateType.RUNNING`; `total` counts all elements.
 */
export function undescribed(s: GraphQLSchema): { missing: string[]; total: number } {
  const missing: string[] = [];
  let total = 0;
  const check = (path: string, description: string | null | undefined) => {
    total += 1;
    if (!description || description.trim() === '') missing.push(path);
  };
  for (const type of Object.values(s.getTypeMap())) {
    // GraphQL's own types (__Schema, String, Int, Boolean, ...) are described
    // by the specification, not by us.
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(`type ${type.name}`, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    // A union has no members of its own; its type description is checked above.
  }
  return { missing, total };
}
