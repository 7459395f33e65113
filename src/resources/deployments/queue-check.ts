// GET /deployments/{id}/work_queue_check (deprecated, §1.13): legacy queues
// whose filter would pick the deployment up. Queues without a filter are left
// out (Prefect's PostgreSQL answer).
import { notFound } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { DEPLOYMENT_NOT_FOUND } from './service.ts';

type Filter = { tags?: string[] | null; deployment_ids?: string[] | null } | null;

export async function workQueueCheck(ctx: Context, id: string, query: object = {}) {
  const deployment = await ctx.db.deployment.findUnique({ where: { id }, select: { id: true, tags: true } });
  if (!deployment) throw notFound(DEPLOYMENT_NOT_FOUND);
  const tags = new Set((deployment.tags as string[]) ?? []);
  const queues = await ctx.db.workQueue.findMany({ select: { id: true, filter: true } });
  const ids = queues
    .filter((q) => {
      const filter = q.filter as Filter;
      if (!filter || typeof filter !== 'object') return false;
      const tagsOk = !filter.tags || filter.tags.length === 0 || filter.tags.every((t) => tags.has(t));
      const idsOk = !filter.deployment_ids || filter.deployment_ids.length === 0 || filter.deployment_ids.includes(id);
      return tagsOk && idsOk;
    })
    .map((q) => q.id);
  return ctx.db.workQueue.findMany({ ...query, where: { id: { in: ids } }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}
