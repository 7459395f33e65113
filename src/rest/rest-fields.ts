// Which fields of an output type a REST client gets: every field without
// arguments, except fields marked GraphQL-only (`extensions.restJson === false`,
// relation fields such as Flow.flow_runs). The adapter selects them and the
// OpenAPI document describes them, so the two cannot disagree.
import type { GraphQLField, GraphQLObjectType } from 'graphql';

export function restFields(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).filter((f) => f.args.length === 0 && (f.extensions as { restJson?: boolean }).restJson !== false);
}
