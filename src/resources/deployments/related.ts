// The `deployments` key of other resources' list routes. flow_run.deployment_id
// has no foreign key (runs outlive their deployment), so there is no Prisma
// relation to put an EXISTS through: the matching deployments' ids are read
// first (one statement) and the runs' condition is `deployment_id IN (...)`.
// Flows do have the relation (deployment.flow_id) and use it directly.
import type { Context } from '../../graphql/context.ts';
import { own, toWhere, type Condition } from '../../filters/related.ts';
import { DeploymentFilter } from './filters.ts';

type Value = Record<string, unknown> | null | undefined;

/** The condition a flow run meets when its deployment exists and satisfies `filter` (even `{}`). */
export async function runDeploymentCondition(ctx: Context, filter: Value): Promise<Condition> {
  const rows = await ctx.db.deployment.findMany({ where: toWhere(own(DeploymentFilter, filter, ctx)), select: { id: true } });
  return { deployment_id: { in: rows.map((r) => r.id) } };
}

/** The condition ONE deployment of a flow meets (`Flow.deployments` some ...). */
export const flowDeploymentCondition = (ctx: Context, filter: Value): Condition => own(DeploymentFilter, filter, ctx);
