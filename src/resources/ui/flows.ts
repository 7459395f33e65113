// /ui/flows/count-deployments and /ui/flows/next-runs (blocks-and-ui-routes
// §7.1–7.2): per requested flow id, one grouped statement for all of them.
// The answers are objects keyed by flow id (the UI's shape), hence JSON.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { Params } from '../../filters/sql/params.ts';
import { formatDateTime } from '../../validation/datetime.ts';

/** One key per requested id, in request order (duplicates collapse), `fallback` where the database had none. */
export function keyedByRequest<T>(ids: readonly string[], found: Map<string, T>, fallback: T): Record<string, T> {
  const answer: Record<string, T> = {};
  for (const id of ids) answer[id] = found.has(id) ? found.get(id)! : fallback;
  return answer;
}

export async function countDeploymentsByFlow(ctx: Context, flowIds: readonly string[]): Promise<Record<string, number>> {
  const groups = flowIds.length === 0 ? [] : await ctx.db.deployment.groupBy({ by: ['flow_id'], where: { flow_id: { in: [...new Set(flowIds)] } }, _count: { _all: true } });
  return keyedByRequest(flowIds, new Map(groups.map((g) => [g.flow_id, g._count._all])), 0);
}

interface NextRunRow {
  id: string;
  flow_id: string;
  name: string;
  state_name: string | null;
  state_type: string;
  next_scheduled_start_time: Date | string;
}

/**
 * Each flow's SCHEDULED-type run (Late, AwaitingRetry ... count) with the
 * earliest non-null next_scheduled_start_time, the lowest id on a tie: one
 * statement, ranked per flow.
 */
export async function nextRunsByFlow(ctx: Context, flowIds: readonly string[]) {
  const unique = [...new Set(flowIds)];
  let rows: NextRunRow[] = [];
  if (unique.length > 0) {
    const params = new Params(ctx.target.provider);
    const sql =
      'SELECT x.id, x.flow_id, x.name, x.state_name, x.state_type, x.next_scheduled_start_time FROM (' +
      'SELECT fr.id, fr.flow_id, fr.name, fr.state_name, fr.state_type, fr.next_scheduled_start_time, ' +
      'ROW_NUMBER() OVER (PARTITION BY fr.flow_id ORDER BY fr.next_scheduled_start_time ASC, fr.id ASC) AS rn ' +
      `FROM flow_run fr WHERE fr.flow_id IN (${params.list(unique)}) AND fr.state_type = 'SCHEDULED' AND fr.next_scheduled_start_time IS NOT NULL) x ` +
      'WHERE x.rn = 1';
    rows = await ctx.db.$queryRawUnsafe<NextRunRow[]>(sql, ...params.values);
  }
  const found = new Map(
    rows.map((r) => [
      String(r.flow_id),
      {
        id: String(r.id),
        flow_id: String(r.flow_id),
        name: r.name,
        state_name: r.state_name,
        state_type: r.state_type,
        next_scheduled_start_time: formatDateTime(new Date(r.next_scheduled_start_time)),
      },
    ]),
  );
  return keyedByRequest(flowIds, found, null);
}

const flowIdsArg = builder.args((t) => ({ flow_ids: t.field({ type: ['UUID'], required: true, description: 'The flows asked about (any number).' }) }));

builder.queryFields((t) => ({
  count_deployments_by_flow: t.field({
    type: 'JSON',
    description: 'Deployments per flow: `{"<flow id>": count}`, one key per requested id (0 when none).',
    args: flowIdsArg,
    resolve: (_root, args, ctx) => countDeploymentsByFlow(ctx, args.flow_ids),
  }),
  next_runs_by_flow: t.field({
    type: 'JSON',
    description:
      'Per flow, its SCHEDULED-type run with the earliest next scheduled start time (`{id, flow_id, name, state_name, state_type, next_scheduled_start_time}`), or null.',
    args: flowIdsArg,
    resolve: (_root, args, ctx) => nextRunsByFlow(ctx, args.flow_ids),
  }),
}));
