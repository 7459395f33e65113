// GraphQL-only relations around deployments: Flow.deployments (filtered, sorted
// and paged per flow in SQL, one statement per level) and its count, and
// FlowRun.deployment (flow_run.deployment_id has no foreign key, hence no
// Prisma relation: one batched findMany per level through a DataLoader).
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { listArgs } from '../../pagination.ts';
import { GRAPHQL_ONLY, countRelation, listRelation } from '../runs/relations.ts';
import { loaderFor } from '../runs/loaders.ts';
import { DeploymentFilter } from './filters.ts';
import { Deployment, DeploymentSort } from './types.ts';

const deploymentArgs = builder.args((t) => ({
  filter: t.field({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
  sort: t.field({ type: DeploymentSort.ref, defaultValue: 'NAME_ASC', description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

builder.prismaObjectFields('Flow', (t) => ({
  deployments: t.prismaField({
    type: [Deployment],
    description: "The flow's deployments, filtered, sorted and paged like read_deployments.",
    ...GRAPHQL_ONLY,
    args: deploymentArgs,
    resolve: listRelation({
      name: 'Flow.deployments',
      model: 'Deployment',
      parentColumn: 'flow_id',
      filter: DeploymentFilter,
      orderBy: DeploymentSort.orderBy,
      defaultSort: 'NAME_ASC',
    }),
  } as any),
  deployments_count: t.int({
    description: 'How many deployments of the flow match the filter.',
    ...GRAPHQL_ONLY,
    args: { filter: t.arg({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }) },
    resolve: countRelation({ name: 'Flow.deployments', model: 'Deployment', parentColumn: 'flow_id', filter: DeploymentFilter }),
  }),
}));

/** The deployments of one level's runs, by id, with the nested selection Pothos planned. */
function deploymentById(ctx: Context, query: object, id: string) {
  const loader = loaderFor<unknown>(ctx, `FlowRun.deployment|${JSON.stringify(query)}`, async (ids) => {
    const select = (query as { select?: Record<string, unknown> }).select;
    const shaped = select ? { ...query, select: { ...select, id: true } } : query;
    const rows = (await ctx.db.deployment.findMany({ ...shaped, where: { id: { in: [...ids] } } } as never)) as { id: string }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((i) => byId.get(i) ?? null);
  });
  return loader.load(id);
}

builder.prismaObjectFields('FlowRun', (t) => ({
  deployment: t.prismaField({
    type: Deployment,
    nullable: true,
    description: "The run's deployment; null when it has none or it was deleted.",
    ...GRAPHQL_ONLY,
    select: { deployment_id: true },
    resolve: (query: object, run: { deployment_id?: string | null }, _args: unknown, ctx: Context) => (run.deployment_id ? deploymentById(ctx, query, run.deployment_id) : null),
  } as any),
}));
