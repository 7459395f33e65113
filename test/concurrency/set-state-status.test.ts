// set_state and resume answer 201 exactly when this request wrote a state row
// (issue 13, point 5). Under racing proposals the count of 201s must equal the
// count of state rows actually written, the 201 answers must carry exactly
// those rows, and ABORT / WAIT / REJECT-keeping-current answer 200.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { RestAnswer, TestServer } from '../support/server.ts';

const past = () => new Date(Date.now() - 60_000).toISOString();
const future = () => new Date(Date.now() + 3_600_000).toISOString();

async function newFlowRun(server: TestServer, state: object, extra: object = {}): Promise<string> {
  const { body: flow } = await server.rest('POST', '/flows/', { name: `states-${randomUUID()}` });
  const created = await server.rest('POST', '/flow_runs/', { flow_id: flow.id, state, ...extra });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** State ids of a run, read through the GraphQL door. */
async function stateIds(server: TestServer, kind: 'flow' | 'task', runId: string): Promise<string[]> {
  const field = kind === 'flow' ? 'read_flow_run_states(flow_run_id: $id)' : 'read_task_run_states(task_run_id: $id)';
  const { data, errors } = await server.gql<any, any>(`query ($id: UUID!) { states: ${field} { id } }`, { id: runId });
  expect(errors).toBeUndefined();
  return data.states.map((s: { id: string }) => s.id);
}

/**
 * Every proposal at once; then: 201s = new rows (same ids, none twice), and
 * every WAIT, ABORT or REJECT that wrote nothing answered 200.
 */
async function raceProposals(server: TestServer, kind: 'flow' | 'task', runId: string, path: string, bodies: unknown[]) {
  const before = new Set(await stateIds(server, kind, runId));
  const answers: RestAnswer[] = await Promise.all(bodies.map((body) => server.rest('POST', path, body)));
  for (const a of answers) expect([200, 201]).toContain(a.status);
  const written = (await stateIds(server, kind, runId)).filter((id) => !before.has(id));
  const created = answers.filter((a) => a.status === 201);
  expect(created.map((a) => a.body.state.id).sort()).toEqual([...written].sort());
  for (const a of created) expect(['ACCEPT', 'REJECT']).toContain(a.body.status);
  for (const a of answers.filter((x) => ['WAIT', 'ABORT'].includes(x.body.status))) expect(a.status).toBe(200);
  return { answers, written };
}

const count = (answers: RestAnswer[], status: number, result: string) => answers.filter((a) => a.status === status && a.body.status === result).length;

describeEachDatabase('racing state proposals answer 201 only for written states', (server) => {
  it('20 parallel PENDING proposals on a SCHEDULED run: one ACCEPT 201, 19 ABORT 200', async () => {
    const id = await newFlowRun(server(), { type: 'SCHEDULED', state_details: { scheduled_time: past() } });
    const { answers, written } = await raceProposals(
      server(),
      'flow',
      id,
      `/flow_runs/${id}/set_state`,
      Array.from({ length: 20 }, () => ({ state: { type: 'PENDING' } })),
    );
    expect(written).toHaveLength(1);
    expect([count(answers, 201, 'ACCEPT'), count(answers, 200, 'ABORT')]).toEqual([1, 19]);
    // The GraphQL door sees the written state as the run's current one.
    const { data } = await server().gql<any, any>('query ($id: UUID!) { read_flow_run(id: $id) { state { id type } } }', { id });
    expect(data.read_flow_run.state).toEqual({ id: written[0], type: 'PENDING' });
  });

  it('mixed proposals racing on one flow run: 201s match the rows written', async () => {
    const id = await newFlowRun(server(), { type: 'SCHEDULED', state_details: { scheduled_time: past() } });
    const types = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'PENDING', 'RUNNING', 'CRASHED', 'SCHEDULED', 'RUNNING'];
    const bodies = [...types, ...types, ...types].map((type) => ({ state: { type, state_details: type === 'SCHEDULED' ? { scheduled_time: past() } : {} } }));
    const { answers, written } = await raceProposals(server(), 'flow', id, `/flow_runs/${id}/set_state`, bodies);
    expect(written.length).toBeGreaterThan(0);
    // Once final, later proposals are refused without a write.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
  });

  it('WAIT answers 200 and writes nothing', async () => {
    const id = await newFlowRun(server(), { type: 'SCHEDULED', state_details: { scheduled_time: future() } });
    const { answers, written } = await raceProposals(
      server(),
      'flow',
      id,
      `/flow_runs/${id}/set_state`,
      Array.from({ length: 10 }, () => ({ state: { type: 'RUNNING' } })),
    );
    expect(written).toEqual([]);
    expect(count(answers, 200, 'WAIT')).toBe(10);
  });

  it('REJECT keeping the current state answers 200; REJECT with a replacement state answers 201', async () => {
    // A retried request (same transition_id): the first writes, the others get REJECT keeping it.
    const transition = randomUUID();
    const running = await newFlowRun(server(), { type: 'RUNNING' });
    const proposal = { state: { type: 'COMPLETED', state_details: { transition_id: transition } } };
    const kept = await raceProposals(server(), 'flow', running, `/flow_runs/${running}/set_state`, Array(10).fill(proposal));
    expect(kept.written).toHaveLength(1);
    expect([count(kept.answers, 201, 'ACCEPT'), count(kept.answers, 200, 'REJECT')]).toEqual([1, 9]);

    // One retry left: the first FAILED becomes AwaitingRetry (REJECT, 201); the rest see SCHEDULED.
    const retrying = await newFlowRun(server(), { type: 'RUNNING' }, { empirical_policy: { retries: 1, retry_delay: 0 } });
    const { answers } = await raceProposals(
      server(),
      'flow',
      retrying,
      `/flow_runs/${retrying}/set_state`,
      Array.from({ length: 10 }, () => ({ state: { type: 'FAILED' } })),
    );
    const replaced = answers.filter((a) => a.body.status === 'REJECT' && a.body.state?.name === 'AwaitingRetry');
    expect(replaced).toHaveLength(1);
    expect(replaced[0].status).toBe(201);
  });

  it('racing proposals on task runs: ABORT 200, REJECT with a replacement 201, mixed 201s = rows written', async () => {
    const newTask = async (flowRunState: object) => {
      const flowRun = await newFlowRun(server(), flowRunState);
      return (await server().rest('POST', '/task_runs/', { flow_run_id: flowRun, task_key: 't', dynamic_key: '0' })).body.id as string;
    };
    const running = Array.from({ length: 10 }, () => ({ state: { type: 'RUNNING' } }));
    // The flow run is not running: every RUNNING is aborted, nothing written.
    const stopped = await newTask({ type: 'SCHEDULED', state_details: { scheduled_time: past() } });
    const aborted = await raceProposals(server(), 'task', stopped, `/task_runs/${stopped}/set_state`, running);
    expect(aborted.written).toEqual([]);
    expect(count(aborted.answers, 200, 'ABORT')).toBe(10);
    // The flow run is paused: each RUNNING is replaced by a written PAUSED "NotReady".
    const parked = await newTask({ type: 'PAUSED', state_details: { pause_timeout: future() } });
    const rejected = await raceProposals(server(), 'task', parked, `/task_runs/${parked}/set_state`, running);
    expect(rejected.written).toHaveLength(10);
    expect(count(rejected.answers, 201, 'REJECT')).toBe(10);

    // REJECT that still writes the proposal (cache key too long): 201.
    const cached = await newTask({ type: 'RUNNING' });
    await server().rest('POST', `/task_runs/${cached}/set_state`, { state: { type: 'RUNNING' } });
    const tooLong = await server().rest('POST', `/task_runs/${cached}/set_state`, { state: { type: 'COMPLETED', state_details: { cache_key: 'k'.repeat(2001) } } });
    expect([tooLong.status, tooLong.body.status, tooLong.body.state.type]).toEqual([201, 'REJECT', 'COMPLETED']);

    const id = await newTask({ type: 'RUNNING' });
    const mixed = ['RUNNING', 'COMPLETED', 'FAILED', 'RUNNING', 'PENDING', 'CANCELLED', 'RUNNING', 'COMPLETED'].map((type) => ({ state: { type } }));
    const second = await raceProposals(server(), 'task', id, `/task_runs/${id}/set_state`, [...mixed, ...mixed]);
    expect(second.written.length).toBeGreaterThan(0);
  });

  it('10 parallel resumes of a paused run: one 201, the others ABORT 200', async () => {
    const id = await newFlowRun(server(), { type: 'RUNNING' });
    const paused = await server().rest('POST', `/flow_runs/${id}/set_state`, { state: { type: 'PAUSED', state_details: { pause_timeout: future() } }, force: true });
    expect(paused.status).toBe(201);
    const { answers, written } = await raceProposals(
      server(),
      'flow',
      id,
      `/flow_runs/${id}/resume`,
      Array.from({ length: 10 }, () => ({})),
    );
    expect(written).toHaveLength(1);
    expect([count(answers, 201, 'ACCEPT'), count(answers, 200, 'ABORT')]).toEqual([1, 9]);
  });

  it('the GraphQL door writes through the same orchestration (no status there)', async () => {
    const id = await newFlowRun(server(), { type: 'SCHEDULED', state_details: { scheduled_time: past() } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => server().gql<any, any>('mutation ($id: UUID!) { set_flow_run_state(id: $id, state: { type: PENDING }) { status state { id } } }', { id })),
    );
    expect(results.map((r) => r.data.set_flow_run_state.status).sort()).toEqual([...Array(9).fill('ABORT'), 'ACCEPT']);
    // A REST proposal after that sees PENDING → PENDING: ABORT, 200.
    const again = await server().rest('POST', `/flow_runs/${id}/set_state`, { state: { type: 'PENDING' } });
    expect([again.status, again.body.status]).toEqual([200, 'ABORT']);
  });
});
