// Replays what Prefect's SDK calls for two task runs under `with tags("x")` with a
// tag concurrency limit of 1 (fixtures/sdk-tag-concurrency.json): increment-with-lease
// (a 423 with Retry-After for the second while the first holds the slot), lease
// renewal, decrement-with-lease, and the concurrency-limit events. Checks the slot
// is held while the lease is, and released afterwards, as a Prefect server reports it.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { Replay, eventually, loadFixture, replayEnv } from './replay.ts';

const fixture = loadFixture('sdk-tag-concurrency.json');

describeEachDatabase(
  'SDK replay: tag concurrency with leases',
  (server) => {
    let replay: Replay;
    const seen: Record<string, { v2: any; v1: any }> = {};
    const read = async () => ({
      v2: (await server().rest('GET', '/v2/concurrency_limits/tag:x')).body,
      v1: (await server().rest('GET', '/concurrency_limits/tag/x')).body,
    });

    beforeAll(async () => {
      replay = new Replay(server, fixture);
      await replay.runUntil('a-holds-the-slot');
      seen.held = await read();
      await replay.runUntil('a-released');
      seen.between = await read();
      await replay.runAll();
      seen.after = await read();
    }, 60_000);

    it('answers every call of the recording as a Prefect server does (200 / 423 + Retry-After / 204)', () => {
      expect(replay.failures).toEqual([]);
      const calls = replay.answers.filter((a) => a.step.http!.path.startsWith('/v2/concurrency_limits/'));
      expect(calls.map((a) => `${a.step.http!.path.replace(/leases\/[^/]+/, 'leases/{id}')} ${a.answer.status}`)).toEqual([
        '/v2/concurrency_limits/increment-with-lease 200',
        '/v2/concurrency_limits/increment-with-lease 423',
        '/v2/concurrency_limits/leases/{id}/renew 204',
        '/v2/concurrency_limits/decrement-with-lease 204',
        '/v2/concurrency_limits/increment-with-lease 200',
        '/v2/concurrency_limits/leases/{id}/renew 204',
        '/v2/concurrency_limits/decrement-with-lease 204',
        '/v2/concurrency_limits/increment-with-lease 200',
      ]);
    });

    it('a tag without a limit: increment-with-lease answers a lease over nothing, and the task runs without a slot', async () => {
      const last = replay.answers.filter((a) => a.step.http!.path === '/v2/concurrency_limits/increment-with-lease').at(-1)!;
      expect(last.answer.body).toEqual({ lease_id: expect.any(String), limits: [] });
      expect((await server().rest('GET', '/v2/concurrency_limits/tag:y')).status).toBe(404);
      const run = await eventually(server, async () => {
        const answer = await server().rest('GET', `/task_runs/${replay.id('guarded-c')}`);
        expect(answer.body?.state_name).toBe('Completed');
        return answer.body;
      });
      expect(run.tags).toEqual(['y']);
    });

    it('acquires with a lease on the v2 row "tag:x" that the v1 create made', () => {
      const first = replay.answers.find((a) => a.step.http!.path === '/v2/concurrency_limits/increment-with-lease')!;
      expect(first.answer.body).toEqual({ lease_id: expect.any(String), limits: [{ id: replay.var('limit_id'), name: 'tag:x', limit: 1 }] });
      const locked = replay.answers.find((a) => a.answer.status === 423)!;
      expect(locked.answer.body).toEqual({ detail: 'Locked' });
      const retryAfter = Number(locked.answer.headers.get('retry-after'));
      // A tag: limit caps the wait at PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS (10) times the jitter's 1.3.
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(13);
    });

    it('holds the slot while the lease lives, for the holder task run only (the 423 took nothing) (GET /v2/concurrency_limits/tag:x, /concurrency_limits/tag/x)', () => {
      expect(seen.held.v2).toMatchObject({ name: 'tag:x', limit: 1, active_slots: 1, active: true });
      expect(seen.held.v1).toMatchObject({ tag: 'x', concurrency_limit: 1, active_slots: [replay.id('guarded-a')] });
      expect(seen.between.v2.active_slots).toBe(0);
      expect(seen.between.v1.active_slots).toEqual([]);
    });

    it('releases every slot afterwards', () => {
      expect(seen.after.v2).toMatchObject({ id: replay.var('limit_id'), name: 'tag:x', active_slots: 0 });
      expect(seen.after.v1).toMatchObject({ id: replay.var('limit_id'), tag: 'x', active_slots: [] });
    });

    it('a released lease is gone: renewing it answers 410', async () => {
      const answer = await server().rest('POST', `/v2/concurrency_limits/leases/${replay.var('guarded-a_lease')}/renew`, { lease_duration: 60 });
      expect(answer).toMatchObject({ status: 410, body: { detail: 'Lease not found - it may have expired or been revoked' } });
    });

    it('records both task runs with the tag, Completed (the recorder)', async () => {
      for (const who of ['guarded-a', 'guarded-b']) {
        const run = await eventually(server, async () => {
          const answer = await server().rest('GET', `/task_runs/${replay.id(who)}`);
          expect(answer.body?.state_name).toBe('Completed');
          return answer.body;
        });
        expect(run).toMatchObject({ tags: ['x'], run_count: 1, flow_run_id: replay.var('run') });
      }
      const tagged = (await server().rest('POST', '/task_runs/filter', { task_runs: { tags: { all_: ['x'] } } })).body;
      expect(tagged).toHaveLength(2);
    });

    it('persists the client’s prefect.concurrency-limit.acquired/released events, and the server’s created event', async () => {
      const limit = replay.var<string>('limit_id');
      const page = await eventually(server, async () => {
        const answer = await server().rest('POST', '/events/filter', { filter: { resource: { id: [`prefect.concurrency-limit.${limit}`] }, order: 'ASC' } });
        expect(answer.status).toBe(200);
        expect(answer.body.total).toBe(5);
        return answer.body as { events: Record<string, any>[] };
      });
      // (The replayed client events occurred two minutes before the replay ran, so the server's created event sorts last.)
      expect(page.events.map((e) => e.event).sort()).toEqual([
        'prefect.concurrency-limit.acquired',
        'prefect.concurrency-limit.acquired',
        'prefect.concurrency-limit.created',
        'prefect.concurrency-limit.released',
        'prefect.concurrency-limit.released',
      ]);
      const created = page.events.find((e) => e.event === 'prefect.concurrency-limit.created')!;
      expect(created.resource).toEqual({ 'prefect.resource.id': `prefect.concurrency-limit.${limit}`, 'prefect.resource.name': 'tag:x' });
      expect(created.payload).toMatchObject({ name: 'tag:x', limit: 1, active: true });
      const released = page.events.find((e) => e.id === replay.id('guarded-a-released-event'))!;
      expect(released.follows).toBe(replay.id('guarded-a-acquired-event'));
      expect(released.related.map((r: Record<string, string>) => r['prefect.resource.role'])).toEqual(['flow-run', 'task-run', 'flow', 'tag']);
    });
  },
  replayEnv,
);
