// The statements a request sent, without those of the background services
// (the lease repossessor, the event persister, ...) that run on the same
// client meanwhile: only statements on the flow / run / state tables count.
import type { TestServer } from '../support/server.ts';

const GRAPH_TABLE = /\b(flow|flow_run|task_run|flow_run_state|task_run_state|flow_run_tag|task_run_tag)\b/;

export const graphQueries = (server: () => TestServer) => server().queries.filter((q) => GRAPH_TABLE.test(q));

/** Rows of the result sets that had any: a service's idle poll returns none. */
export const graphRows = (server: () => TestServer) => server().rows.filter((n) => n > 0);
