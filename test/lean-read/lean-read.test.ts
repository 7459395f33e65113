// The lean read path (src/resources/runs/lean.ts): read_flows, read_flow_runs,
// read_task_runs and the relation lists read only the columns the selection
// needs, with the current state (and other to-one relations) joined into the
// same statement, and answer exactly what the Prisma reads answer: each list
// item equals the same object read by id (GET /<resource>/{id}, a Prisma read).
// GraphQL queries of marked fields take the one-statement path (test/sql-reads),
// so these run with it off: the lean path is what the rest still uses.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { graphQueries, graphRows } from '../relations/statements.ts';

describeEachDatabase(
  'Lean reads',
  (server) => {
    let flowId: string;
    const runIds: string[] = [];
    const taskIds: string[] = [];

    beforeAll(async () => {
      const flow = await server().rest('POST', '/flows/', { name: 'lean-read', tags: ['db'], labels: { team: 'a', n: 2 } });
      flowId = flow.body.id;
      const states = [undefined, { type: 'SCHEDULED' }, { type: 'RUNNING' }, { type: 'COMPLETED', name: 'Cached', message: 'ok', data: { x: 1 } }];
      for (const [i, state] of states.entries()) {
        const run = await server().rest('POST', '/flow_runs/', {
          flow_id: flowId,
          name: `lean-run-${i}`,
          tags: i % 2 ? ['prod', 'x'] : [],
          parameters: { i, nested: { list: [1, 'two', null] } },
          labels: i ? { k: i } : undefined,
          empirical_policy: { retries: i, retry_delay: 5 },
          ...(state ? { state } : {}),
        });
        expect(run.status).toBe(201);
        runIds.push(run.body.id);
        const task = await server().rest('POST', '/task_runs/', { flow_run_id: run.body.id, task_key: `k${i}`, dynamic_key: '0', tags: ['io'], ...(state ? { state } : {}) });
        expect(task.status).toBe(201);
        taskIds.push(task.body.id);
      }
    });

    it('REST lists answer what the by-id reads answer, field for field', async () => {
      const runs = await server().rest('POST', '/flow_runs/filter', { flows: { id: { any_: [flowId] } }, sort: 'NAME_ASC' });
      expect(runs.status).toBe(200);
      expect(runs.body).toHaveLength(runIds.length);
      for (const run of runs.body) {
        const one = await server().rest('GET', `/flow_runs/${run.id}`);
        // Computed at read time from the clock: a running run's estimates move on.
        const stable = (r: any) => ({ ...r, estimated_run_time: undefined, estimated_start_time_delta: undefined });
        expect(stable(run)).toEqual(stable(one.body));
      }
      const tasks = await server().rest('POST', '/task_runs/filter', { flow_runs: { id: { any_: runIds } } });
      expect(tasks.body).toHaveLength(taskIds.length);
      for (const task of tasks.body) {
        const one = await server().rest('GET', `/task_runs/${task.id}`);
        expect({ ...task, estimated_run_time: 0, estimated_start_time_delta: 0 }).toEqual({ ...one.body, estimated_run_time: 0, estimated_start_time_delta: 0 });
      }
      const flows = await server().rest('POST', '/flows/filter', { flows: { id: { any_: [flowId] } } });
      expect(flows.body).toEqual([(await server().rest('GET', `/flows/${flowId}`)).body]);
    });

    it('reads only the selected columns, the state joined, in one statement', async () => {
      server().resetQueries();
      const res = await server().gql(`{ read_flow_runs(flow_runs: { id: { any_: ${JSON.stringify(runIds)} } }, sort: NAME_ASC) { id name state { type name } } }`);
      expect(res.errors).toBeUndefined();
      const runs = (res.data as any).read_flow_runs;
      expect(runs.map((r: any) => r.name)).toEqual(['lean-run-0', 'lean-run-1', 'lean-run-2', 'lean-run-3']);
      expect(runs.map((r: any) => r.state?.type ?? null)).toEqual(['PENDING', 'SCHEDULED', 'RUNNING', 'COMPLETED']);
      expect(runs[3].state.name).toBe('Cached');
      expect(graphQueries(server)).toHaveLength(1);
      expect(graphRows(server)).toEqual([4]);
      const [sql] = graphQueries(server);
      expect(sql).toMatch(/LEFT JOIN "flow_run_state"/);
      expect(sql).not.toMatch(/t\."(parameters|context|job_variables|labels|tags|created_by)"/);
    });

    it('fragments, aliases and computed fields read what they need', async () => {
      const ids = JSON.stringify(runIds);
      const plain = await server().gql(`{ read_flow_runs(flow_runs: { id: { any_: ${ids} } }, sort: NAME_ASC) { id tags labels estimated_run_time state_type flow { name } } }`);
      const fragments = await server().gql(`
      fragment Run on FlowRun { tags ... on FlowRun { lbl: labels } }
      { read_flow_runs(flow_runs: { id: { any_: ${ids} } }, sort: NAME_ASC) { id ...Run estimated_run_time state_type flow { name } } }`);
      expect(plain.errors).toBeUndefined();
      expect(fragments.errors).toBeUndefined();
      const a = (plain.data as any).read_flow_runs;
      const b = (fragments.data as any).read_flow_runs.map(({ lbl, ...rest }: any) => ({ ...rest, labels: lbl }));
      // estimated_run_time of the RUNNING run follows the clock; the others are fixed.
      const fixed = (runs: any[]) => runs.map((r) => (r.state_type === 'RUNNING' ? { ...r, estimated_run_time: 0 } : r));
      expect(fixed(b)).toEqual(fixed(a));
      expect(a[1]).toMatchObject({ tags: ['prod', 'x'], labels: { k: 1 }, state_type: 'SCHEDULED', flow: { name: 'lean-read' } });
    });

    it('a relation level reads its pages with the states in one statement, only the selected columns', async () => {
      server().resetQueries();
      const res = await server().gql(
        `{ read_flows(flows: { id: { any_: ["${flowId}"] } }, limit: 5) { name flow_runs(sort: NAME_ASC, limit: 3) { name state { type } task_runs(limit: 5) { task_key state { type } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const [flow] = (res.data as any).read_flows;
      expect(flow.flow_runs.map((r: any) => [r.name, r.state?.type ?? null, r.task_runs.map((t: any) => [t.task_key, t.state?.type ?? null])])).toEqual([
        ['lean-run-0', 'PENDING', [['k0', 'PENDING']]],
        ['lean-run-1', 'SCHEDULED', [['k1', 'SCHEDULED']]],
        ['lean-run-2', 'RUNNING', [['k2', 'RUNNING']]],
      ]);
      // flows; runs with states; task runs with states.
      expect(graphQueries(server)).toHaveLength(3);
      expect(graphRows(server)).toEqual([1, 3, 3]);
      expect(graphQueries(server).join('\n')).not.toMatch(/t\."(parameters|task_inputs|empirical_policy)"/);
    });
  },
  { PREFECT_SERVER_GRAPHQL_SQL_READS_ENABLED: 'false' },
);
