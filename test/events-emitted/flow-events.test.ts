// prefect.flow.created / .updated / .deleted (events §4.3, Prefect's
// models/flows.py): emitted by the server after the write, never for a
// request that created, updated or deleted nothing.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { useCollector } from './support.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeEachDatabase('flow lifecycle events', (server) => {
  const { emitted } = useCollector(server);
  const flowEvent = (action: string, flow: { id: string; name: string }, tags: string[], labels: unknown) => ({
    occurred: expect.any(Date),
    event: `prefect.flow.${action}`,
    resource: { 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.name': flow.name },
    related: [],
    payload: { name: flow.name, tags, labels },
    id: expect.stringMatching(UUID7),
    follows: null,
    received: expect.any(Date),
  });

  describe('over REST', () => {
    it('created once: a second create of the name (200) emits nothing', async () => {
      let flow!: { id: string; name: string };
      const before = Date.now();
      const events = await emitted(async () => {
        const res = await server().rest('POST', '/flows/', { name: 'lifecycle', tags: ['a', 'b'], labels: { team: 'data', n: 1 } });
        expect(res.status).toBe(201);
        flow = res.body;
      });
      expect(events).toEqual([flowEvent('created', flow, ['a', 'b'], { team: 'data', n: 1 })]);
      expect(Object.keys(events[0].payload)).toEqual(['name', 'tags', 'labels']);
      expect(events[0].occurred.getTime()).toBeGreaterThanOrEqual(before);
      expect(events[0].received.getTime()).toBeGreaterThanOrEqual(events[0].occurred.getTime());
      const again = await emitted(async () => expect((await server().rest('POST', '/flows/', { name: 'lifecycle', tags: ['c'] })).status).toBe(200));
      expect(again).toEqual([]);
    });

    it('labels as stored: {} when absent, null when sent as null', async () => {
      const [plain] = await emitted(() => server().rest('POST', '/flows/', { name: 'no-labels' }));
      expect(plain.payload).toEqual({ name: 'no-labels', tags: [], labels: {} });
      const [nulled] = await emitted(() => server().rest('POST', '/flows/', { name: 'null-labels', labels: null }));
      expect(nulled.payload).toEqual({ name: 'null-labels', tags: [], labels: null });
    });

    it('updated on every PATCH of an existing flow, an empty one too; nothing for a missing flow', async () => {
      const flow = (await server().rest('POST', '/flows/', { name: 'to-update', tags: ['old'] })).body;
      const events = await emitted(async () => {
        expect((await server().rest('PATCH', `/flows/${flow.id}`, { tags: ['new', 'tags'] })).status).toBe(204);
        expect((await server().rest('PATCH', `/flows/${flow.id}`, {})).status).toBe(204);
        expect((await server().rest('PATCH', `/flows/${MISSING}`, { tags: [] })).status).toBe(404);
      });
      expect(events).toEqual([flowEvent('updated', flow, ['new', 'tags'], {}), flowEvent('updated', flow, ['new', 'tags'], {})]);
      expect(events[0].id).not.toBe(events[1].id);
    });

    it('deleted once, with what the flow was; nothing for a missing flow', async () => {
      const flow = (await server().rest('POST', '/flows/', { name: 'to-delete', tags: ['t'], labels: { k: 'v' } })).body;
      const events = await emitted(async () => {
        expect((await server().rest('DELETE', `/flows/${flow.id}`)).status).toBe(204);
        expect((await server().rest('DELETE', `/flows/${flow.id}`)).status).toBe(404);
      });
      expect(events).toEqual([flowEvent('deleted', flow, ['t'], { k: 'v' })]);
    });

    it('bulk delete: one deleted event per flow removed, in the order deleted', async () => {
      const b = (await server().rest('POST', '/flows/', { name: 'bulk-b', tags: ['bulk'] })).body;
      const a = (await server().rest('POST', '/flows/', { name: 'bulk-a', tags: ['bulk'] })).body;
      const events = await emitted(async () => {
        const res = await server().rest('POST', '/flows/bulk_delete', { flows: { tags: { all_: ['bulk'] } } });
        expect(res.body.deleted).toEqual([a.id, b.id]);
      });
      expect(events).toEqual([flowEvent('deleted', a, ['bulk'], {}), flowEvent('deleted', b, ['bulk'], {})]);
      expect(await emitted(() => server().rest('POST', '/flows/bulk_delete', { flows: { tags: { all_: ['bulk'] } } }))).toEqual([]);
    });
  });

  it('over GraphQL: create_flow, update_flow, delete_flow', async () => {
    let id!: string;
    const events = await emitted(async () => {
      id = (await server().gql<any, any>('mutation { create_flow(flow: {name: "gql-lifecycle", tags: ["g"]}) { id } }')).data.create_flow.id;
      await server().gql<any, any>('mutation($id: UUID!) { update_flow(id: $id, flow: {tags: ["h"]}) { id } }', { id });
      await server().gql<any, any>('mutation($id: UUID!) { delete_flow(id: $id) }', { id });
      const missing = await server().gql<any, any>('mutation($id: UUID!) { delete_flow(id: $id) }', { id });
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
    const flow = { id, name: 'gql-lifecycle' };
    expect(events).toEqual([flowEvent('created', flow, ['g'], {}), flowEvent('updated', flow, ['h'], {}), flowEvent('deleted', flow, ['h'], {})]);
  });
});
