// Rows that exist, so generated requests can name them: the fuzzer picks
// "the n-th existing flow run" and the pool resolves it at send time. The pool is
// re-read from the database now and then (fuzzed deletes remove rows) and
// re-seeded when it runs thin.
import { ensureBuiltinBlockTypes } from '../../../src/resources/blocks/registration.ts';
import type { TestServer } from '../../support/server.ts';

export interface Pool {
  flowIds: string[];
  flowNames: string[];
  flowRunIds: string[];
  taskRunIds: string[];
  flowRunStateIds: string[];
  taskRunStateIds: string[];
  inputKeys: string[];
  /** Every id above, of any kind: a flow's id sent to a task-run route is a good question too. */
  anyIds: string[];
}

const STATES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'PAUSED'];

async function must(server: TestServer, method: string, path: string, body?: unknown) {
  const res = await server.rest(method, path, body);
  if (res.status >= 300) throw new Error(`seeding: ${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

/** A few flows, runs, task runs, states and inputs, made through the REST door. */
export async function seed(server: TestServer, round = 0) {
  // The built-in block types register on a server's first block request (as at
  // start): done here, so the checksums do not see a rejected request "write" them.
  await ensureBuiltinBlockTypes(server.db);
  await Promise.all([0, 1, 2].map((f) => seedFlow(server, round, f)));
}

async function seedFlow(server: TestServer, round: number, f: number) {
  {
    const flow = await must(server, 'POST', '/flows/', { name: `fuzz-flow-${round}-${f}`, tags: [`t${f}`, 'fuzz'], labels: { team: `team-${f}` } });
    for (let r = 0; r < 2; r++) {
      const run = await must(server, 'POST', '/flow_runs/', {
        flow_id: flow.id,
        name: `fuzz-run-${round}-${f}-${r}`,
        tags: ['fuzz', `r${r}`],
        parameters: { x: r, nested: { list: [1, 2, 3] } },
        state: { type: STATES[(f + r) % 3], name: undefined },
        labels: { a: 'b' },
      });
      await must(server, 'POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING' }, force: true });
      await must(server, 'POST', `/flow_runs/${run.id}/input`, { key: `key-${r}`, value: JSON.stringify({ v: r }) });
      for (let t = 0; t < 1; t++) {
        const task = await must(server, 'POST', '/task_runs/', {
          flow_run_id: run.id,
          task_key: `task-${t}`,
          dynamic_key: `${t}`,
          name: `fuzz-task-${t}`,
          tags: ['fuzz'],
          state: { type: 'PENDING' },
        });
        await must(server, 'POST', `/task_runs/${task.id}/set_state`, { state: { type: STATES[(t + r) % STATES.length] }, force: true });
      }
    }
  }
}

export async function readPool(server: TestServer): Promise<Pool> {
  const db = server.db;
  const [flows, flowRuns, taskRuns, frs, trs, inputs] = await Promise.all([
    db.flow.findMany({ select: { id: true, name: true }, take: 200 }),
    db.flowRun.findMany({ select: { id: true }, take: 200 }),
    db.taskRun.findMany({ select: { id: true }, take: 200 }),
    db.flowRunState.findMany({ select: { id: true }, take: 200 }),
    db.taskRunState.findMany({ select: { id: true }, take: 200 }),
    db.flowRunInput.findMany({ select: { key: true }, take: 200 }),
  ]);
  const pool: Pool = {
    flowIds: flows.map((f) => f.id),
    flowNames: flows.map((f) => f.name),
    flowRunIds: flowRuns.map((r) => r.id),
    taskRunIds: taskRuns.map((r) => r.id),
    flowRunStateIds: frs.map((s) => s.id),
    taskRunStateIds: trs.map((s) => s.id),
    inputKeys: inputs.map((i) => i.key),
    anyIds: [],
  };
  pool.anyIds = [...pool.flowIds, ...pool.flowRunIds, ...pool.taskRunIds, ...pool.flowRunStateIds, ...pool.taskRunStateIds];
  return pool;
}

export const thin = (pool: Pool) => pool.flowIds.length < 2 || pool.flowRunIds.length < 3 || pool.taskRunIds.length < 2;

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The n-th entry of a pool list (wrapping), or a fixed fallback when the list is empty. */
export function pick(list: string[], n: number, fallback = NIL_UUID): string {
  return list.length === 0 ? fallback : list[n % list.length];
}
