// A run's current state for the `state` field of FlowRun and TaskRun. The lean
// reads (runs/lean.ts) join it into the run's row; any other read (by id, the
// row a mutation returns) gets it here, by state_id, batched per request.
// Not a Pothos `select` field: Pothos then looked up its selection mapping for
// every row (a path key and a WeakMap per row, ~15% of the nested UI query).
import type { Context } from '../../graphql/context.ts';
import { loaderFor } from '../runs/loaders.ts';
import type { StateRow } from './types.ts';

type StateModel = 'FlowRunState' | 'TaskRunState';

interface WithState {
  state_id?: string | null;
  state?: unknown;
}

export function currentState(ctx: Context, model: StateModel, run: WithState): StateRow | null | Promise<StateRow | null> {
  if (run.state !== undefined) return run.state as StateRow | null;
  if (!run.state_id) return null;
  const loader = loaderFor<StateRow | null>(ctx, `${model}#current`, async (ids) => {
    const delegate = model === 'FlowRunState' ? ctx.db.flowRunState : ctx.db.taskRunState;
    const rows = (await (delegate as typeof ctx.db.flowRunState).findMany({ where: { id: { in: [...ids] } } })) as unknown as StateRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return loader.load(run.state_id);
}
