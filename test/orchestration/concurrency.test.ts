// Concurrent proposals for one flow run (§7.2) through two separate clients:
// the second request must see the first one's state as its initial state.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type Db } from '../../src/db/client.ts';
import { setFlowRunState, setFlowRunStateIn, type OrchestrationResult } from '../../src/orchestration/index.ts';
import { reasonOf, testTargets, useDatabase } from './support.ts';

const targets = await testTargets();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statuses = (results: OrchestrationResult<unknown>[]) => results.map((r) => `${r.status}${reasonOf(r) ? `: ${reasonOf(r)}` : ''}`).sort();

describe.each(targets)('concurrent set_state on $name', (databases) => {
  const h = useDatabase(databases);
  let one: Db;
  let two: Db;
  const statements: string[] = [];
  beforeAll(() => {
    one = makeClient(h.target, { onQuery: (sql) => statements.push(sql) });
    two = makeClient(h.target);
  });
  afterAll(async () => {
    await one?.$disconnect();
    await two?.$disconnect();
  });

  it('never accepts the same RUNNING transition twice (same transition_id)', async () => {
    for (let round = 0; round < 15; round++) {
      const id = await h.flowRunIn('PENDING');
      const transition_id = randomUUID();
      const proposal = { type: 'RUNNING' as const, state_details: { transition_id } };
      const results = await Promise.all([setFlowRunState(one, id, proposal), setFlowRunState(two, id, proposal)]);
      expect(statuses(results)).toEqual(['ACCEPT', 'REJECT: This run has already made this state transition.']);
      const run = await h.flowRun(id);
      expect([run.state_type, run.run_count]).toEqual(['RUNNING', 1]);
    }
  });

  it('lets only one of two workers submit a SCHEDULED run', async () => {
    for (let round = 0; round < 15; round++) {
      const id = await h.flowRunIn('SCHEDULED');
      const results = await Promise.all([setFlowRunState(one, id, { type: 'PENDING' }), setFlowRunState(two, id, { type: 'PENDING' })]);
      expect(statuses(results)).toEqual(['ABORT: This run is in a PENDING state and cannot transition to a PENDING state.', 'ACCEPT']);
    }
  });

  it('serialises RUNNING proposals without transition_id: the second sees RUNNING (RUNNING → RUNNING is accepted)', async () => {
    const id = await h.flowRunIn('PENDING');
    const results = await Promise.all([setFlowRunState(one, id, { type: 'RUNNING' }), setFlowRunState(two, id, { type: 'RUNNING' })]);
    expect(statuses(results)).toEqual(['ACCEPT', 'ACCEPT']);
    // Had both read PENDING, run_count would be 1 and total_run_time 0.
    const run = await h.flowRun(id);
    expect(run.run_count).toBe(2);
    expect(await h.db.flowRunState.count({ where: { flow_run_id: id } })).toBe(3);
  });

  it('locks the run first thing in the transaction', async () => {
    const id = await h.flowRunIn('PENDING');
    statements.length = 0;
    await setFlowRunState(one, id, { type: 'RUNNING' });
    const begin = statements.indexOf('BEGIN');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(statements[begin + 1]).toMatch(
      databases.name === 'sqlite' ? /^UPDATE flow_run SET run_count = run_count WHERE id = \?/ : /^SELECT id FROM flow_run WHERE id = \$1::uuid FOR UPDATE/,
    );
  });

  if (databases.name === 'postgresql') {
    it('makes a second request wait for the transaction holding the run', async () => {
      const id = await h.flowRunIn('PENDING');
      const transition_id = randomUUID();
      const proposal = { type: 'RUNNING' as const, state_details: { transition_id } };
      let locked!: () => void;
      let release!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const first = one.$transaction(
        async (tx) => {
          const result = await setFlowRunStateIn(tx, id, proposal);
          locked();
          await released;
          return result;
        },
        { timeout: 20_000 },
      );
      await isLocked;
      let settled = false;
      const second = setFlowRunState(two, id, proposal).finally(() => (settled = true));
      await sleep(400);
      expect(settled).toBe(false);
      release();
      expect(statuses([await first, await second])).toEqual(['ACCEPT', 'REJECT: This run has already made this state transition.']);
    });
  }

  if (databases.name === 'sqlite') {
    it('makes a request of another process wait for the SQLite write lock', async () => {
      const id = await h.flowRunIn('PENDING');
      const transition_id = randomUUID();
      const file = (h.target as { file: string }).file;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hold-sqlite-lock.ts'), file, id, transition_id, '600'], {
        cwd: path.join(import.meta.dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('locked')) resolve();
        });
        child.on('exit', () => reject(new Error(`child exited early: ${output}`)));
      });
      const started = Date.now();
      const second = await setFlowRunState(two, id, { type: 'RUNNING', state_details: { transition_id } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(await exited).toBe(0);
      expect(output).toContain('{"status":"ACCEPT"}');
      expect([second.status, reasonOf(second)]).toEqual(['REJECT', 'This run has already made this state transition.']);
    });
  }
});
