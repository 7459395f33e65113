// The /api/events/in websocket as Prefect's PrefectEventsClient uses it
// (src/prefect/events/clients.py): a bad frame or an invalid event ends only that
// client's socket (Prefect's handler fails: an abnormal close) while other clients
// keep streaming; the handshake's own failures close with 1008 and a reason; and
// after a dropped connection the client resends every unconfirmed event
// (PrefectEventsClient._reconnect), which the server stores once each.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { EventsSocket, eventually, isoPy, isoZ, replayEnv } from './replay.ts';

/** An event as emit_event builds it (events/utilities.py), `occurred` a minute ago plus `offset` seconds. */
function event(name: string, resourceId: string, offset = 0, extra: Record<string, unknown> = {}) {
  return {
    occurred: isoZ((Date.now() - 60_000 + offset * 1000) * 1000 + 123),
    event: name,
    resource: { 'prefect.resource.id': resourceId },
    related: [],
    payload: {},
    id: randomUUID(),
    follows: null,
    ...extra,
  };
}

/** The task-run events of one task run outside any flow run (task_engine.py set_state → emit_task_run_state_change_event). */
function taskRunEvents(taskRunId: string) {
  const base = (Date.now() - 60_000) * 1000 + 321;
  const at = [base, base + 2_345, base + 20_111];
  const steps = [
    { type: 'PENDING', name: 'Pending', run_count: 0 },
    { type: 'RUNNING', name: 'Running', run_count: 1 },
    { type: 'COMPLETED', name: 'Completed', run_count: 1 },
  ];
  const ids = steps.map(() => randomUUID());
  return steps.map((s, i) => ({
    occurred: isoZ(at[i]),
    event: `prefect.task-run.${s.name}`,
    resource: {
      'prefect.resource.id': `prefect.task-run.${taskRunId}`,
      'prefect.resource.name': 'solo',
      'prefect.run-count': String(s.run_count),
      'prefect.state-message': '',
      'prefect.state-name': s.name,
      'prefect.state-timestamp': isoPy(at[i]),
      'prefect.state-type': s.type,
      'prefect.orchestration': 'client',
    },
    related: [],
    payload: {
      intended: { from: i === 0 ? null : steps[i - 1].type, to: s.type },
      initial_state: i === 0 ? null : { type: steps[i - 1].type, name: steps[i - 1].name, message: '', state_details: {} },
      validated_state: { type: s.type, name: s.name, message: '', state_details: {}, data: null },
      task_run: {
        name: 'solo',
        task_key: 'solo-0a1b2c3d',
        dynamic_key: `solo-0a1b2c3d-${taskRunId.replaceAll('-', '')}`,
        empirical_policy: { max_retries: 0, retry_delay_seconds: 0.0, retries: 0, retry_delay: 0 },
        tags: [],
        labels: {},
        task_inputs: {},
        run_count: s.run_count,
        flow_run_run_count: 0,
        expected_start_time: isoZ(at[0]),
        ...(i > 0 ? { start_time: isoZ(at[1]) } : {}),
        ...(i > 1 ? { end_time: isoZ(at[2]) } : {}),
        total_run_time: i > 1 ? (at[2] - at[1]) / 1e6 : 0.0,
      },
    },
    id: ids[i],
    follows: i === 0 ? null : ids[i - 1],
  }));
}

