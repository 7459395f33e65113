// A state's `data` (artifacts §7): stored in its result artifact, read back
// from it. Reads that joined the artifact (runs/lean.ts, orchestration) have
// it on the row; any other read loads the artifacts of a level by id in one
// batched statement.
import type { Context } from '../../graphql/context.ts';
import { stateDataOf } from '../../orchestration/states.ts';
import { loaderFor } from '../runs/loaders.ts';
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
