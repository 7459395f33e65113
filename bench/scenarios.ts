// The bench scenarios: what each one sends to our server, to the floor and to
// PostGraphile. Filter values are fixed and chosen against data.ts so that
// every read returns a full page at 10k runs.
import type { GraphQLObjectType } from 'graphql';
import { schema } from '../src/graphql/schema.ts';
// The fields REST returns (src/rest/rest-fields.ts), as the REST door selects them: the
// scenario compares like with like (read from the committed SDL it picked up every
// GraphQL-only relation added later).
import { restSelection } from '../src/rest/adapter.ts';
import { BASE } from './seed/data.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** A request sequence run over and over by each connection (writes). */
export interface Sequence {
  /** Requests in order; `{{id}}` in a path is the id the first answer returned. */
  steps: HttpRequest[];
}

export interface Scenario {
  name: string;
  description: string;
  kind: 'read' | 'write';
  connections: number;
  /** What our server gets: one request repeated, or a sequence. */
  server: HttpRequest | Sequence;
  /** The floor answers every read scenario (POST /<name>). */
  floor: boolean;
  /** PostGraphile's equivalent GraphQL document (PostgreSQL only). */
  postgraphile?: string;
}

const json = (value: unknown) => JSON.stringify(value);

/** The flat filter: state, tag and flow-name conditions, newest expected start first. */
export const FLAT = {
  stateTypes: ['COMPLETED', 'FAILED'],
  tag: 'prod',
  flowName: 'etl',
  limit: 200,
} as const;
const flatFilter = {
  flow_runs: { state: { type: { any_: FLAT.stateTypes } }, tags: { all_: [FLAT.tag] } },
  flows: { name: { like_: FLAT.flowName } },
  sort: 'EXPECTED_START_TIME_DESC',
  limit: FLAT.limit,
};

export const COUNT = { stateTypes: ['FAILED', 'CRASHED'], tag: 'prod' } as const;

export const HISTORY = {
  start: new Date(BASE.getTime() - 30 * 86_400_000),
  end: BASE,
  intervalSeconds: 86_400,
} as const;

/** The nested UI-style query of issue 14. */
export const NESTED = { flows: 20, runs: 10, tasks: 5 } as const;

const graphql = (query: string, variables?: unknown): HttpRequest => ({ method: 'POST', path: '/graphql', body: json({ query, variables }) });

export const WRITE_FLOW = 'bench-writes';
export const UPSERT_FLOWS = ['bench-upsert-0', 'bench-upsert-1', 'bench-upsert-2', 'bench-upsert-3', 'bench-upsert-4'];

export function scenarios(writeFlowId: string): Scenario[] {
  const flatGraphql = `query Flat($flow_runs: FlowRunFilter, $flows: FlowFilter) {
    read_flow_runs(flow_runs: $flow_runs, flows: $flows, sort: EXPECTED_START_TIME_DESC, limit: ${FLAT.limit}) ${restSelection(schema.getType('FlowRun') as GraphQLObjectType)}
  }`;
  const nested = `{ read_flows(limit: ${NESTED.flows}) { id name
    flow_runs(limit: ${NESTED.runs}, sort: EXPECTED_START_TIME_DESC) { id name state { type name timestamp }
      task_runs(limit: ${NESTED.tasks}) { id name state { type name } } } } }`;
  // PostGraphile's names for the same walk (Amber preset, default inflection):
  // flows by name, their runs by expected start (newest first), five task runs each;
  // `rowId` is the uuid column (Amber's `id` is the global node id).
  const nestedPostgraphile = `{ allFlows(first: ${NESTED.flows}, orderBy: NAME_ASC) { nodes { rowId name
    flowRunsByFlowId(first: ${NESTED.runs}, orderBy: EXPECTED_START_TIME_DESC) { nodes { rowId name
      flowRunStateByStateId { type name timestamp }
      taskRunsByFlowRunId(first: ${NESTED.tasks}, orderBy: PRIMARY_KEY_DESC) { nodes { rowId name taskRunStateByStateId { type name } } } } } } } }`;
  const state = (type: string) => json({ state: { type } });
  return [
    {
      name: 'flat-rest',
      description: `POST /api/flow_runs/filter: state ${FLAT.stateTypes.join('|')}, tag ${FLAT.tag}, flow name like "${FLAT.flowName}", limit ${FLAT.limit}`,
      kind: 'read',
      connections: 10,
      server: { method: 'POST', path: '/api/flow_runs/filter', body: json(flatFilter) },
      floor: true,
    },
    {
      name: 'flat-graphql',
      description: 'read_flow_runs with the same filter, selecting what REST returns',
      kind: 'read',
      connections: 10,
      server: graphql(flatGraphql, { flow_runs: flatFilter.flow_runs, flows: flatFilter.flows }),
      floor: true,
    },
    {
      name: 'nested',
      description: `read_flows(limit: ${NESTED.flows}) → flow_runs(limit: ${NESTED.runs}, EXPECTED_START_TIME_DESC) → state, task_runs(limit: ${NESTED.tasks}) → state`,
      kind: 'read',
      connections: 10,
      server: graphql(nested),
      floor: true,
      postgraphile: nestedPostgraphile,
    },
    {
      name: 'count',
      description: `POST /api/flow_runs/count: state ${COUNT.stateTypes.join('|')}, tag ${COUNT.tag}`,
      kind: 'read',
      connections: 10,
      server: { method: 'POST', path: '/api/flow_runs/count', body: json({ flow_runs: { state: { type: { any_: COUNT.stateTypes } }, tags: { all_: [COUNT.tag] } } }) },
      floor: true,
    },
    {
      name: 'history',
      description: 'POST /api/flow_runs/history: 30 daily buckets',
      kind: 'read',
      connections: 10,
      server: {
        method: 'POST',
        path: '/api/flow_runs/history',
        body: json({ history_start: HISTORY.start.toISOString(), history_end: HISTORY.end.toISOString(), history_interval_seconds: HISTORY.intervalSeconds }),
      },
      floor: true,
    },
    {
      name: 'write-mix',
      description: 'POST /api/flow_runs/ (SCHEDULED), then set_state PENDING → RUNNING → COMPLETED; figures per HTTP request',
      kind: 'write',
      connections: 10,
      server: {
        steps: [
          { method: 'POST', path: '/api/flow_runs/', body: json({ flow_id: writeFlowId, name: 'bench-write', tags: ['bench'], state: { type: 'SCHEDULED' } }) },
          { method: 'POST', path: '/api/flow_runs/{{id}}/set_state', body: state('PENDING') },
          { method: 'POST', path: '/api/flow_runs/{{id}}/set_state', body: state('RUNNING') },
          { method: 'POST', path: '/api/flow_runs/{{id}}/set_state', body: state('COMPLETED') },
        ],
      },
      floor: false,
    },
    {
      name: 'upsert',
      description: `POST /api/flows/ over ${UPSERT_FLOWS.length} names (create once, then 200 with the existing flow)`,
      kind: 'write',
      connections: 10,
      server: { steps: UPSERT_FLOWS.map((name) => ({ method: 'POST' as const, path: '/api/flows/', body: json({ name, tags: ['bench'] }) })) },
      floor: false,
    },
  ];
}

export const isSequence = (request: HttpRequest | Sequence): request is Sequence => 'steps' in request;
