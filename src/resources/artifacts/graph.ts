// The artifacts a flow-run graph (v2) shows (Prefect's
// _get_flow_run_graph_artifacts): the run's artifacts except `type = 'result'`
// (SQL's <> also drops NULL types, hence every default result artifact),
// oldest first, at most MAX_GRAPH_ARTIFACTS, grouped by task run (null: the
// run's own). is_latest: unkeyed, or its key's collection points at it; data
// only for progress artifacts. One statement.
import type { Context } from '../../graphql/context.ts';

/** Prefect's PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS default. */
export const MAX_GRAPH_ARTIFACTS = 10_000;

export interface GraphArtifactRow {
  id: string;
  created: Date;
  key: string | null;
  type: string | null;
  is_latest: boolean;
  data: unknown;
}

export async function graphArtifacts(ctx: Context, flowRunId: string): Promise<Map<string | null, GraphArtifactRow[]>> {
  const pg = ctx.target.provider === 'postgresql';
  const id = (column: string) => (pg ? `${column}::text` : column);
  const rows = await ctx.db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${id('a.id')} AS id, a.created AS created, a.key AS key, a.type AS type, ${id('a.task_run_id')} AS task_run_id, ` +
      `CAST(a.data AS TEXT) AS data, ${id('c.id')} AS latest_in FROM artifact a ` +
      `LEFT JOIN artifact_collection c ON c.key = a.key AND c.latest_id = a.id ` +
      `WHERE a.flow_run_id = ${pg ? '$1::uuid' : '?'} AND a.type <> 'result' ORDER BY a.created ASC, a.id ASC LIMIT ${MAX_GRAPH_ARTIFACTS}`,
    flowRunId,
  );
  const byTask = new Map<string | null, GraphArtifactRow[]>();
  for (const row of rows) {
    const task = (row.task_run_id as string | null) ?? null;
    const artifact: GraphArtifactRow = {
      id: String(row.id),
      created: row.created instanceof Date ? row.created : new Date(String(row.created)),
      key: (row.key as string | null) ?? null,
      type: (row.type as string | null) ?? null,
      is_latest: row.key === null || row.latest_in !== null,
      data: row.type === 'progress' && typeof row.data === 'string' ? JSON.parse(row.data) : null,
    };
    byTask.set(task, [...(byTask.get(task) ?? []), artifact]);
  }
  return byTask;
}
