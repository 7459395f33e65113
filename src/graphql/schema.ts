// Schema assembly: importing a resource's operations registers its types and
// root fields on the builder.
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import '../resources/admin/operations.ts';
import '../resources/admin/storage.ts';
import '../resources/flows/operations.ts';
import '../resources/flow-runs/operations.ts';
import '../resources/deployments/operations.ts';
import '../resources/flow-runs/graph.ts';
import '../resources/task-runs/operations.ts';
import '../resources/flow-run-inputs/operations.ts';
import '../resources/csrf-tokens/operations.ts';
import '../resources/concurrency-limits/operations.ts';
import '../resources/tag-concurrency-limits/operations.ts';
import '../resources/logs/operations.ts';
import '../resources/artifacts/operations.ts';
import '../resources/variables/operations.ts';
import '../resources/saved-searches/operations.ts';
import '../resources/templates/operations.ts';
import '../resources/automations/operations.ts';
import '../resources/collections/operations.ts';
import '../resources/task-workers/operations.ts';
import '../resources/ui/index.ts';
import '../resources/workers/operations.ts';
import '../resources/work-pools/operations.ts';
import '../resources/work-pools/relations.ts';
import '../resources/work-queues/operations.ts';
import '../events/operations.ts';
import '../events/read.ts';
import '../resources/blocks/operations.ts';

// Keep declaration order: REST JSON keys and enum choices follow Prefect's order.
export const schema: GraphQLSchema = builder.toSchema({ sortSchema: false });

/** The SDL committed at schema/schema.graphql (sorted, so diffs stay small). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
