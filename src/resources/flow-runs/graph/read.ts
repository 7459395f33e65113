// Reading a flow run's graphs (flows-and-runs §2.16): v1, one entry per task
// run, and v2, the nodes and states the UI timeline draws. Each is a fixed
// number of SQL statements, however many task runs the flow run has.
import { ApiError, httpError } from '../../../errors.ts';
import type { Context } from '../../../graphql/context.ts';
import { formatDateTime } from '../../../validation/datetime.ts';
import { graphNodes, type GraphNode } from './nodes.ts';
import { graphArtifacts, type GraphArtifactRow } from '../../artifacts/graph.ts';

export type { GraphArtifactRow };

/** Prefect's PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_NODES default (settings.ts does not read it yet). */
export const MAX_GRAPH_NODES = 10_000;

/** The task runs of a flow run, newest id first as in Prefect, with their current states (loaded for all rows at once). */
export async function readTaskRunDependencies(ctx: Context, flowRunId: string) {
  const run = await ctx.db.flowRun.findUnique({ where: { id: flowRunId }, select: { id: true } });
  if (!run) throw new ApiError(404, { exception_message: `Flow run with id ${flowRunId} not found` });
  return ctx.db.taskRun.findMany({ where: { flow_run_id: flowRunId }, orderBy: [{ id: 'desc' }], include: { state: true } });
}

export type DependencyRow = Awaited<ReturnType<typeof readTaskRunDependencies>>[number];

const RUN_TIMES = { id: true, name: true, state_type: true, start_time: true, expected_start_time: true, end_time: true } as const;

function edges(nodes: GraphNode[]) {
  return nodes.map((n) => ({ id: n.id }));
}

/** Prefect's [id, Node] pair; datetimes printed here because `nodes` is JSON to GraphQL. */
function nodeEntry(node: GraphNode, artifacts: GraphArtifactRow[]): [string, Record<string, unknown>] {
  return [
    node.id,
    {
      kind: node.kind,
      id: node.id,
      label: node.label,
      state_type: node.state_type,
      start_time: formatDateTime(node.start_time),
      end_time: node.end_time ? formatDateTime(node.end_time) : null,
      parents: edges(node.parents),
      children: edges(node.children),
      encapsulating: edges(node.encapsulating),
      artifacts: artifacts.map((a) => ({ ...a, created: formatDateTime(a.created) })),
    },
  ];
}

export async function readFlowRunGraph(ctx: Context, flowRunId: string, since: Date | null) {
  const run = await ctx.db.flowRun.findUnique({ where: { id: flowRunId }, select: { start_time: true, expected_start_time: true, end_time: true } });
  if (!run) throw new ApiError(404, { exception_message: `Flow run ${flowRunId} not found` });
  const [tasks, subflows, states, artifacts] = await Promise.all([
    ctx.db.taskRun.findMany({ where: { flow_run_id: flowRunId }, select: { ...RUN_TIMES, task_inputs: true } }),
    // Subflows by their parent task run's flow run (a subquery), not by an IN list of every task run id.
    ctx.db.flowRun.findMany({
      where: { parent_task_run: { flow_run_id: flowRunId } },
      select: { ...RUN_TIMES, parent_task_run_id: true, flow: { select: { name: true } } },
    }),
    ctx.db.flowRunState.findMany({ where: { flow_run_id: flowRunId }, orderBy: [{ timestamp: 'asc' }], select: { id: true, timestamp: true, type: true, name: true } }),
    graphArtifacts(ctx, flowRunId),
  ]);
  const subflowsOf = new Map<string | null, typeof subflows>();
  for (const subflow of subflows) subflowsOf.set(subflow.parent_task_run_id, [...(subflowsOf.get(subflow.parent_task_run_id) ?? []), subflow]);
  const nodes = graphNodes(
    tasks.map((t) => ({ ...t, subflow_runs: subflowsOf.get(t.id) ?? [] })),
    since,
  );
  if (nodes.length > MAX_GRAPH_NODES) throw httpError(400, `The graph of flow run ${flowRunId} has more than ${MAX_GRAPH_NODES} nodes.`);
  return {
    start_time: run.start_time ?? run.expected_start_time,
    end_time: run.end_time,
    root_node_ids: nodes.filter((n) => n.parents.length === 0).map((n) => n.id),
    nodes: nodes.map((node) => nodeEntry(node, artifacts.get(node.id) ?? [])),
    artifacts: artifacts.get(null) ?? [],
    states,
  };
}

export type FlowRunGraph = Awaited<ReturnType<typeof readFlowRunGraph>>;
