// What a relation list must return, computed the plain way: one Prisma query
// per parent with take/skip (the behaviour before lists were windowed).
import type { Db } from '../../src/db/client.ts';
import { FlowRunFilter } from '../../src/resources/flow-runs/filters.ts';
import { FlowRunSort } from '../../src/resources/flow-runs/sort.ts';
import { TaskRunFilter } from '../../src/resources/task-runs/filters.ts';
import { TaskRunSort } from '../../src/resources/task-runs/sort.ts';
import { toWhere } from '../../src/filters/condition.ts';
import type { Provider } from '../support/each-database.ts';

export interface ListArgs {
  filter?: Record<string, unknown>;
  sort?: string;
  limit?: number;
  offset?: number;
}

/** GraphQL variables carry times as ISO strings; the compiler takes Dates, as after coercion. */
function withDates(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value);
  if (Array.isArray(value)) return value.map(withDates);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v)]));
  return value;
}

export const runWhere = (filter: ListArgs['filter'], provider: Provider) => (filter ? toWhere(FlowRunFilter.compile(withDates(filter) as any, { provider })) : {});
export const taskWhere = (filter: ListArgs['filter'], provider: Provider) => (filter ? toWhere(TaskRunFilter.compile(withDates(filter) as any, { provider })) : {});

/** read_flows(...) { id flow_runs_count flow_runs { id name state_type state { type } task_runs_count task_runs { id name state { type } } } } */
export async function referenceGraph(db: Db, provider: Provider, flowIds: string[], runs: ListArgs, tasks: ListArgs) {
  const rw = runWhere(runs.filter, provider);
  const tw = taskWhere(tasks.filter, provider);
  return Promise.all(
    flowIds.map(async (flowId) => {
      const flowRuns = await db.flowRun.findMany({
        where: { AND: [rw, { flow_id: flowId }] },
        orderBy: FlowRunSort.orderBy((runs.sort ?? 'ID_DESC') as any) as any,
        take: runs.limit ?? 200,
        skip: runs.offset ?? 0,
        include: { state: true },
      });
      return {
        id: flowId,
        flow_runs_count: await db.flowRun.count({ where: { AND: [rw, { flow_id: flowId }] } }),
        flow_runs: await Promise.all(
          flowRuns.map(async (run) => ({
            id: run.id,
            name: run.name,
            state_type: run.state_type,
            state: run.state && { type: run.state.type },
            task_runs_count: await db.taskRun.count({ where: { AND: [tw, { flow_run_id: run.id }] } }),
            task_runs: (
              await db.taskRun.findMany({
                where: { AND: [tw, { flow_run_id: run.id }] },
                orderBy: TaskRunSort.orderBy((tasks.sort ?? 'ID_DESC') as any) as any,
                take: tasks.limit ?? 200,
                skip: tasks.offset ?? 0,
                include: { state: true },
              })
            ).map((task) => ({ id: task.id, name: task.name, state: task.state && { type: task.state.type } })),
          })),
        ),
      };
    }),
  );
}
