// Pool queues over REST and GraphQL (§4.3, §4.6 priorities, §5.3 status rules).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { captureEvents, createPool, createQueue, priorities, unique } from './helpers.ts';

const detail = (status: number, text: string) => ({ status, body: { detail: text } });

describeEachDatabase('work pool queues', (server) => {
  it('creates queues in the first free priority, or shifts for a given one', async () => {
    const pool = await createPool(server(), { name: unique('prio') });
    const q2 = await createQueue(server(), pool.name, { name: 'two' });
    expect(q2).toMatchObject({
      name: 'two',
      priority: 2,
      description: '',
      is_paused: false,
      status: 'NOT_READY',
      work_pool_name: pool.name,
      concurrency_limit: null,
      last_polled: null,
    });
    await createQueue(server(), pool.name, { name: 'ninety-nine', priority: 99 });
    expect(await priorities(server(), pool.name)).toEqual({ default: 1, two: 2, 'ninety-nine': 99 });
    await createQueue(server(), pool.name, { name: 'three' });
    expect(await priorities(server(), pool.name)).toEqual({ default: 1, two: 2, three: 3, 'ninety-nine': 99 });
    // [1,2,3,99] + new 2 → new=2, old 2→3, old 3→4, 99 stays.
    await createQueue(server(), pool.name, { name: 'new', priority: 2 });
    expect(await priorities(server(), pool.name)).toEqual({ default: 1, new: 2, two: 3, three: 4, 'ninety-nine': 99 });
    // Filter answers by priority.
    const listed = await server().rest('POST', `/work_pools/${pool.name}/queues/filter`, {});
    expect(listed.body.map((q: any) => q.name)).toEqual(['default', 'new', 'two', 'three', 'ninety-nine']);
    // PATCH with a priority shifts too; deletion leaves gaps.
    expect((await server().rest('PATCH', `/work_pools/${pool.name}/queues/three`, { priority: 1 })).status).toBe(204);
    expect(await priorities(server(), pool.name)).toEqual({ three: 1, default: 2, new: 3, two: 4, 'ninety-nine': 99 });
    expect((await server().rest('DELETE', `/work_pools/${pool.name}/queues/new`)).status).toBe(204);
    expect(await priorities(server(), pool.name)).toEqual({ three: 1, default: 2, two: 4, 'ninety-nine': 99 });
    await createQueue(server(), pool.name, { name: 'gap' });
    expect((await priorities(server(), pool.name)).gap).toBe(3);
  });

  it('20 concurrent creates with priorities end with unique priorities', async () => {
    const pool = await createPool(server(), { name: unique('race') });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server().rest('POST', `/work_pools/${pool.name}/queues`, { name: `q${i}`, ...(i % 3 === 0 ? {} : { priority: (i % 4) + 1 }) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const values = Object.values(await priorities(server(), pool.name));
    expect(values).toHaveLength(21);
    expect(new Set(values).size).toBe(21);
    // Two creates of one name: one 201, one 409.
    const same = await Promise.all([0, 1].map(() => server().rest('POST', `/work_pools/${pool.name}/queues`, { name: 'same' })));
    expect(same.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('errors: 404s, duplicates, bad bodies, the default queue', async () => {
    const pool = await createPool(server(), { name: unique('err') });
    expect(await server().rest('POST', '/work_pools/missing-pool/queues', { name: 'a' })).toMatchObject(detail(404, 'Work pool "missing-pool" not found.'));
    expect(await server().rest('POST', `/work_pools/${pool.name}/queues`, { name: 'default' })).toMatchObject(
      detail(409, 'A work queue with this name already exists in work pool {work_pool_name!r}.'),
    );
    expect(await server().rest('GET', `/work_pools/${pool.name}/queues/nope`)).toMatchObject(detail(404, `Work pool queue '${pool.name}/nope' not found.`));
    expect(await server().rest('GET', '/work_pools/missing-pool/queues/default')).toMatchObject(detail(404, "Work pool queue 'missing-pool/default' not found."));
    expect(await server().rest('POST', '/work_pools/missing-pool/queues/filter', {})).toMatchObject(detail(404, 'Work pool "missing-pool" not found.'));
    expect(await server().rest('PATCH', '/work_pools/missing-pool/queues/default', { description: 'x' })).toMatchObject(detail(404, 'Work pool "missing-pool" not found.'));
    expect(await server().rest('PATCH', `/work_pools/${pool.name}/queues/nope`, { description: 'x' })).toMatchObject(detail(404, `Work pool queue '${pool.name}/nope' not found.`));
    expect(await server().rest('DELETE', `/work_pools/${pool.name}/queues/nope`)).toMatchObject(detail(404, `Work pool queue '${pool.name}/nope' not found.`));
    const zero = await server().rest('POST', `/work_pools/${pool.name}/queues`, { name: 'z', priority: 0 });
    expect(zero.status).toBe(422);
    expect(zero.body.exception_detail[0]).toMatchObject({ type: 'greater_than', loc: ['body', 'priority'], msg: 'Input should be greater than 0' });
    const negative = await server().rest('POST', `/work_pools/${pool.name}/queues`, { name: 'z', concurrency_limit: -1 });
    expect(negative.status).toBe(422);
    const badName = await server().rest('POST', `/work_pools/${pool.name}/queues`, { name: 'a/b' });
    expect(badName.body.exception_detail[0].msg).toBe("String should match pattern '^[^/%&><]+$'");
    const nullPaused = await server().rest('PATCH', `/work_pools/${pool.name}/queues/default`, { is_paused: null });
    expect(nullPaused.status).toBe(422);
    expect(nullPaused.body.exception_detail[0]).toMatchObject({ loc: ['body', 'is_paused'], msg: 'Input should be a valid boolean' });
    const deleteDefault = await server().rest('DELETE', `/work_pools/${pool.name}/queues/default`);
    expect(deleteDefault.status).toBe(409);
    expect(deleteDefault.body.detail).toContain('cannot be deleted');
    // The default queue can be renamed, and still not deleted.
    expect((await server().rest('PATCH', `/work_pools/${pool.name}/queues/default`, { name: 'main' })).status).toBe(204);
    expect((await server().rest('DELETE', `/work_pools/${pool.name}/queues/main`)).status).toBe(409);
    expect((await server().rest('GET', `/work_pools/${pool.name}`)).body.default_queue_id).toBe((await server().rest('GET', `/work_pools/${pool.name}/queues/main`)).body.id);
    // Renaming onto a taken name: Prefect's integrity conflict.
    await createQueue(server(), pool.name, { name: 'other' });
    expect((await server().rest('PATCH', `/work_pools/${pool.name}/queues/other`, { name: 'main' })).status).toBe(409);
  });

  it('status rules: created NOT_READY even paused; pause/unpause by last_polled', async () => {
    const pool = await createPool(server(), { name: unique('st') });
    const paused = await createQueue(server(), pool.name, { name: 'p', is_paused: true });
    expect(paused).toMatchObject({ is_paused: true, status: 'NOT_READY' });
    const events = captureEvents(server());
    const patch = (body: object) => server().rest('PATCH', `/work_pools/${pool.name}/queues/default`, body);
    const status = async () => (await server().rest('GET', `/work_pools/${pool.name}/queues/default`)).body.status;
    await patch({ is_paused: true });
    expect(await status()).toBe('PAUSED');
    await patch({ is_paused: true }); // no change, no event
    await patch({ is_paused: false });
    expect(await status()).toBe('NOT_READY');
    // A PATCH without is_paused leaves the status, however recent its last_polled.
    await patch({ last_polled: new Date().toISOString() });
    expect(await status()).toBe('NOT_READY');
    await patch({ is_paused: true });
    await patch({ is_paused: false, last_polled: new Date().toISOString() });
    expect(await status()).toBe('READY');
    await patch({ is_paused: false });
    expect(await status()).toBe('READY');
    await patch({ is_paused: true });
    // The body's last_polled decides over the stored (recent) one.
    await patch({ is_paused: false, last_polled: new Date(Date.now() - 3600_000).toISOString() });
    expect(await status()).toBe('NOT_READY');
    await patch({ description: 'changed', concurrency_limit: 3 });
    await patch({ description: 'changed' });
    // Only this queue's events (the foreman may move other queues meanwhile).
    const seen = (await events.named('prefect.work-queue.')).filter((e) => e.resource['prefect.resource.id'] === `prefect.work-queue.${pool.default_queue_id}`);
    expect(seen.map((e) => e.event)).toEqual([
      'prefect.work-queue.paused',
      'prefect.work-queue.not-ready',
      'prefect.work-queue.paused',
      'prefect.work-queue.ready',
      'prefect.work-queue.paused',
      'prefect.work-queue.not-ready',
      'prefect.work-queue.updated',
    ]);
    expect(seen[6].payload).toEqual({
      updated_fields: ['description', 'concurrency_limit'],
      updates: { description: { from: "The work pool's default queue.", to: 'changed' }, concurrency_limit: { from: null, to: 3 } },
    });
    expect(seen[6].related[0]).toMatchObject({
      'prefect.resource.id': `prefect.work-pool.${pool.id}`,
      'prefect.resource.role': 'work-pool',
      'prefect.work-pool.type': 'prefect-agent',
    });
    events.stop();
  });

  it('filter: name any_ and case-insensitive startswith_', async () => {
    const pool = await createPool(server(), { name: unique('flt') });
    for (const name of ['alpha', 'Alpine', 'beta']) await createQueue(server(), pool.name, { name });
    const names = async (work_queues: object) => (await server().rest('POST', `/work_pools/${pool.name}/queues/filter`, { work_queues })).body.map((q: any) => q.name);
    expect(await names({ name: { startswith_: ['al'] } })).toEqual(['alpha', 'Alpine']);
    expect(await names({ name: { any_: ['beta'] } })).toEqual(['beta']);
    expect(await names({ operator: 'or_', name: { any_: ['beta'] }, id: { any_: [] } })).toEqual(['beta']);
    expect(await names({ name: { startswith_: [] } })).toEqual(['default', 'alpha', 'Alpine', 'beta']);
    const page = await server().rest('POST', `/work_pools/${pool.name}/queues/filter`, { limit: 2, offset: 1 });
    expect(page.body.map((q: any) => q.name)).toEqual(['alpha', 'Alpine']);
  });

  it('GraphQL: create, read, update, delete pool queues', async () => {
    const pool = await createPool(server(), { name: unique('gq') });
    const created = await server().gql(
      `mutation { create_work_pool_queue(work_pool_name: "${pool.name}", work_queue: { name: "g", priority: 1, concurrency_limit: 2 }) { name priority active_slots work_pool_name } }`,
    );
    expect(created.data).toEqual({ create_work_pool_queue: { name: 'g', priority: 1, active_slots: 0, work_pool_name: pool.name } });
    const list = await server().gql(
      `{ read_work_pool_queues(work_pool_name: "${pool.name}") { name priority } read_work_pool_queue(work_pool_name: "${pool.name}", name: "default") { priority } }`,
    );
    expect(list.data).toEqual({
      read_work_pool_queues: [
        { name: 'g', priority: 1 },
        { name: 'default', priority: 2 },
      ],
      read_work_pool_queue: { priority: 2 },
    });
    expect((await server().gql(`mutation { update_work_pool_queue(work_pool_name: "${pool.name}", name: "g", work_queue: { priority: 5 }) }`)).data).toEqual({
      update_work_pool_queue: true,
    });
    expect((await server().gql(`mutation { delete_work_pool_queue(work_pool_name: "${pool.name}", name: "g") }`)).data).toEqual({ delete_work_pool_queue: true });
    const refused = await server().gql(`mutation { delete_work_pool_queue(work_pool_name: "${pool.name}", name: "default") }`);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 409 });
  });
});
