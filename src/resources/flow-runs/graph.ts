// The flow-run graph routes the UI draws (flows-and-runs §2.16):
// GET /flow_runs/{id}/graph (v1) and GET /flow_runs/{id}/graph-v2.
import { builder } from '../../graphql/builder.ts';
import { fullStateDetails, STATE_TYPES } from '../../orchestration/index.ts';
import { estimatedRunTime } from '../runs/run-times.ts';
import { State, StateTypeEnum } from '../states/types.ts';
import { readFlowRunGraph, readTaskRunDependencies, type DependencyRow, type FlowRunGraph, type GraphArtifactRow } from './graph/read.ts';
import { upstreamTaskRuns } from './graph/task-inputs.ts';

type StateTypeValue = (typeof STATE_TYPES)[number];

const TaskRunResult = builder.objectRef<{ input_type: string; id: string }>('TaskRunResult').implement({
  description: 'A task run whose result is an input of another task run.',
  fields: (t) => ({
    input_type: t.exposeString('input_type'),
    id: t.expose('id', { type: 'UUID' }),
  }),
});

// Fields in Prefect's order: REST JSON keys follow it.
const DependencyResult = builder.objectRef<DependencyRow>('DependencyResult').implement({
  description: 'A task run of a flow run with the task runs it takes inputs from (graph v1).',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    name: t.exposeString('name'),
    upstream_dependencies: t.field({ type: [TaskRunResult], resolve: (r) => upstreamTaskRuns(r.task_inputs) }),
    state: t.field({ type: State, nullable: true, resolve: (r) => r.state }),
    expected_start_time: t.expose('expected_start_time', { type: 'DateTime', nullable: true }),
    start_time: t.expose('start_time', { type: 'DateTime', nullable: true }),
    end_time: t.expose('end_time', { type: 'DateTime', nullable: true }),
    total_run_time: t.expose('total_run_time', { type: 'Seconds' }),
    estimated_run_time: t.field({ type: 'Seconds', resolve: (r) => estimatedRunTime(r) }),
    untrackable_result: t.boolean({ resolve: (r) => (r.state ? fullStateDetails(r.state.state_details).untrackable_result === true : false) }),
  }),
});

const GraphState = builder.objectRef<{ id: string; timestamp: Date; type: string; name: string }>('GraphState').implement({
  description: 'A state of the graphed flow run, as the timeline shows it.',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
    type: t.field({ type: StateTypeEnum, resolve: (s) => s.type as StateTypeValue }),
    name: t.exposeString('name'),
  }),
});

const GraphArtifact = builder.objectRef<GraphArtifactRow>('GraphArtifact').implement({
  description: 'An artifact shown on the graph (not a result artifact); `data` only for progress artifacts.',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    created: t.expose('created', { type: 'DateTime' }),
    key: t.exposeString('key', { nullable: true }),
    type: t.exposeString('type', { nullable: true }),
    is_latest: t.exposeBoolean('is_latest'),
    data: t.field({ type: 'JSON', nullable: true, resolve: (a) => a.data ?? null }),
  }),
});

const Graph = builder.objectRef<FlowRunGraph>('Graph').implement({
  description: 'The nodes (task runs and subflow runs) and states of a flow run (graph v2).',
  fields: (t) => ({
    start_time: t.expose('start_time', { type: 'DateTime', nullable: true, description: 'The run’s start time, else its expected start time.' }),
    end_time: t.expose('end_time', { type: 'DateTime', nullable: true }),
    root_node_ids: t.field({ type: ['UUID'], description: 'Nodes without parents.', resolve: (g) => g.root_node_ids }),
    // A list of [id, node] pairs is not a GraphQL type: JSON keeps Prefect's shape for both doors.
    nodes: t.field({
      type: 'JSON',
      description:
        '[[id, node], ...] ordered by start then end time; node = {kind, id, label, state_type, start_time, end_time, parents, children, encapsulating, artifacts}, edges as [{id}].',
      resolve: (g) => g.nodes,
    }),
    artifacts: t.field({ type: [GraphArtifact], description: 'Artifacts of the run outside its task runs, oldest first.', resolve: (g) => g.artifacts }),
    states: t.field({ type: [GraphState], description: 'Every state of the run, oldest first.', resolve: (g) => g.states }),
  }),
});

builder.queryFields((t) => ({
  read_flow_run_graph_v1: t.field({
    type: [DependencyResult],
    description: 'The task runs of a flow run with their upstream task runs (newest id first).',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => readTaskRunDependencies(ctx, args.id),
  }),
  read_flow_run_graph_v2: t.field({
    type: Graph,
    description: 'The graph of a flow run’s task runs and subflow runs, with its states.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      since: t.arg({ type: 'DateTime', description: 'Leave out nodes that ended before this time (default: none are left out).' }),
    },
    resolve: (_root, args, ctx) => readFlowRunGraph(ctx, args.id, args.since ?? null),
  }),
}));
