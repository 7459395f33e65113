// The transition tables of orchestration.md §8, table-driven. Part 1: every
// (initial, proposed) pair on "plain" runs (no deployment, no infrastructure
// pid, no retries, no result data, default names). Part 2: each conditional
// row of §8.1 / §8.2 with the set-up it needs. Every table runs through two
// doors: the engine called directly, and POST /api/{flow,task}_runs/{id}/set_state
// on a real server over the same database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { setFlowRunState, setTaskRunState, STATE_TYPES, type StateCreateInput, type StateType } from '../../src/orchestration/index.ts';
import { inSeconds, reasonOf, testTargets, useDatabase, type Harness } from './support.ts';

type Outcome = string; // "ACCEPT", "ABORT: reason", "REJECT: reason", "REJECT → TYPE Name: reason", "WAIT: reason"
const FINAL: StateType[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];
const INITIALS: (StateType | null)[] = [null, ...STATE_TYPES];
const label = (t: StateType | null) => t ?? 'none';

/** §8.1 on plain flow runs. */
function expectedCoreFlow(from: StateType | null, to: StateType): Outcome {
  if (from === null) return to === 'PAUSED' ? 'ABORT: Cannot pause flows with no state.' : 'ACCEPT';
  if (FINAL.includes(from)) {
    if (to === 'CANCELLING' || to === 'PAUSED' || to === 'CRASHED') return `ABORT: Run is already in terminal state ${from}.`;
    if (to === 'SCHEDULED') return 'ABORT: Cannot reschedule a run without an associated deployment.';
    if (from === 'CANCELLED' && to === 'PENDING') return 'ABORT: This run is in a CANCELLED state and cannot transition to a PENDING state.';
    return 'ACCEPT';
  }
  if (from === 'CANCELLING') return to === 'CANCELLED' ? 'ACCEPT' : 'REJECT: Cannot transition flows that are cancelling to a state other than Cancelled.';
  if (to === 'PAUSED' && from !== 'RUNNING') return 'REJECT: Cannot pause flows that are not currently running.';
  if (from === 'SCHEDULED' && to === 'CANCELLING') return 'REJECT → CANCELLED Cancelled: Scheduled flow run has no infrastructure to terminate.';
  if ((from === 'PENDING' || from === 'RUNNING') && to === 'PENDING') return `ABORT: This run is in a ${from} state and cannot transition to a PENDING state.`;
  if (from === 'PAUSED' && (to === 'PENDING' || to === 'CANCELLING')) {
    return `REJECT: This run cannot transition to the StateType.${to} state from the StateType.PAUSED state.`;
  }
  return 'ACCEPT';
}

/** §8.3: forced flow transitions. */
const expectedForcedFlow = (from: StateType | null, to: StateType): Outcome =>
  from === 'SCHEDULED' && to === 'CANCELLING' ? 'REJECT → CANCELLED Cancelled: Scheduled flow run has no infrastructure to terminate.' : 'ACCEPT';

/** §8.2 on plain (autonomous) task runs. */
function expectedCoreTask(from: StateType | null, to: StateType): Outcome {
  if (from !== null && FINAL.includes(from) && (to === 'CANCELLING' || to === 'PAUSED' || to === 'CRASHED')) return `ABORT: Run is already ${from}.`;
  return 'ACCEPT';
}

function describeOutcome(result: { status: string; details: { type: string }; state: { type: string; name: string; id: string } | null }, currentId: string | null): Outcome {
  const reason = reasonOf(result);
  if (result.status === 'REJECT' && result.state && result.state.id !== currentId) return `REJECT → ${result.state.type} ${result.state.name}: ${reason}`;
  return result.status === 'ACCEPT' ? 'ACCEPT' : `${result.status}: ${reason}`;
}

const targets = await testTargets();
const cases = targets.flatMap((databases) => (['engine', 'REST'] as const).map((door) => ({ name: databases.name, databases, door })));

