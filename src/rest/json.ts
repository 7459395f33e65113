// Prefect's JSON for a GraphQL result: compact, keys in field order, raw UTF-8,
// and durations (Seconds) always with a fraction part (`0.0`, `3600.0`), which
// JSON.stringify cannot print. The GraphQL output type says where they are.
import { GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, type GraphQLOutputType } from 'graphql';

function seconds(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export function toPrefectJson(value: unknown, type: GraphQLOutputType): string {
  if (value === null || value === undefined) return 'null';
  if (type instanceof GraphQLNonNull) return toPrefectJson(value, type.ofType);
  if (type instanceof GraphQLList) return `[${(value as unknown[]).map((item) => toPrefectJson(item, type.ofType)).join(',')}]`;
  if (type instanceof GraphQLObjectType) {
    const fields = type.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([key, v]) => `${JSON.stringify(key)}:${fields[key] ? toPrefectJson(v, fields[key].type) : JSON.stringify(v)}`,
    );
    return `{${entries.join(',')}}`;
  }
  if (type instanceof GraphQLScalarType && type.name === 'Seconds' && typeof value === 'number') return seconds(value);
  return JSON.stringify(value);
}
