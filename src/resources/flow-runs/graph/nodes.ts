// The nodes of graph-v2 (flows-and-runs §2.16), computed in code from one
// flow run's task runs and their subflow runs, following Prefect's SQL
// (database/query_components.py, _build_flow_run_graph_v2_query).
import { PARENTS_KEY, inputRefs } from './task-inputs.ts';

interface RunTimes {
  id: string;
  name: string;
  state_type: string | null;
  start_time: Date | null;
  expected_start_time: Date | null;
  end_time: Date | null;
}

export interface SubflowRow extends RunTimes {
  flow: { name: string };
}

export interface GraphTaskRow extends RunTimes {
  task_inputs: unknown;
  subflow_runs: SubflowRow[];
}

export interface GraphNode {
  kind: 'flow-run' | 'task-run';
  id: string;
  label: string;
  state_type: string | null;
  start_time: Date;
  end_time: Date | null;
  parents: GraphNode[];
  children: GraphNode[];
  encapsulating: GraphNode[];
  /** Ids this node's task run lists in task_inputs, and whether under __parents__. */
  refs: { id: string; encapsulating: boolean }[];
}

/**
 * One node per task run; a task run that started a subflow is drawn as that
 * subflow run instead (its edges still come from the task run's inputs).
 * Runs with no start time and no expected start time are not drawn.
 */
function nodeOf(task: GraphTaskRow, subflow: SubflowRow | null): GraphNode | null {
  const start = subflow?.start_time ?? subflow?.expected_start_time ?? task.start_time ?? task.expected_start_time;
  if (!start) return null;
  // A cached task completes without running: it ends when it was expected to start.
  const end = subflow?.end_time ?? task.end_time ?? (task.state_type === 'COMPLETED' ? task.expected_start_time : null);
  return {
    kind: subflow ? 'flow-run' : 'task-run',
    id: subflow?.id ?? task.id,
    label: subflow ? `${subflow.flow.name} / ${subflow.name}` : task.name,
    state_type: subflow?.state_type ?? task.state_type,
    start_time: start,
    end_time: end,
    parents: [],
    children: [],
    encapsulating: [],
    refs: inputRefs(task.task_inputs).map((r) => ({ id: r.id, encapsulating: r.key === PARENTS_KEY })),
  };
}

const byStartThenId = (a: GraphNode, b: GraphNode) => a.start_time.getTime() - b.start_time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// PostgreSQL's ascending order puts null end times last; id makes ties stable.
const byStartThenEnd = (a: GraphNode, b: GraphNode) =>
  a.start_time.getTime() - b.start_time.getTime() || (a.end_time?.getTime() ?? Infinity) - (b.end_time?.getTime() ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function link(list: GraphNode[], node: GraphNode) {
  if (!list.includes(node)) list.push(node);
}

/**
 * The drawn nodes, linked, ordered by start then end time, without those that
 * ended before `since`. Edges only join drawn nodes (a reference to a task run
 * drawn as its subflow, or to a run of another flow run, is dropped), but are
 * found before `since` applies, so an incremental answer can name nodes it
 * does not include. Each edge is listed once: Prefect's SQL repeats an edge
 * once per input argument of the other node, an artifact of its joins that it
 * already removes for `encapsulating`.
 */
export function graphNodes(tasks: GraphTaskRow[], since: Date | null): GraphNode[] {
  const byId = new Map<string, GraphNode>();
  for (const task of tasks) {
    for (const subflow of task.subflow_runs.length > 0 ? task.subflow_runs : [null]) {
      const node = nodeOf(task, subflow);
      if (node && !byId.has(node.id)) byId.set(node.id, node);
    }
  }
  for (const child of byId.values()) {
    for (const ref of child.refs) {
      const parent = byId.get(ref.id);
      if (!parent) continue;
      if (ref.encapsulating) {
        link(child.encapsulating, parent);
      } else {
        link(child.parents, parent);
        link(parent.children, child);
      }
    }
  }
  const nodes = [...byId.values()];
  for (const node of nodes) {
    node.parents.sort(byStartThenId);
    node.children.sort(byStartThenId);
    node.encapsulating.sort(byStartThenId);
  }
  return nodes.filter((n) => since === null || n.end_time === null || n.end_time >= since).sort(byStartThenEnd);
}