describeEachDatabase(
  'SDK replay: the events-in socket',
  (server) => {
    const stored = async (ids: string[]) =>
      (await server().rest('POST', '/events/filter', { filter: { id: { id: ids }, order: 'ASC' }, limit: 50 })).body as { total: number; events: { id: string }[] };

    /** Event ids the sockets delivered; the last test checks the persister stored each once. */
    const delivered: string[] = [];
    /** A task run exists once the recorder has seen its Pending event: the probe of "this event got through". */
    const recorded = async (taskRunId: string) => expect((await server().rest('GET', `/task_runs/${taskRunId}`)).status).toBe(200);

    it('a non-JSON frame closes only that client’s socket; another client keeps streaming', async () => {
      const bad = await EventsSocket.open(server());
      const good = await EventsSocket.open(server());
      const [before] = taskRunEvents(randomUUID());
      await bad.send(before);
      await bad.send('{"occurred": oops');
      const { code } = await bad.closed;
      expect(code).not.toBe(1000);

      const [after] = taskRunEvents(randomUUID());
      await good.send(after);
      await good.ping();
      expect(good.isClosed).toBe(false);
      delivered.push(before.id, after.id);
      await eventually(server, async () => {
        await recorded(before.resource['prefect.resource.id'].slice('prefect.task-run.'.length));
        await recorded(after.resource['prefect.resource.id'].slice('prefect.task-run.'.length));
      });
      await good.close();
    });

    it('an invalid event (no prefect.resource.id, a related resource without a role, a bad id) closes only that socket; what it sent before is kept', async () => {
      for (const invalid of [
        { ...event('sdk.replay.invalid', 'x'), resource: { 'prefect.resource.name': 'no id' } },
        { ...event('sdk.replay.invalid', `prefect.replay.${randomUUID()}`), related: [{ 'prefect.resource.id': 'prefect.flow.1' }] },
        { ...event('sdk.replay.invalid', `prefect.replay.${randomUUID()}`), id: 'not-a-uuid' },
      ]) {
        const bad = await EventsSocket.open(server());
        const good = await EventsSocket.open(server());
        const [first] = taskRunEvents(randomUUID());
        await bad.send(first);
        await bad.send(invalid);
        expect((await bad.closed).code).not.toBe(1000);
        const [other] = taskRunEvents(randomUUID());
        await good.send(other);
        await good.ping();
        expect(good.isClosed).toBe(false);
        delivered.push(first.id, other.id);
        await eventually(server, async () => {
          await recorded(first.resource['prefect.resource.id'].slice('prefect.task-run.'.length));
          await recorded(other.resource['prefect.resource.id'].slice('prefect.task-run.'.length));
        });
        await good.close();
      }
    });

    it('the auth exchange: a first message that is not auth closes with 1008 "Expected \'auth\' message"; a token is accepted when no auth string is set', async () => {
      const socket = await EventsSocket.connect(server());
      await socket.ping();
      await socket.send(event('sdk.replay.too-early', `prefect.replay.${randomUUID()}`));
      expect(await socket.closed).toEqual({ code: 1008, reason: "Expected 'auth' message" });

      const withToken = await EventsSocket.open(server(), 'user:pass');
      await withToken.send(event('sdk.replay.token', `prefect.replay.${randomUUID()}`));
      await withToken.ping();
      expect(withToken.isClosed).toBe(false);
      await withToken.close();
    });

    it('resending unconfirmed events after a dropped connection stores each event once (events and task-run states)', async () => {
      const taskRunId = randomUUID();
      const [pending, running, completed] = taskRunEvents(taskRunId);
      const heartbeat = event('prefect.flow-run.heartbeat', `prefect.flow-run.${randomUUID()}`, 1);

      // Sent, never confirmed by a ping: the connection drops (no close frame).
      const first = await EventsSocket.open(server());
      await first.send(pending);
      await first.send(running);
      await first.send(heartbeat);
      await new Promise((r) => setTimeout(r, 200));
      first.drop();
      await first.closed;

      // _reconnect(): connect, ping, auth, then resend every unconfirmed event, then the next one.
      const second = await EventsSocket.open(server());
      for (const e of [pending, running, heartbeat, completed]) await second.send(e);
      await second.ping();

      delivered.push(pending.id, running.id, heartbeat.id, completed.id);
      const states = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_run_states/?task_run_id=${taskRunId}`);
        expect(answer.body).toHaveLength(3);
        return answer.body as { id: string; name: string }[];
      });
      expect(states.map((s) => [s.id, s.name])).toEqual([
        [pending.id, 'Pending'],
        [running.id, 'Running'],
        [completed.id, 'Completed'],
      ]);
      const run = (await server().rest('GET', `/task_runs/${taskRunId}`)).body;
      expect(run).toMatchObject({ id: taskRunId, flow_run_id: null, state_name: 'Completed', run_count: 1, task_key: 'solo-0a1b2c3d' });

      // Resending the same ids again later (a second reconnect) still changes nothing.
      const third = await EventsSocket.open(server());
      for (const e of [pending, running, completed]) await third.send(e);
      await third.ping();
      await server().events.drain();
      await new Promise((r) => setTimeout(r, 200));
      await server().events.drain();
      expect((await server().rest('GET', `/task_run_states/?task_run_id=${taskRunId}`)).body).toHaveLength(3);
      await second.close();
      await third.close();
    });

    it('task-run events arriving out of order (two clients, or a resend behind newer events) end at the latest state, with every state kept', async () => {
      const taskRunId = randomUUID();
      const [pending, running, completed] = taskRunEvents(taskRunId);
      const a = await EventsSocket.open(server());
      const b = await EventsSocket.open(server());
      await a.send(completed);
      await a.ping();
      await server().events.drain();
      await b.send(pending);
      await b.send(running);
      await b.ping();
      const run = await eventually(server, async () => {
        const states = (await server().rest('GET', `/task_run_states/?task_run_id=${taskRunId}`)).body;
        expect(states.map((s: { name: string }) => s.name)).toEqual(['Pending', 'Running', 'Completed']);
        return (await server().rest('GET', `/task_runs/${taskRunId}`)).body;
      });
      // The row is the Completed event's: older events add their states and change no column.
      expect(run).toMatchObject({ state_id: completed.id, state_name: 'Completed', run_count: 1, end_time: expect.any(String), start_time: expect.any(String) });
      expect(run.total_run_time).toBeCloseTo((completed.payload.task_run as { total_run_time: number }).total_run_time, 2);
      await a.close();
      await b.close();
    });

    it('the persister stored every delivered event once, resent ones included (POST /events/filter)', async () => {
      expect(delivered.length).toBeGreaterThanOrEqual(12);
      await eventually(server, async () => {
        const page = await stored(delivered);
        expect(page.total).toBe(delivered.length);
        expect(page.events.map((e) => e.id).sort()).toEqual([...delivered].sort());
      });
    });

    it('a server with live sockets still answers HTTP, and a new client can connect after the failures', async () => {
      const socket = await EventsSocket.open(server());
      expect((await server().rest('GET', '/health')).status).toBe(200);
      await socket.close();
    });
  },
  replayEnv,
);

describeEachDatabase(
  'SDK replay: the events-in socket behind an auth string',
  (server) => {
    it('the SDK’s handshake with PREFECT_API_AUTH_STRING succeeds: token = the raw auth string', async () => {
      const socket = await EventsSocket.open(server(), 'user:pass');
      const [pending] = taskRunEvents(randomUUID());
      await socket.send(pending);
      await socket.ping();
      expect(socket.isClosed).toBe(false);
      await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${pending.resource['prefect.resource.id'].slice('prefect.task-run.'.length)}`, undefined, {
          authorization: `Basic ${Buffer.from('user:pass').toString('base64')}`,
        });
        expect(answer.status).toBe(200);
      });
      await socket.close();
    });

    it('a missing or wrong token closes with 1008 and Prefect’s reason; without the subprotocol the upgrade is refused with 403', async () => {
      for (const [token, reason] of [
        [null, 'Auth required but no token provided'],
        ['', 'Auth required but no token provided'],
        ['user:wrong', 'Invalid token'],
      ] as const) {
        const socket = await EventsSocket.connect(server());
        await socket.ping();
        await socket.send({ type: 'auth', token });
        expect(await socket.closed).toEqual({ code: 1008, reason });
      }
      await expect(EventsSocket.connect(server(), [])).rejects.toThrow('HTTP 403');
    });
  },
  { ...replayEnv, PREFECT_SERVER_API_AUTH_STRING: 'user:pass' },
);
