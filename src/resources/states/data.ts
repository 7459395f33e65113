// A state's `data` (artifacts §7): stored in its result artifact, read back
// from it. Reads that joined the artifact (runs/lean.ts, orchestration) have
// it on the row; any other read loads the artifacts of a level by id in one
// batched statement.
import type { Context } from '../../graphql/context.ts';
import { stateDataOf } from '../../orchestration/states.ts';
import { loaderFor } from '../runs/loaders.ts';
import { sqlComputed } from '../../graphql/sql-reads/marks.ts';
import type { StateRow } from './types.ts';

export function stateData(ctx: Context, state: StateRow): unknown {
  const known = stateDataOf(state);
  if (known !== undefined) return known;
  const loader = loaderFor<unknown>(ctx, 'State.result_artifact', async (ids) => {
    const rows = await ctx.db.artifact.findMany({ where: { id: { in: [...ids] } }, select: { id: true, data: true } });
    const byId = new Map(rows.map((row) => [row.id, row.data]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return loader.load(state.result_artifact_id!);
}

// The same in a read answered by one statement (graphql/sql-reads): the
// result artifact's data looked up in the statement.
export const stateDataRead = sqlComputed({
  columns: ['data', 'result_artifact_id'],
  expressions: { artifact_data: { sql: (column) => `SELECT ra.data FROM artifact ra WHERE ra.id = ${column('result_artifact_id')}`, json: true } },
  compute: (s) =>
    stateDataOf({ data: s.data, result_artifact_id: s.result_artifact_id as string | null, result_artifact: s.result_artifact_id ? { data: s.artifact_data } : null }),
});
