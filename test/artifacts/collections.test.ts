// "Latest per key" (artifacts §4): the collection moves with each new version,
// never backwards; PATCH of the latest rewrites its copy; deleting the latest
// falls back to the newest remaining version or removes the collection; the
// collection events (§4.4) are published after commit.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from '../events-emitted/support.ts';
import { MISSING, create, post, uniqueKey } from './support.ts';

describeEachDatabase('artifact collections', (server) => {
  const { emitted } = useCollector(server);
  const collectionOf = async (key: string) => (await post(server(), '/artifacts/latest/filter', { artifacts: { key: { any_: [key] } } }))[0];

  it('first keyed create inserts the collection (created = updated = the artifact time); the next moves it, nulls included', async () => {
    const key = uniqueKey('move');
    const first = await create(server(), { key, type: 'table', description: 'one', data: [1], metadata_: { a: 'b' }, flow_run_id: MISSING });
    let c = await collectionOf(key);
    expect(c).toMatchObject({ key, latest_id: first.id, type: 'table', description: 'one', data: [1], metadata_: { a: 'b' }, flow_run_id: MISSING, task_run_id: null });
    expect([c.created, c.updated]).toEqual([first.created, first.created]);
    const second = await create(server(), { key, data: 'two' });
    const moved = await collectionOf(key);
    expect(moved).toMatchObject({
      id: c.id,
      created: c.created,
      updated: second.created,
      latest_id: second.id,
      type: null,
      description: null,
      data: 'two',
      metadata_: null,
      flow_run_id: null,
    });
    c = moved;
    expect(await post(server(), '/artifacts/latest/count', { artifacts: { key: { any_: [key] } } })).toBe(1);
    expect(await post(server(), '/artifacts/count', { artifacts: { key: { any_: [key] } } })).toBe(2);
  });

  it('unkeyed artifacts never touch collections; the key "" has one', async () => {
    const before = await post(server(), '/artifacts/latest/count');
    await create(server(), { data: 1 });
    expect(await post(server(), '/artifacts/latest/count')).toBe(before);
    const empty = await create(server(), { key: '' });
    expect((await collectionOf('')).latest_id).toBe(empty.id);
  });

  it('PATCH of the latest rewrites the collection copy (not the latest pointer); of an older version leaves it', async () => {
    const key = uniqueKey('patch');
    const old = await create(server(), { key, data: 'old' });
    const latest = await create(server(), { key, data: 'new', description: 'd' });
    const before = await collectionOf(key);
    expect((await server().rest('PATCH', `/artifacts/${old.id}`, { data: 'changed' })).status).toBe(204);
    expect(await collectionOf(key)).toEqual(before);
    expect((await server().rest('PATCH', `/artifacts/${latest.id}`, { data: { v: 2 }, metadata_: { m: 'x' } })).status).toBe(204);
    const after = await collectionOf(key);
    expect(after).toMatchObject({ latest_id: latest.id, data: { v: 2 }, metadata_: { m: 'x' }, description: 'd', created: before.created });
    expect(after.updated >= before.updated).toBe(true);
    expect((await server().rest('GET', `/artifacts/${key}/latest`)).body.data).toEqual({ v: 2 });
  });

  it('deleting the latest falls back to the newest remaining version, taking its values and times; then removes the collection', async () => {
    const key = uniqueKey('fallback');
    const v1 = await create(server(), { key, data: 1, type: 't1', flow_run_id: MISSING });
    const v2 = await create(server(), { key, data: 2 });
    const v3 = await create(server(), { key, data: 3 });
    const c = await collectionOf(key);
    // An older version: nothing moves.
    expect((await server().rest('DELETE', `/artifacts/${v2.id}`)).status).toBe(204);
    expect(await collectionOf(key)).toEqual(c);
    expect((await server().rest('DELETE', `/artifacts/${v3.id}`)).status).toBe(204);
    expect(await collectionOf(key)).toEqual({ ...c, latest_id: v1.id, data: 1, type: 't1', flow_run_id: MISSING, created: v1.created, updated: v1.updated });
    expect((await server().rest('DELETE', `/artifacts/${v1.id}`)).status).toBe(204);
    expect(await collectionOf(key)).toBeUndefined();
    expect((await server().rest('GET', `/artifacts/${key}/latest`)).status).toBe(404);
    // The key starts over with a new collection.
    const again = await create(server(), { key });
    const fresh = await collectionOf(key);
    expect(fresh.id).not.toBe(c.id);
    expect(fresh.latest_id).toBe(again.id);
  });

  it('50 concurrent creates on one key end with the newest (created, then id) as latest', async () => {
    const key = uniqueKey('race');
    const made = await Promise.all(Array.from({ length: 50 }, (_, i) => create(server(), { key, data: i })));
    const newest = await post(server(), '/artifacts/filter', { artifacts: { key: { any_: [key] } }, sort: 'CREATED_DESC', limit: 1 });
    const c = await collectionOf(key);
    expect(made.map((a) => a.id)).toContain(c.latest_id);
    expect(c.latest_id).toBe(newest[0].id);
    expect(c.latest_id).toBe(
      made
        .map((a) => a.id)
        .sort()
        .at(-1),
    );
    expect(c.data).toBe(newest[0].data);
    expect(await post(server(), '/artifacts/latest/count', { artifacts: { key: { any_: [key] } } })).toBe(1);
  });

  it('events: created for a new key, updated for a new version and for a fallback, deleted with the last; none otherwise', async () => {
    const key = uniqueKey('events');
    let v1!: any;
    const created = await emitted(async () => (v1 = await create(server(), { key, type: 'markdown', data: { a: 1 }, description: 'x', flow_run_id: MISSING })), 'prefect.artifact');
    const c = await collectionOf(key);
    expect(created).toEqual([
      {
        occurred: expect.any(Date),
        event: 'prefect.artifact-collection.created',
        resource: { 'prefect.resource.id': `prefect.artifact-collection.${c.id}`, 'prefect.resource.name': key },
        related: [
          { 'prefect.resource.id': `prefect.artifact.${v1.id}`, 'prefect.resource.role': 'latest' },
          { 'prefect.resource.id': `prefect.flow-run.${MISSING}`, 'prefect.resource.role': 'flow-run' },
        ],
        payload: { key, type: 'markdown', data: { a: 1 }, description: 'x' },
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        follows: null,
        received: expect.any(Date),
      },
    ]);
    let v2!: any;
    const updated = await emitted(async () => (v2 = await create(server(), { key, task_run_id: MISSING })), 'prefect.artifact');
    expect(updated.map((e) => [e.event, e.related])).toEqual([
      [
        'prefect.artifact-collection.updated',
        [
          { 'prefect.resource.id': `prefect.artifact.${v2.id}`, 'prefect.resource.role': 'latest' },
          { 'prefect.resource.id': `prefect.task-run.${MISSING}`, 'prefect.resource.role': 'task-run' },
        ],
      ],
    ]);
    expect(await emitted(() => server().rest('PATCH', `/artifacts/${v2.id}`, { data: 3 }), 'prefect.artifact')).toEqual([]);
    expect(await emitted(() => create(server(), { data: 1 }), 'prefect.artifact')).toEqual([]);
    const fellBack = await emitted(() => server().rest('DELETE', `/artifacts/${v2.id}`), 'prefect.artifact');
    expect(fellBack.map((e) => [e.event, e.payload])).toEqual([['prefect.artifact-collection.updated', { key, type: 'markdown', data: { a: 1 }, description: 'x' }]]);
    const deleted = await emitted(() => server().rest('DELETE', `/artifacts/${v1.id}`), 'prefect.artifact');
    expect(deleted.map((e) => [e.event, e.resource['prefect.resource.id']])).toEqual([['prefect.artifact-collection.deleted', `prefect.artifact-collection.${c.id}`]]);
    expect(await emitted(() => server().rest('DELETE', `/artifacts/${v1.id}`), 'prefect.artifact')).toEqual([]);
  });
});