describe.each(cases)('transition tables on $name through the $door', ({ databases, door }) => {
  const h = useDatabase(databases);
  let server: TestServer | undefined;
  beforeAll(async () => {
    if (door === 'REST') server = await startServer(h.target);
  });
  afterAll(async () => server?.close());

  /** Proposes a state through this block's door; answers in the OrchestrationResult shape. */
  async function propose(kind: 'flow_runs' | 'task_runs', id: string, state: StateCreateInput, force: boolean, currentId: string | null) {
    if (door === 'engine') return kind === 'flow_runs' ? setFlowRunState(h.db, id, state, { force }) : setTaskRunState(h.db, id, state, { force });
    const res = await server!.rest('POST', `/${kind}/${id}/set_state`, { state, force });
    // 201 exactly when this request wrote a state (one that is not the current one), else 200.
    const written = res.body.state !== null && res.body.state.id !== currentId;
    expect(res.status, JSON.stringify(res.body)).toBe(written ? 201 : 200);
    return res.body;
  }

  async function flowOutcome(from: StateType | null, to: StateType, force: boolean): Promise<Outcome> {
    const id = from ? await h.flowRunIn(from) : await h.newFlowRun();
    const currentId = (await h.flowRun(id)).state_id;
    return describeOutcome(await propose('flow_runs', id, { type: to }, force, currentId), currentId);
  }

  async function taskOutcome(from: StateType | null, to: StateType, force: boolean): Promise<Outcome> {
    const id = from ? await h.taskRunIn(from) : await h.newTaskRun();
    const currentId = (await h.taskRun(id)).state_id;
    return describeOutcome(await propose('task_runs', id, { type: to }, force, currentId), currentId);
  }

  const matrix =
    (expected: (from: StateType | null, to: StateType) => Outcome, actual: (from: StateType | null, to: StateType) => Promise<Outcome>) => async (from: StateType | null) => {
      const want: Record<string, Outcome> = {};
      const got: Record<string, Outcome> = {};
      for (const to of STATE_TYPES) {
        want[to] = expected(from, to);
        got[to] = await actual(from, to);
      }
      expect(got).toEqual(want);
    };

  it.each(INITIALS.map((t) => [label(t), t] as const))('core flow policy from %s', async (_, from) => {
    await matrix(expectedCoreFlow, (f, t) => flowOutcome(f, t, false))(from);
  });

  it.each(INITIALS.map((t) => [label(t), t] as const))('forced flow transitions from %s', async (_, from) => {
    await matrix(expectedForcedFlow, (f, t) => flowOutcome(f, t, true))(from);
  });

  it.each(INITIALS.map((t) => [label(t), t] as const))('core task policy from %s', async (_, from) => {
    await matrix(expectedCoreTask, (f, t) => taskOutcome(f, t, false))(from);
  });

  it.each(INITIALS.map((t) => [label(t), t] as const))('forced task transitions from %s (always ACCEPT)', async (_, from) => {
    await matrix(
      () => 'ACCEPT',
      (f, t) => taskOutcome(f, t, true),
    )(from);
  });

  // §8.1 rows that need more than a plain run. Each: set-up, proposal, outcome.
  interface Row {
    title: string;
    setup: (h: Harness) => Promise<string>;
    propose: StateCreateInput;
    force?: boolean;
    expect: Outcome;
  }
  const deployment = { deployment_id: randomUUID() };
  const persisted = { type: 'COMPLETED' as const, data: { type: 'reference', storage_key: 'k' } };
  const flowRows: Row[] = [
    { title: 'none → PAUSED (Suspended)', setup: (h) => h.newFlowRun(), propose: { type: 'PAUSED', name: 'Suspended' }, expect: 'ABORT: Cannot suspend flows with no state.' },
    {
      title: 'SCHEDULED → RUNNING, scheduled in the future',
      setup: (h) => h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(30) } }),
      propose: { type: 'RUNNING' },
      expect: 'WAIT: Scheduled time is in the future',
    },
    {
      title: 'SCHEDULED Late → SCHEDULED Late',
      setup: (h) => h.flowRunIn({ type: 'SCHEDULED', name: 'Late' }),
      propose: { type: 'SCHEDULED', name: 'Late' },
      expect: 'REJECT: This flow run is already marked late.',
    },
    {
      title: 'SCHEDULED (with pid) → CANCELLING',
      setup: (h) => h.flowRunIn('SCHEDULED', { infrastructure_pid: '42' }),
      propose: { type: 'CANCELLING' },
      expect: 'ACCEPT',
    },
    {
      title: 'SCHEDULED Resuming (with pid) → CANCELLING',
      setup: (h) => h.flowRunIn({ type: 'SCHEDULED', name: 'Resuming' }, { infrastructure_pid: '42' }),
      propose: { type: 'CANCELLING' },
      expect: 'REJECT → CANCELLED Cancelled: Scheduled flow run has no infrastructure to terminate.',
    },
    {
      title: 'PENDING → PENDING with a new name',
      setup: (h) => h.flowRunIn('PENDING'),
      propose: { type: 'PENDING', name: 'Submitting' },
      expect: 'ACCEPT',
    },
    {
      title: 'PENDING → RUNNING, scheduled time copied from SCHEDULED is ahead',
      setup: async (h) => {
        const id = await h.flowRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(30) } });
        await setFlowRunState(h.db, id, { type: 'PENDING' });
        return id;
      },
      propose: { type: 'RUNNING' },
      expect: 'WAIT: Scheduled time is in the future',
    },
    ...(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'] as const).map(
      (from): Row => ({
        title: `${from} (with deployment) → SCHEDULED Late`,
        setup: (h) => h.flowRunIn(from, deployment),
        propose: { type: 'SCHEDULED', name: 'Late' },
        expect: 'REJECT: Only scheduled flows can be marked late.',
      }),
    ),
    {
      title: 'RUNNING → FAILED with retries left',
      setup: (h) => h.flowRunIn('RUNNING', { empirical_policy: { retries: 1 } }),
      propose: { type: 'FAILED' },
      expect: 'REJECT → SCHEDULED AwaitingRetry: Retrying',
    },
    {
      title: 'RUNNING → PAUSED with a used pause key',
      setup: async (h) => {
        const id = await h.flowRunIn('RUNNING');
        await setFlowRunState(h.db, id, { type: 'PAUSED', state_details: { pause_key: 'k' } });
        await setFlowRunState(h.db, id, { type: 'RUNNING' });
        return id;
      },
      propose: { type: 'PAUSED', state_details: { pause_key: 'k' } },
      expect: 'REJECT: This pause has already fired.',
    },
    {
      title: 'RUNNING (subflow) → PAUSED Suspended',
      setup: async (h) => h.flowRunIn('RUNNING', { ...deployment, parent_task_run_id: await h.newTaskRun() }),
      propose: { type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } },
      expect: 'ABORT: Cannot suspend subflows.',
    },
    {
      title: 'RUNNING (no deployment) → PAUSED with reschedule',
      setup: (h) => h.flowRunIn('RUNNING'),
      propose: { type: 'PAUSED', state_details: { pause_reschedule: true } },
      expect: 'ABORT: Cannot pause flows without a deployment.',
    },
    {
      title: 'PAUSED (suspended) → CANCELLING',
      setup: (h) => h.flowRunIn({ type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }, deployment),
      propose: { type: 'CANCELLING' },
      expect: 'REJECT → CANCELLED Cancelled: Suspended flow run has no infrastructure to terminate.',
    },
    {
      title: 'PAUSED → SCHEDULED Late',
      setup: (h) => h.flowRunIn('PAUSED', deployment),
      propose: { type: 'SCHEDULED', name: 'Late' },
      expect: 'REJECT: Only scheduled flows can be marked late.',
    },
    {
      title: 'PAUSED (suspended, no deployment) → RUNNING',
      setup: (h) => h.flowRunIn({ type: 'PAUSED', name: 'Suspended', state_details: { pause_reschedule: true } }),
      propose: { type: 'RUNNING' },
      expect: 'REJECT: Cannot reschedule a running flow run without a deployment.',
    },
    {
      title: 'PAUSED (timed out) → RUNNING',
      setup: (h) => h.flowRunIn({ type: 'PAUSED', state_details: { pause_timeout: inSeconds(-5) } }),
      propose: { type: 'RUNNING' },
      expect: 'REJECT → FAILED Failed: The flow run pause has timed out and can no longer resume.',
    },
    {
      title: 'COMPLETED (persisted) → RUNNING',
      setup: (h) => h.flowRunIn(persisted),
      propose: { type: 'RUNNING' },
      expect: 'REJECT: Run is already COMPLETED.',
    },
    {
      title: 'COMPLETED (persisted) → COMPLETED (unpersisted)',
      setup: (h) => h.flowRunIn(persisted),
      propose: { type: 'COMPLETED', data: { type: 'unpersisted' } },
      expect: 'REJECT: Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.',
    },
    {
      title: 'COMPLETED (persisted) → COMPLETED (unpersisted), forced',
      setup: (h) => h.flowRunIn(persisted),
      propose: { type: 'COMPLETED', data: { type: 'unpersisted' } },
      force: true,
      expect: 'REJECT: Cannot overwrite a COMPLETED state that carries persisted result data with one that does not.',
    },
    {
      title: 'PAUSED (suspended) → CANCELLING, forced',
      setup: (h) => h.flowRunIn({ type: 'PAUSED', state_details: { pause_reschedule: true } }, deployment),
      propose: { type: 'CANCELLING' },
      force: true,
      expect: 'REJECT → CANCELLED Cancelled: Suspended flow run has no infrastructure to terminate.',
    },
    ...(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'] as const).map(
      (from): Row => ({ title: `${from} (with deployment) → SCHEDULED`, setup: (h) => h.flowRunIn(from, deployment), propose: { type: 'SCHEDULED' }, expect: 'ACCEPT' }),
    ),
    ...(['SCHEDULED', 'RUNNING', 'COMPLETED'] as const).map(
      (to): Row => ({
        title: `any → ${to} with the current state's transition_id`,
        setup: (h) => h.flowRunIn({ type: 'RUNNING', state_details: { transition_id: '9b8a1c1e-1111-4a4a-8b8b-000000000001' } }),
        propose: { type: to, state_details: { transition_id: '9b8a1c1e-1111-4a4a-8b8b-000000000001' } },
        expect: 'REJECT: This run has already made this state transition.',
      }),
    ),
  ];

  it.each(flowRows.map((row) => [row.title, row] as const))('flow: %s', async (_, row) => {
    const id = await row.setup(h);
    const currentId = (await h.flowRun(id)).state_id;
    expect(describeOutcome(await propose('flow_runs', id, row.propose, row.force ?? false, currentId), currentId)).toBe(row.expect);
  });

  const taskRows: Row[] = [
    {
      title: 'SCHEDULED → RUNNING, scheduled in the future',
      setup: (h) => h.taskRunIn({ type: 'SCHEDULED', state_details: { scheduled_time: inSeconds(30) } }),
      propose: { type: 'RUNNING' },
      expect: 'WAIT: Scheduled time is in the future',
    },
    {
      title: 'RUNNING → FAILED with retries left',
      setup: (h) => h.taskRunIn('RUNNING', { empirical_policy: { retries: 2 } }),
      propose: { type: 'FAILED' },
      expect: 'REJECT → SCHEDULED AwaitingRetry: Retrying',
    },
    {
      title: 'RUNNING → FAILED with retries left but retriable: false',
      setup: (h) => h.taskRunIn('RUNNING', { empirical_policy: { retries: 2 } }),
      propose: { type: 'FAILED', state_details: { retriable: false } },
      expect: 'ACCEPT',
    },
    ...(['COMPLETED', 'FAILED', 'RUNNING', 'PENDING', 'SCHEDULED', 'CANCELLED'] as const).map(
      (to): Row => ({ title: `COMPLETED (persisted) → ${to}`, setup: (h) => h.taskRunIn(persisted), propose: { type: to }, expect: 'REJECT: This run is already completed.' }),
    ),
    {
      title: 'any → COMPLETED with an over-long cache key (still written)',
      setup: (h) => h.taskRunIn('RUNNING'),
      propose: { type: 'COMPLETED', state_details: { cache_key: 'k'.repeat(2001) } },
      expect: 'REJECT: Cache key exceeded maximum allowed length of 2000 characters.',
    },
    {
      title: 'none → RUNNING in a flow run with no state',
      setup: async (h) => h.newTaskRun({ flow_run_id: await h.newFlowRun() }),
      propose: { type: 'RUNNING' },
      expect: 'ABORT: The enclosing flow must be running to begin task execution.',
    },
  ];

  it.each(taskRows.map((row) => [row.title, row] as const))('task: %s', async (_, row) => {
    const id = await row.setup(h);
    const currentId = (await h.taskRun(id)).state_id;
    const outcome = describeOutcome(await propose('task_runs', id, row.propose, row.force ?? false, currentId), currentId);
    // The over-long cache key REJECTs with the proposal itself, i.e. a new state of the same type.
    expect(outcome.replace(/^REJECT → COMPLETED Completed: /, 'REJECT: ')).toBe(row.expect);
  });
});
