// POST /events (events §2.1) and its GraphQL field create_events: the bare
// array body, Prefect's validation items, 204, received stamped by the
// server, dedupe, and storage by the persister.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { FLUSH_EACH, makeEvent, storedEvents, storedResources } from './helpers.ts';

const valueError = (loc: (string | number)[], text: string, input: unknown) => ({ type: 'value_error', loc, msg: `Value error, ${text}`, input, ctx: { error: {} } });

describeEachDatabase(
  'POST /events',
  (server) => {
    const post = (body: unknown) => server().rest('POST', '/events', body);

    it('answers 204 with an empty body, for [] too', async () => {
      for (const body of [[], [makeEvent(), makeEvent()]]) {
        const res = await post(body);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
      }
    });

    it('stores each event with received stamped by the server, a naive occurred read as UTC, unknown keys ignored', async () => {
      const a = makeEvent({ received: '2000-01-01T00:00:00Z', unknown_key: 'ignored' });
      const b = makeEvent({ occurred: '2026-11-29T08:30:00.5', follows: a.id, related: undefined, payload: undefined });
      const before = Date.now();
      expect((await post([a, b])).status).toBe(204);
      await server().events.drain();
      const rows = await storedEvents(server(), [a.id as string, b.id as string]);
      expect(rows).toHaveLength(2);
      const rowA = rows.find((r) => r.id === a.id)!;
      const rowB = rows.find((r) => r.id === b.id)!;
      expect(rowA.occurred.toISOString()).toBe('2026-11-30T12:00:00.123Z');
      expect(rowA.received.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(rowA.received.getTime()).toBeLessThanOrEqual(Date.now() + 5);
      expect(rowA.event).toBe('test.event.happened');
      expect(rowA.resource).toEqual(a.resource);
      expect(rowA.resource_id).toBe((a.resource as Record<string, string>)['prefect.resource.id']);
      expect(rowA.related).toEqual(a.related);
      expect(rowA.related_resource_ids).toEqual(['prefect.tag.nightly']);
      expect(rowA.payload).toEqual(a.payload);
      expect(rowA.follows).toBeNull();
      expect(rowB.occurred.toISOString()).toBe('2026-11-29T08:30:00.500Z');
      expect(rowB.follows).toBe(a.id);
      expect(rowB.related).toEqual([]);
      expect(rowB.payload).toEqual({});
      // One resource row per involved resource: the primary without role, each related with its role; labels without id and role.
      const resources = await storedResources(server(), [a.id as string]);
      expect(resources.map((r) => [r.resource_id, r.resource_role, r.resource])).toEqual([
        [(a.resource as Record<string, string>)['prefect.resource.id'], '', { 'prefect.resource.name': 'thing' }],
        ['prefect.tag.nightly', 'tag', {}],
      ]);
      expect(resources.every((r) => r.occurred.getTime() === rowA.occurred.getTime())).toBe(true);
      expect(await storedResources(server(), [b.id as string])).toHaveLength(1);
    });

    it('accepts the empty event name and ids in any UUID spelling (stored canonical)', async () => {
      const id = randomUUID();
      const event = makeEvent({ event: '', id: id.replace(/-/g, '').toUpperCase() });
      expect((await post([event])).status).toBe(204);
      await server().events.drain();
      const rows = await storedEvents(server(), [id]);
      expect(rows.map((r) => r.event)).toEqual(['']);
    });

    it('a repeated id is dropped at publish: still 204, and the first copy stays', async () => {
      const first = makeEvent({ payload: { copy: 1 } });
      expect((await post([first])).status).toBe(204);
      expect((await post([{ ...first, payload: { copy: 2 } }])).status).toBe(204);
      expect(
        (
          await post([
            { ...first, payload: { copy: 3 } },
            { ...first, payload: { copy: 4 } },
          ])
        ).status,
      ).toBe(204);
      await server().events.drain();
      const rows = await storedEvents(server(), [first.id as string]);
      expect(rows.map((r) => r.payload)).toEqual([{ copy: 1 }]);
      expect(await storedResources(server(), [first.id as string])).toHaveLength(2);
    });

    it("reports every rule with Prefect's text and loc, and publishes nothing of the batch", async () => {
      const good = makeEvent();
      const cases: [Record<string, unknown>, object][] = [
        [
          makeEvent({ resource: { 'prefect.resource.name': 'x' } }),
          valueError(['body', 1, 'resource'], 'Resources must include the prefect.resource.id label', { 'prefect.resource.name': 'x' }),
        ],
        [
          makeEvent({ resource: { 'prefect.resource.id': '' } }),
          valueError(['body', 1, 'resource'], 'The prefect.resource.id label must be non-empty', { 'prefect.resource.id': '' }),
        ],
        [
          makeEvent({ related: [{ 'prefect.resource.id': 'a', 'prefect.resource.role': 'r' }, { 'prefect.resource.id': 'b' }] }),
          valueError(['body', 1, 'related', 1], 'Related Resources must include the prefect.resource.role label', { 'prefect.resource.id': 'b' }),
        ],
        [
          makeEvent({ related: [{ 'prefect.resource.id': 'b', 'prefect.resource.role': '' }] }),
          valueError(['body', 1, 'related', 0], 'The prefect.resource.role label must be non-empty', { 'prefect.resource.id': 'b', 'prefect.resource.role': '' }),
        ],
        [
          makeEvent({ related: [{ 'prefect.resource.role': 'tag' }] }),
          valueError(['body', 1, 'related', 0], 'Resources must include the prefect.resource.id label', { 'prefect.resource.role': 'tag' }),
        ],
        [
          makeEvent({ resource: { 'prefect.resource.id': 'x', count: 1 } }),
          { type: 'string_type', loc: ['body', 1, 'resource', 'count'], msg: 'Input should be a valid string', input: 1 },
        ],
        [makeEvent({ payload: [1, 2] }), { type: 'dict_type', loc: ['body', 1, 'payload'], msg: 'Input should be a valid dictionary', input: [1, 2] }],
        [makeEvent({ related: {} }), { type: 'list_type', loc: ['body', 1, 'related'], msg: 'Input should be a valid list', input: {} }],
        [makeEvent({ event: 'x'.repeat(1025) }), valueError(['body', 1, 'event'], 'Event name must be at most 1024 characters', 'x'.repeat(1025))],
      ];
      for (const [bad, item] of cases) {
        const res = await post([good, bad]);
        expect(res.status, JSON.stringify(bad).slice(0, 200)).toBe(422);
        expect(res.body.exception_message).toBe('Invalid request received.');
        expect(res.body.exception_detail).toEqual([item]);
        expect(res.body.request_body).toEqual([good, bad]);
      }
      await server().events.drain();
      expect(await storedEvents(server(), [good.id as string])).toEqual([]);
      // 1024 characters are fine.
      expect((await post([makeEvent({ event: 'x'.repeat(1024) })])).status).toBe(204);
    });

    it('bounds labels per resource (500) and related resources (100)', async () => {
      const labels = (n: number) => Object.fromEntries([['prefect.resource.id', 'x'], ...Array.from({ length: n - 1 }, (_, i) => [`label.${i}`, 'v'])]);
      const related = (n: number) => Array.from({ length: n }, (_, i) => ({ 'prefect.resource.id': `r.${i}`, 'prefect.resource.role': 'role' }));
      expect((await post([makeEvent({ resource: labels(500), related: related(100) })])).status).toBe(204);
      let res = await post([makeEvent({ resource: labels(501) })]);
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([valueError(['body', 0, 'resource'], 'The maximum number of labels per resource is 500', labels(501))]);
      // The label bound comes before the id rule.
      const noId = labels(502);
      delete noId['prefect.resource.id'];
      expect((await post([makeEvent({ resource: noId })])).body.exception_detail[0].msg).toBe('Value error, The maximum number of labels per resource is 500');
      res = await post([makeEvent({ related: [...related(1), { ...labels(501), 'prefect.resource.role': 'r' }] })]);
      expect(res.body.exception_detail.map((i: { loc: unknown; msg: string }) => [i.loc, i.msg])).toEqual([
        [['body', 0, 'related', 1], 'Value error, The maximum number of labels per resource is 500'],
      ]);
      res = await post([makeEvent({ related: related(101) })]);
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([valueError(['body', 0, 'related'], 'The maximum number of related resources is 100', related(101))]);
    });

    it('reports every bad event of a batch', async () => {
      const res = await post([makeEvent({ resource: {} }), makeEvent(), makeEvent({ related: [{ 'prefect.resource.id': 'x' }] })]);
      expect(res.status).toBe(422);
      expect(res.body.exception_detail.map((i: { loc: unknown }) => i.loc)).toEqual([
        ['body', 0, 'resource'],
        ['body', 2, 'related', 0],
      ]);
    });

    it("checks the field types with Pydantic's items", async () => {
      let res = await post({ not: 'a list' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: { not: 'a list' } }]);
      res = await post([makeEvent({ id: 'nope' })]);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 0, 'id'] });
      res = await post([makeEvent({ occurred: 'yesterday' })]);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'datetime_from_date_parsing', loc: ['body', 0, 'occurred'] });
      const { resource: _resource, ...withoutResource } = makeEvent();
      res = await post([withoutResource]);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 0, 'resource'], msg: 'Field required' });
      res = await post(['x']);
      expect(res.body.exception_detail).toEqual([
        { type: 'model_type', loc: ['body', 0], msg: 'Input should be a valid dictionary or instance of Event', input: 'x', ctx: { class_name: 'Event' } },
      ]);
      res = await post(undefined);
      expect(res.body.exception_detail).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    });

    it('refuses text no database can store (NUL) with a 422', async () => {
      const res = await post([makeEvent({ payload: { text: 'a\u0000b' } })]);
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 0, 'payload'] });
    });

    it('create_events over GraphQL publishes the same way', async () => {
      const event = makeEvent();
      const res = await server().gql<{ create_events: boolean }, { events: unknown[] }>('mutation($events: [EventInput!]!) { create_events(events: $events) }', {
        events: [event],
      });
      expect(res).toEqual({ data: { create_events: true } });
      await server().events.drain();
      expect((await storedEvents(server(), [event.id as string])).map((r) => r.event)).toEqual(['test.event.happened']);
      const bad = await server().gql('mutation($events: [EventInput!]!) { create_events(events: $events) }', { events: [makeEvent({ resource: {} })] });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
    });
  },
  FLUSH_EACH,
);

