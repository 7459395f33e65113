// The late-runs service (deployments-and-work-pools §3.6): Scheduled runs
// past next_scheduled_start_time + AFTER_SECONDS become Late through the
// mark-late policy, with the state event a state change publishes.
import { expect, it } from 'vitest';
import { markLateRuns } from '../../src/services/late-runs.ts';
import { useCollector } from '../events-emitted/support.ts';
import { describeEachDatabase } from '../support/each-database.ts';
import type { TestServer } from '../support/server.ts';

async function scheduledRun(server: TestServer, scheduledTime: Date, name = 'Scheduled'): Promise<string> {
  const flow = await server.rest('POST', '/flows/', { name: 'late-runs' });
  const run = await server.rest('POST', '/flow_runs/', {
    flow_id: flow.body.id,
    state: { type: 'SCHEDULED', name, state_details: { scheduled_time: scheduledTime.toISOString() } },
  });
  expect(run.status, run.text).toBe(201);
  return run.body.id;
}

const readRun = async (server: TestServer, id: string) => (await server.rest('GET', `/flow_runs/${id}`)).body;

describeEachDatabase('late runs', (server) => {
  const { emitted } = useCollector(server);
  const settings = () => ({ ...server().settings, lateRuns: { ...server().settings.lateRuns, afterSeconds: 15 } });

  it('marks Scheduled runs 15 s past their time Late, keeping the scheduled time, with a state event', async () => {
    const now = new Date();
    const due = await scheduledRun(server(), new Date(now.getTime() - 16_000));
    const notYet = await scheduledRun(server(), new Date(now.getTime() - 14_000));
    let marked: string[] = [];
    const events = await emitted(async () => {
      marked = await markLateRuns(server().db, server().events, settings(), now);
    }, 'prefect.flow-run.');
    expect(marked).toContain(due);
    expect(marked).not.toContain(notYet);
    const run = await readRun(server(), due);
    expect(run.state).toMatchObject({ type: 'SCHEDULED', name: 'Late', message: null });
    expect(run.state.state_details.scheduled_time).toBe(run.next_scheduled_start_time);
    expect(run.state_name).toBe('Late');
    expect((await readRun(server(), notYet)).state.name).toBe('Scheduled');
    const late = events.filter((e) => e.resource['prefect.resource.id'] === `prefect.flow-run.${due}`);
    expect(late.map((e) => e.event)).toEqual(['prefect.flow-run.Late']);
    // history: Scheduled, then Late
    const states = await server().rest('GET', `/flow_run_states/?flow_run_id=${due}`);
    expect(states.body.map((s: { name: string }) => s.name)).toEqual(['Scheduled', 'Late']);
  });

  it('leaves Late runs, other Scheduled names and other states alone', async () => {
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const retrying = await scheduledRun(server(), past, 'AwaitingRetry');
    const first = await scheduledRun(server(), past);
    await markLateRuns(server().db, server().events, settings(), now);
    const lateState = (await readRun(server(), first)).state.id;
    const again = await markLateRuns(server().db, server().events, settings(), new Date(now.getTime() + 60_000));
    expect(again).not.toContain(first);
    expect((await readRun(server(), first)).state.id).toBe(lateState);
    expect((await readRun(server(), retrying)).state.name).toBe('AwaitingRetry');
    const running = await scheduledRun(server(), past);
    const set = await server().rest('POST', `/flow_runs/${running}/set_state`, { state: { type: 'RUNNING' }, force: true });
    expect(set.status).toBe(201);
    await markLateRuns(server().db, server().events, settings(), now);
    expect((await readRun(server(), running)).state.type).toBe('RUNNING');
  });
});

describeEachDatabase(
  'the late-runs loop',
  (server) => {
    it('runs on its own when enabled', async () => {
      const flow = await server().rest('POST', '/flows/', { name: 'late-loop' });
      const run = await server().rest('POST', '/flow_runs/', {
        flow_id: flow.body.id,
        state: { type: 'SCHEDULED', state_details: { scheduled_time: new Date(Date.now() - 5_000).toISOString() } },
      });
      let name = '';
      for (let i = 0; i < 50 && name !== 'Late'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        name = (await readRun(server(), run.body.id)).state.name;
      }
      expect(name).toBe('Late');
    });
  },
  { PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: 'true', PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: '0.1', PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: '1' },
);
