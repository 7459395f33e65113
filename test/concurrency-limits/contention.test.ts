// Exact slot counts under contention: concurrent acquirers never hold more
// slots than a limit allows, and every release is counted once.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createLimit, createTaskRun, setTaskState, storedLimit, unique } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase('concurrency limits under contention', (server) => {
  it('20 concurrent increment-with-lease on a 3-slot limit: exactly 3 succeed', async () => {
    const limit = await createLimit(server(), { name: unique('c3'), limit: 3 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, lease_duration: 60 })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 423)).toHaveLength(17);
    expect((await storedLimit(server(), limit.id)).active_slots).toBe(3);
    expect(await server().db.concurrencyLease.count({ where: { resource_ids: { equals: [limit.id] } } })).toBe(3);
    // Concurrent releases: each lease gives back exactly its slot.
    const leases = answers.filter((a) => a.status === 200).map((a) => a.body.lease_id as string);
    await Promise.all([...leases, ...leases].map((lease_id) => server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id })));
    expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
  });

  it('20 workers acquiring and releasing in rounds never hold more than 3 at once', async () => {
    const limit = await createLimit(server(), { name: unique('rounds'), limit: 3 });
    let held = 0;
    let maxHeld = 0;
    let acquired = 0;
    let maxStored = 0;
    const worker = async () => {
      for (let round = 0; round < 4; round++) {
        const res = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, lease_duration: 60 });
        if (res.status !== 200) {
          expect(res.status).toBe(423);
          await sleep(5 + Math.random() * 10);
          continue;
        }
        held += 1;
        acquired += 1;
        maxHeld = Math.max(maxHeld, held);
        maxStored = Math.max(maxStored, (await storedLimit(server(), limit.id)).active_slots);
        await sleep(Math.random() * 10);
        held -= 1;
        const released = await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: res.body.lease_id });
        expect(released.status).toBe(204);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(acquired).toBeGreaterThanOrEqual(3);
    expect(maxHeld).toBeLessThanOrEqual(3);
    expect(maxStored).toBeLessThanOrEqual(3);
    expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
    expect(await server().db.concurrencyLease.count({ where: { resource_ids: { equals: [limit.id] } } })).toBe(0);
  });

  it('several limits at once: all-or-nothing without deadlocks', async () => {
    const a = await createLimit(server(), { name: unique('ma'), limit: 3 });
    const b = await createLimit(server(), { name: unique('mb'), limit: 5 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server().rest('POST', '/v2/concurrency_limits/increment', { names: i % 2 ? [a.name, b.name] : [b.name, a.name], slots: 1 })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.every((r) => r.status === 200 || r.status === 423)).toBe(true);
    expect((await storedLimit(server(), a.id)).active_slots).toBe(3);
    expect((await storedLimit(server(), b.id)).active_slots).toBe(3);
  });

  it('20 concurrent v1 increments on a 3-slot tag: exactly 3 holders', async () => {
    const tag = unique('v1c');
    const { body: created } = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 3 });
    const runs = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const answers = await Promise.all(runs.map((task_run_id) => server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toHaveLength(3);
    expect((await storedLimit(server(), created.id)).active_slots).toBe(3);
  });

  describe('through task-run orchestration', () => {
    it('20 task runs entering RUNNING together on a 3-slot tag: 3 ACCEPT, 17 WAIT', async () => {
      const tag = unique('orch');
      const { body: created } = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 3 });
      const runs = [];
      for (let i = 0; i < 20; i++) runs.push(await createTaskRun(server(), [tag]));
      const answers = await Promise.all(runs.map((run) => setTaskState(server(), run.id, 'RUNNING')));
      expect(answers.filter((a) => a.body.status === 'ACCEPT')).toHaveLength(3);
      expect(answers.filter((a) => a.body.status === 'WAIT')).toHaveLength(17);
      expect((await storedLimit(server(), created.id)).active_slots).toBe(3);
      const holders = (await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots as string[];
      const accepted = runs.filter((_, i) => answers[i].body.status === 'ACCEPT').map((r) => r.id);
      expect([...holders].sort()).toEqual([...accepted].sort());
      // Completing them all together gives every slot back.
      await Promise.all(accepted.map((id) => setTaskState(server(), id, 'COMPLETED')));
      expect((await storedLimit(server(), created.id)).active_slots).toBe(0);
    });
  });
});