describeEachDatabase(
  'POST /events with small bounds',
  (server) => {
    it('drops events larger than PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES silently (204), keeping the rest', async () => {
      const small = makeEvent({ event: 'small' });
      const big = makeEvent({ event: 'big', payload: { text: 'x'.repeat(2000) } });
      const res = await server().rest('POST', '/events', [small, big]);
      expect(res.status).toBe(204);
      await server().events.drain();
      expect((await storedEvents(server(), [small.id as string, big.id as string])).map((r) => r.id)).toEqual([small.id]);
      // A dropped event did not enter the dedupe window: a smaller copy with its id is taken.
      expect((await server().rest('POST', '/events', [{ ...big, payload: {} }])).status).toBe(204);
      await server().events.drain();
      expect(await storedEvents(server(), [big.id as string])).toHaveLength(1);
    });

    it('takes its limits from the settings', async () => {
      const res = await server().rest('POST', '/events', [
        makeEvent({ event: 'abcdefghijk', related: [1, 2, 3].map((i) => ({ 'prefect.resource.id': `r${i}`, 'prefect.resource.role': 'x' })) }),
      ]);
      expect(res.body.exception_detail.map((i: { msg: string }) => i.msg)).toEqual([
        'Value error, Event name must be at most 10 characters',
        'Value error, The maximum number of related resources is 2',
      ]);
      const labels = await server().rest('POST', '/events', [makeEvent({ event: 'ok', related: [], resource: { 'prefect.resource.id': 'a', b: 'b', c: 'c', d: 'd' } })]);
      expect(labels.body.exception_detail[0].msg).toBe('Value error, The maximum number of labels per resource is 3');
    });
  },
  {
    ...FLUSH_EACH,
    PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES: '1500',
    PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH: '10',
    PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES: '2',
    PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE: '3',
  },
);
