// Tag limits in task-run orchestration (logs-variables-concurrency §3.3):
// SecureTaskConcurrencySlots on entering RUNNING, ReleaseTaskConcurrencySlots
// after any other state is written (force included).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { createLimit, createTaskRun, setTaskState, storedLimit, unique } from './helpers.ts';

describeEachDatabase('tag limits in task-run orchestration', (server) => {
  const tagLimit = async (limit: number) => {
    const tag = unique('tag');
    const res = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: limit });
    return { tag, id: res.body.id as string };
  };

  it('RUNNING takes a slot (lease held by the task run); a full limit makes the next task WAIT', async () => {
    const { tag, id } = await tagLimit(1);
    const first = await createTaskRun(server(), [tag, 'untracked']);
    const running = await setTaskState(server(), first.id, 'RUNNING');
    expect(running.status).toBe(201);
    expect(running.body.status).toBe('ACCEPT');
    expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([first.id]);
    expect((await storedLimit(server(), id)).active_slots).toBe(1);

    const second = await createTaskRun(server(), [tag]);
    const waiting = await setTaskState(server(), second.id, 'RUNNING');
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: 'WAIT', details: { type: 'wait_details', reason: `Concurrency limit reached for tags: ${tag}` } });
    // Average occupancy 2.0 (under the 10 s cap): round(jitter(2.0)) is 2 or 3.
    expect([1, 2, 3]).toContain(waiting.body.details.delay_seconds);
    expect((await server().rest('GET', `/task_runs/${second.id}`)).body.state?.type).not.toBe('RUNNING');

    const done = await setTaskState(server(), first.id, 'COMPLETED');
    expect(done.body.status).toBe('ACCEPT');
    expect((await storedLimit(server(), id)).active_slots).toBe(0);
    expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([]);
    expect((await setTaskState(server(), second.id, 'RUNNING')).body.status).toBe('ACCEPT');
  });

  it('names every full tag in the reason; several limits are taken all or none', async () => {
    const a = await tagLimit(1);
    const b = await tagLimit(5);
    const holder = await createTaskRun(server(), [a.tag]);
    await setTaskState(server(), holder.id, 'RUNNING');
    const run = await createTaskRun(server(), [b.tag, a.tag]);
    const res = await setTaskState(server(), run.id, 'RUNNING');
    expect(res.body.status).toBe('WAIT');
    expect(res.body.details.reason).toBe(`Concurrency limit reached for tags: ${[a.tag, b.tag].sort().join(', ')}`);
    expect((await storedLimit(server(), b.id)).active_slots).toBe(0);
  });

  it('a zero limit ABORTs with Prefect’s reason', async () => {
    const { tag } = await tagLimit(0);
    const run = await createTaskRun(server(), [tag]);
    const res = await setTaskState(server(), run.id, 'RUNNING');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ABORT',
      details: { type: 'abort_details', reason: `The concurrency limit on tag "${tag}" is 0 and will deadlock if the task tries to run again.` },
    });
  });

  it('inactive limits and global (non-tag) limits are ignored', async () => {
    const { tag, id } = await tagLimit(1);
    await server().rest('PATCH', `/v2/concurrency_limits/${id}`, { active: false, active_slots: 1 });
    const run = await createTaskRun(server(), [tag]);
    expect((await setTaskState(server(), run.id, 'RUNNING')).body.status).toBe('ACCEPT');
    const global = await createLimit(server(), { name: unique('plain'), limit: 0 });
    const other = await createTaskRun(server(), [global.name]);
    expect((await setTaskState(server(), other.id, 'RUNNING')).body.status).toBe('ACCEPT');
  });

  it('a forced state releases the slot; FAILED and CANCELLED release, RUNNING → RUNNING takes another', async () => {
    const { tag, id } = await tagLimit(3);
    const run = await createTaskRun(server(), [tag]);
    await setTaskState(server(), run.id, 'RUNNING');
    await setTaskState(server(), run.id, 'RUNNING');
    expect((await storedLimit(server(), id)).active_slots).toBe(2);
    expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([run.id, run.id]);
    const forced = await setTaskState(server(), run.id, 'PENDING', { force: true });
    expect(forced.body.status).toBe('ACCEPT');
    expect((await storedLimit(server(), id)).active_slots).toBe(0);

    const failing = await createTaskRun(server(), [tag]);
    await setTaskState(server(), failing.id, 'RUNNING');
    await setTaskState(server(), failing.id, 'FAILED');
    expect((await storedLimit(server(), id)).active_slots).toBe(0);
  });

  it('a limit deleted or made inactive while held: the release answers normally (Prefect: 500)', async () => {
    const gone = await tagLimit(2);
    const kept = await tagLimit(2);
    const run = await createTaskRun(server(), [gone.tag, kept.tag]);
    await setTaskState(server(), run.id, 'RUNNING');
    expect((await server().rest('DELETE', `/v2/concurrency_limits/${gone.id}`)).status).toBe(204);
    const done = await setTaskState(server(), run.id, 'COMPLETED');
    expect(done.status).toBe(201);
    expect(done.body.status).toBe('ACCEPT');
    expect((await storedLimit(server(), kept.id)).active_slots).toBe(0);

    const paused = await tagLimit(2);
    const other = await createTaskRun(server(), [paused.tag]);
    await setTaskState(server(), other.id, 'RUNNING');
    await server().rest('PATCH', `/v2/concurrency_limits/${paused.id}`, { active: false });
    expect((await setTaskState(server(), other.id, 'COMPLETED')).status).toBe(201);
    // Inactive limits are not decremented; the lease is gone all the same.
    expect((await storedLimit(server(), paused.id)).active_slots).toBe(1);
    expect(await server().db.concurrencyLease.count({ where: { holder_id: other.id } })).toBe(0);
  });

  it('v1 increment by a client and task orchestration share the same slots', async () => {
    const { tag, id } = await tagLimit(1);
    const outside = '00000000-0000-4000-8000-0000000000ff';
    await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: outside });
    const run = await createTaskRun(server(), [tag]);
    expect((await setTaskState(server(), run.id, 'RUNNING')).body.status).toBe('WAIT');
    await server().rest('POST', '/concurrency_limits/decrement', { names: [tag], task_run_id: outside });
    expect((await setTaskState(server(), run.id, 'RUNNING')).body.status).toBe('ACCEPT');
    expect((await storedLimit(server(), id)).active_slots).toBe(1);
  });

  describe('GraphQL', () => {
    it('set_task_run_state answers WAIT through GraphQL too', async () => {
      const { tag } = await tagLimit(1);
      const a = await createTaskRun(server(), [tag]);
      const b = await createTaskRun(server(), [tag]);
      await setTaskState(server(), a.id, 'RUNNING');
      const res = await server().gql(
        `mutation($id: UUID!) { set_task_run_state(id: $id, state: {type: RUNNING}) { status details { ... on WaitDetails { delay_seconds reason } } } }`,
        { id: b.id },
      );
      expect(res.data).toMatchObject({ set_task_run_state: { status: 'WAIT', details: { reason: `Concurrency limit reached for tags: ${tag}` } } });
    });
  });
});
