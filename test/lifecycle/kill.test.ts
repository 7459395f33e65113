// kill -9 under write load: every write the server acknowledged (a 2xx reached
// the client) must be in the database the restarted server reads. The moment
// of the kill is random but seeded (LIFECYCLE_KILL_SEED to replay one): once a
// drawn number of writes is acknowledged, plus a drawn delay, so it falls in
// the thick of the load however busy the machine is.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { request, startChild, type Answer } from './child.ts';
import { random } from '../support/random.ts';

const SEED = Number(process.env.LIFECYCLE_KILL_SEED ?? 20261130);
const LOOPS = 6;
/** Writes acknowledged before the kill: drawn from [MIN, MIN + SPAN). */
const MIN_WRITES = 30;
const SPAN_WRITES = 90;
/** Bound on the load phase if the server writes slower than that. */
const MAX_LOAD_MS = 8_000;

interface Acknowledged {
  flows: Map<string, string>; // id → name
  runs: Map<string, string>; // id → flow_id
  states: Map<string, { runId: string; type: string }>; // state id → run, type
  /** Answers that were not 2xx (none expected: the server was healthy until killed). */
  refused: Answer[];
  inFlightAtKill: number;
}

/** Creates flows, flow runs and state transitions until the server stops answering. */
async function writeLoop(port: number, loop: number, ack: Acknowledged, inFlight: { n: number }): Promise<void> {
  const agent = new http.Agent({ keepAlive: true });
  const send = async (method: string, route: string, body: unknown): Promise<Answer | undefined> => {
    inFlight.n++;
    try {
      const answer = await request(port, method, route, agent, body);
      if (answer.status < 200 || answer.status > 299) ack.refused.push(answer);
      return answer;
    } catch {
      return undefined; // killed: the connection is gone
    } finally {
      inFlight.n--;
    }
  };
  try {
    let flowId: string | undefined;
    for (let i = 0; ; i++) {
      if (i % 4 === 0) {
        const name = `kill-${loop}-${i}`;
        const flow = await send('POST', '/api/flows/', { name });
        if (!flow) return;
        if (flow.status === 201 || flow.status === 200) ack.flows.set(flow.body.id, name);
        flowId = flow.body.id;
      }
      const run = await send('POST', '/api/flow_runs/', { flow_id: flowId });
      if (!run) return;
      if (run.status !== 201) continue;
      ack.runs.set(run.body.id, flowId!);
      for (const type of ['PENDING', 'RUNNING', 'COMPLETED']) {
        const set = await send('POST', `/api/flow_runs/${run.body.id}/set_state`, { state: { type } });
        if (!set) return;
        if (set.status === 201 && set.body.status === 'ACCEPT') ack.states.set(set.body.state.id, { runId: run.body.id, type });
      }
    }
  } finally {
    agent.destroy();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Runs the jobs `width` at a time. */
async function inParallel<T>(items: T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await job(item);
    }),
  );
}

