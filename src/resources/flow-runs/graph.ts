// The flow-run graph routes the UI draws (flows-and-runs §2.16):
// GET /flow_runs/{id}/graph (v1) and GET /flow_runs/{id}/graph-v2.
import { builder } from '../../graphql/builder.ts';
import { fullStateDetails, type STATE_TYPES } from '../../orchestration/index.ts';
import { estimatedRunTime } from '../runs/run-times.ts';
import { State, StateTypeEnum } from '../states/types.ts';
import { readFlowRunGraph, readTaskRunDependencies, type DependencyRow, type FlowRunGraph, type GraphArtifactRow } from './graph/read.ts';
import { upstreamTaskRuns } from './graph/task-inputs.ts';

type StateTypeValue = (typeof STATE_TYPES)[number];

const TaskRunResult = builder.objectRef<{ input_type: string; id: string }>('TaskRunResult').implement({
  description: 'A task run whose result is an input of another task run.',
  fields: (t) => ({
    input_type: t.exposeString('input_type', { description: 'The kind of input: `task_run` (a result of an upstream task run).' }),
    id: t.expose('id', { description: 'The id of the upstream task run.', type: 'UUID' }),
  }),
});

// Fields in Prefect's order: REST JSON keys follow it.
const DependencyResult = builder.objectRef<DependencyRow>('DependencyResult').implement({
  description: 'A task run of a flow run with the task runs it takes inputs from (graph v1).',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the task run.', type: 'UUID' }),
    name: t.exposeString('name', { description: 'The name of the task run.' }),
    upstream_dependencies: t.field({
      description: 'The task runs whose results this task run takes as inputs.',
      type: [TaskRunResult],
      resolve: (r) => upstreamTaskRuns(r.task_inputs),
    }),
    state: t.field({ description: 'The current state of the task run.', type: State, nullable: true, resolve: (r) => r.state }),
    expected_start_time: t.expose('expected_start_time', { description: "The task run's expected start time.", type: 'DateTime', nullable: true }),
    start_time: t.expose('start_time', { description: 'The actual start time.', type: 'DateTime', nullable: true }),
    end_time: t.expose('end_time', { description: 'The actual end time.', type: 'DateTime', nullable: true }),
    total_run_time: t.expose('total_run_time', {
      description: 'Total run time. If the task run was executed multiple times, the time of each run will be summed.',
      type: 'Seconds',
    }),
    estimated_run_time: t.field({ description: 'A real-time estimate of the total run time.', type: 'Seconds', resolve: (r) => estimatedRunTime(r) }),
    untrackable_result: t.boolean({
      description: 'Whether the result of the task run cannot be tracked by Prefect.',
      resolve: (r) => (r.state ? fullStateDetails(r.state.state_details).untrackable_result === true : false),
    }),
  }),
});

const GraphState = builder.objectRef<{ id: string; timestamp: Date; type: string; name: string }>('GraphState').implement({
  description: 'A state of the graphed flow run, as the timeline shows it.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the state.', type: 'UUID' }),
    timestamp: t.expose('timestamp', { description: 'When the run entered the state.', type: 'DateTime' }),
    type: t.field({ description: 'The type of the state.', type: StateTypeEnum, resolve: (s) => s.type as StateTypeValue }),
    name: t.exposeString('name', { description: 'The name of the state.' }),
  }),
});

const GraphArtifact = builder.objectRef<GraphArtifactRow>('GraphArtifact').implement({
  description: 'An artifact shown on the graph (not a result artifact); `data` only for progress artifacts.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the artifact.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the artifact was created.', type: 'DateTime' }),
    key: t.exposeString('key', { description: 'An optional unique reference key for the artifact.', nullable: true }),
    type: t.exposeString('type', { description: 'An identifier that describes the shape of the data field (progress, markdown, table, ...).', nullable: true }),
    is_latest: t.exposeBoolean('is_latest', { description: 'Whether this is the latest artifact of its key.' }),
    data: t.field({ description: 'The progress of a progress artifact; null for other types.', type: 'JSON', nullable: true, resolve: (a) => a.data ?? null }),
  }),
});

const Graph = builder.objectRef<FlowRunGraph>('Graph').implement({
  description: 'The nodes (task runs and subflow runs) and states of a flow run (graph v2).',
  fields: (t) => ({
    start_time: t.expose('start_time', { type: 'DateTime', nullable: true, description: 'The run’s start time, else its expected start time.' }),
    end_time: t.expose('end_time', { type: 'DateTime', nullable: true, description: 'The run’s end time; null while it runs.' }),
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