const pick = random(SEED);

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`kill -9 under write load [${provider}]`, () => {
    let databases: TestDatabases;
    beforeAll(async () => {
      databases = (await testTargets()).find((t) => t.name === provider)!;
    });
    afterAll(async () => databases?.dispose());

    // Two process starts (each 2 s on a quiet machine, up to 6 s on a busy one) and a few seconds of load.
    it('keeps every acknowledged write', { timeout: 50_000 }, async () => {
      const target = await databases.createMigrated();
      const ack: Acknowledged = { flows: new Map(), runs: new Map(), states: new Map(), refused: [], inFlightAtKill: 0 };
      const killAfterWrites = MIN_WRITES + Math.floor(pick() * SPAN_WRITES);
      const thenWaitMs = Math.floor(pick() * 200);
      const acknowledged = () => ack.flows.size + ack.runs.size + ack.states.size;
      let loadMs = 0;

      const child = await startChild(target);
      const inFlight = { n: 0 };
      try {
        // Warm-up: the first request on each route prepares its document (slow on a busy machine).
        const warm = new http.Agent();
        const flow = await request(child.port, 'POST', '/api/flows/', warm, { name: 'warm-up' });
        const run = await request(child.port, 'POST', '/api/flow_runs/', warm, { flow_id: flow.body.id });
        await request(child.port, 'POST', `/api/flow_runs/${run.body.id}/set_state`, warm, { state: { type: 'RUNNING' } });
        const started = performance.now();
        const loops = Array.from({ length: LOOPS }, (_, loop) => writeLoop(child.port, loop, ack, inFlight));
        while (acknowledged() < killAfterWrites && performance.now() - started < MAX_LOAD_MS) await new Promise((resolve) => setTimeout(resolve, 5));
        await new Promise((resolve) => setTimeout(resolve, thenWaitMs));
        loadMs = Math.round(performance.now() - started);
        ack.inFlightAtKill = inFlight.n;
        child.kill('SIGKILL');
        expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
        await Promise.all(loops);
      } finally {
        child.kill('SIGKILL');
        await child.exited;
      }
      expect(ack.refused).toEqual([]);
      // The load must have written something for the check to mean anything.
      expect(ack.states.size).toBeGreaterThan(0);

      const next = await startChild(target);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const found = { flows: 0, runs: 0, states: 0 };
      const missing: string[] = [];
      try {
        await inParallel(chunks([...ack.flows.keys()], 50), 4, async (ids) => {
          const { body } = await request(next.port, 'POST', '/api/flows/filter', agent, { flows: { id: { any_: ids } }, limit: 200 });
          const stored = new Map((body as { id: string; name: string }[]).map((f) => [f.id, f.name]));
          for (const id of ids) stored.get(id) === ack.flows.get(id) ? found.flows++ : missing.push(`flow ${id}`);
        });
        await inParallel(chunks([...ack.runs.keys()], 50), 4, async (ids) => {
          const { body } = await request(next.port, 'POST', '/api/flow_runs/filter', agent, { flow_runs: { id: { any_: ids } }, limit: 200 });
          const stored = new Map((body as { id: string; flow_id: string }[]).map((r) => [r.id, r.flow_id]));
          for (const id of ids) stored.get(id) === ack.runs.get(id) ? found.runs++ : missing.push(`flow run ${id}`);
        });
        const statesByRun = new Map<string, [string, { type: string }][]>();
        for (const [id, s] of ack.states) statesByRun.set(s.runId, [...(statesByRun.get(s.runId) ?? []), [id, s]]);
        await inParallel([...statesByRun], 8, async ([runId, states]) => {
          const { body } = await request(next.port, 'GET', `/api/flow_run_states/?flow_run_id=${runId}`, agent);
          const stored = new Map((body as { id: string; type: string }[]).map((s) => [s.id, s.type]));
          for (const [id, s] of states) stored.get(id) === s.type ? found.states++ : missing.push(`state ${id}`);
        });

        const present = found.flows + found.runs + found.states;
        console.log(
          `kill -9 [${provider}] seed ${SEED}: killed at ${killAfterWrites} writes + ${thenWaitMs} ms, after ${loadMs} ms of load (${LOOPS} writers, ${ack.inFlightAtKill} requests in flight); ` +
            `writes acknowledged ${acknowledged()} (flows ${ack.flows.size}, flow runs ${ack.runs.size}, states ${ack.states.size}), ` +
            `found after restart ${present} (flows ${found.flows}, flow runs ${found.runs}, states ${found.states}); start-up ${Math.round(child.startupMs)} ms, restart ${Math.round(next.startupMs)} ms`,
        );
        expect(missing).toEqual([]);
        expect(present).toBe(acknowledged());

        // The restarted server takes writes again, and stops cleanly.
        expect((await request(next.port, 'POST', '/api/flows/', agent, { name: 'after-restart' })).status).toBe(201);
      } finally {
        agent.destroy();
        next.kill('SIGTERM');
      }
      expect(await next.exited).toEqual({ code: 0, signal: null });
    });
  });
}
