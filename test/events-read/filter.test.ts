// POST /events/filter (events §3.1–3.3): every EventFilter field in SQL on
// both databases, ordering, the response shape, limits and 422s.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { ago, ev, FLUSH_EACH, filter, ids, newPrefix, store } from './helpers.ts';

describeEachDatabase(
  'POST /events/filter',
  (server) => {
    it("answers {events, total, next_page} with the event in Prefect's key order, newest first", async () => {
      const p = newPrefix();
      const a = ev(p, { occurred: '2026-11-30T10:00:00.123456Z', payload: { n: 1 }, related: [{ 'prefect.resource.id': 'prefect.tag.x', 'prefect.resource.role': 'tag' }] });
      const b = ev(p, { occurred: '2026-11-30T11:00:00Z', follows: a.id });
      await store(server(), [a, b]);
      const res = await filter(server(), { filter: { event: { prefix: [p] }, occurred: { since: '2026-11-01T00:00:00Z', until: '2026-12-01T00:00:00Z' } } });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['events', 'total', 'next_page']);
      expect(res.body.total).toBe(2);
      expect(res.body.next_page).toBeNull();
      expect(res.body.events.map((e: { id: string }) => e.id)).toEqual([b.id, a.id]);
      const got = res.body.events[1];
      expect(Object.keys(got)).toEqual(['occurred', 'event', 'resource', 'related', 'payload', 'id', 'follows', 'received']);
      expect(got).toMatchObject({ occurred: '2026-11-30T10:00:00.123000Z', event: a.event, resource: a.resource, related: a.related, payload: { n: 1 }, id: a.id, follows: null });
      expect(got.received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
      expect(res.body.events[0].follows).toBe(a.id);
    });

    it('orders ASC on request, id breaking ties', async () => {
      const p = newPrefix();
      const at = ago(120_000);
      const events = [ev(p, { occurred: ago(180_000) }), ev(p, { occurred: at }), ev(p, { occurred: at }), ev(p, { occurred: ago(60_000) })];
      await store(server(), events);
      const tie = [events[1].id, events[2].id].sort();
      expect(await ids(server(), p, { order: 'ASC' })).toEqual([events[0].id, ...tie, events[3].id]);
      expect(await ids(server(), p, { order: 'DESC' })).toEqual([events[3].id, ...[...tie].reverse(), events[0].id]);
      expect(await ids(server(), p)).toEqual([events[3].id, ...[...tie].reverse(), events[0].id]);
    });

    it('occurred: inclusive bounds; the default window excludes the future and anything before start of today − 180 days', async () => {
      const p = newPrefix();
      const startOfToday = Math.floor(Date.now() / 86_400_000) * 86_400_000;
      const edge = new Date(startOfToday - 180 * 86_400_000).toISOString();
      const before = new Date(startOfToday - 180 * 86_400_000 - 1).toISOString();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const [inEdge, tooOld, inFuture, now] = [ev(p, { occurred: edge }), ev(p, { occurred: before }), ev(p, { occurred: future }), ev(p)];
      await store(server(), [inEdge, tooOld, inFuture, now]);
      expect((await ids(server(), p)).sort()).toEqual([inEdge.id, now.id].sort());
      expect(await ids(server(), p, { occurred: { since: edge, until: edge } })).toEqual([inEdge.id]);
      expect((await ids(server(), p, { occurred: { since: '2020-01-01T00:00:00Z', until: new Date(Date.now() + 7_200_000).toISOString() } })).sort()).toEqual(
        [inEdge.id, tooOld.id, inFuture.id, now.id].sort(),
      );
    });

    it('event: prefix, exclude_prefix, name, exclude_name; empty lists are ignored; a prefix is an unescaped LIKE', async () => {
      const p = newPrefix();
      const [a, b, c] = [ev(p, { name: 'flow-run.Completed' }), ev(p, { name: 'flow-run.Failed' }), ev(p, { name: 'task-run.Completed' })];
      await store(server(), [a, b, c]);
      const only = async (event: Record<string, unknown>) => {
        const res = await filter(server(), { filter: { event: { ...event }, occurred: { since: ago(3_600_000) } } });
        expect(res.status, res.text).toBe(200);
        return res.body.events
          .map((e: { id: string }) => e.id)
          .filter((id: string) => [a.id, b.id, c.id].includes(id))
          .sort();
      };
      expect(await only({ prefix: [`${p}flow-run.`] })).toEqual([a.id, b.id].sort());
      expect(await only({ prefix: [`${p}flow_run.`] })).toEqual([a.id, b.id].sort());
      expect(await only({ prefix: [p], exclude_prefix: [`${p}flow-run.`] })).toEqual([c.id]);
      expect(await only({ name: [a.event, c.event] })).toEqual([a.id, c.id].sort());
      expect(await only({ prefix: [p], exclude_name: [a.event] })).toEqual([b.id, c.id].sort());
      expect(await only({ prefix: [p], name: [], exclude_name: [] })).toEqual([a.id, b.id, c.id].sort());
      expect(await only({ prefix: [`${p.toUpperCase()}`] })).toEqual([]);
    });

    it('resource: id exact, id_prefix, labels with globs, negation, literal % _ \\, empty lists, case', async () => {
      const p = newPrefix();
      const r = (id: string, labels: Record<string, string> = {}) => ({ 'prefect.resource.id': id, ...labels });
      const a = ev(p, { resource: r(`${p}flow-run.1`, { env: 'prod', note: '100%done' }) });
      const b = ev(p, { resource: r(`${p}flow-run.2`, { env: 'staging', note: 'a_b' }) });
      const c = ev(p, { resource: r(`${p}deploy.3`, { env: 'Prod', note: 'path\\to' }) });
      await store(server(), [a, b, c]);
      const sorted = (xs: string[]) => [...xs].sort();
      const q = async (resource: Record<string, unknown>) => sorted(await ids(server(), p, { resource }));
      expect(await q({ id: [`${p}flow-run.1`, `${p}deploy.3`] })).toEqual(sorted([a.id, c.id]));
      expect(await q({ id: [`${p}flow-run.*`] })).toEqual([]);
      expect(await q({ id_prefix: [`${p}flow-run.`] })).toEqual(sorted([a.id, b.id]));
      expect(await q({ labels: { env: 'prod' } })).toEqual([a.id]);
      expect(await q({ labels: { env: ['prod', 'staging'] } })).toEqual(sorted([a.id, b.id]));
      expect(await q({ labels: { env: '*rod' } })).toEqual(sorted([a.id, c.id]));
      expect(await q({ labels: { env: '?rod' } })).toEqual(sorted([a.id, c.id]));
      expect(await q({ labels: { env: '!prod' } })).toEqual(sorted([b.id, c.id]));
      expect(await q({ labels: { missing: '!x' } })).toEqual([]);
      expect(await q({ labels: { env: [] } })).toEqual([]);
      expect(await q({ labels: {} })).toEqual(sorted([a.id, b.id, c.id]));
      expect(await q({ labels: { note: '100%done' } })).toEqual([a.id]);
      expect(await q({ labels: { note: '100%' } })).toEqual([]);
      expect(await q({ labels: { note: 'a_b' } })).toEqual([b.id]);
      expect(await q({ labels: { note: 'aXb' } })).toEqual([]);
      expect(await q({ labels: { note: 'path\\to' } })).toEqual([c.id]);
      expect(await q({ labels: { 'prefect.resource.id': `${p}flow-run.*` } })).toEqual(sorted([a.id, b.id]));
      expect(await q({ labels: { 'prefect.resource.id': `${p}flow-run.*`, env: 'prod' } })).toEqual([a.id]);
      // [seq] is literal in SQL
      expect(await q({ labels: { env: '[pP]rod' } })).toEqual([]);
    });

    it('resource.distinct keeps the first event per resource in the requested order, and total counts resources', async () => {
      const p = newPrefix();
      const res1 = { 'prefect.resource.id': `${p}r1` };
      const res2 = { 'prefect.resource.id': `${p}r2` };
      const events = [ev(p, { resource: res1, occurred: ago(300_000) }), ev(p, { resource: res1, occurred: ago(200_000) }), ev(p, { resource: res2, occurred: ago(100_000) })];
      await store(server(), events);
      const res = await filter(server(), { filter: { event: { prefix: [p] }, resource: { distinct: true } } });
      expect(res.body.total).toBe(2);
      expect(res.body.events.map((e: { id: string }) => e.id)).toEqual([events[2].id, events[1].id]);
      const asc = await filter(server(), { filter: { event: { prefix: [p] }, resource: { distinct: true }, order: 'ASC' } });
      expect(asc.body.events.map((e: { id: string }) => e.id)).toEqual([events[0].id, events[2].id]);
    });

    it('related: one related resource satisfies all criteria of one object; lists are ANDed; role "" reaches the primary', async () => {
      const p = newPrefix();
      const flow = (id: string, name: string) => ({ 'prefect.resource.id': `prefect.flow.${id}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': name });
      const tag = (t: string) => ({ 'prefect.resource.id': `prefect.tag.${t}`, 'prefect.resource.role': 'tag' });
      const a = ev(p, { related: [flow('f1', 'etl'), tag('nightly')] });
      const b = ev(p, { related: [flow('f2', 'report'), tag('hourly')] });
      const c = ev(p, { resource: { 'prefect.resource.id': 'prefect.flow.f1' }, related: [] });
      await store(server(), [a, b, c]);
      const sorted = (xs: string[]) => [...xs].sort();
      const q = async (related: unknown) => sorted(await ids(server(), p, { related }));
      expect(await q({ id: ['prefect.flow.f1'] })).toEqual([a.id]);
      expect(await q({ role: ['tag'] })).toEqual(sorted([a.id, b.id]));
      expect(await q({ id: ['prefect.tag.nightly'], role: ['flow'] })).toEqual([]);
      expect(await q({ resources_in_roles: [['prefect.tag.hourly', 'tag']] })).toEqual([b.id]);
      expect(await q({ resources_in_roles: [['prefect.tag.hourly', 'flow']] })).toEqual([]);
      expect(await q({ labels: { 'prefect.resource.name': 'e*' } })).toEqual([a.id]);
      expect(await q({ labels: { 'prefect.resource.role': 'tag', 'prefect.resource.id': '*.hourly' } })).toEqual([b.id]);
      expect(await q([{ id: ['prefect.flow.f1'] }, { id: ['prefect.tag.nightly'] }])).toEqual([a.id]);
      expect(await q([{ id: ['prefect.flow.f1'] }, { id: ['prefect.tag.hourly'] }])).toEqual([]);
      expect(await q({ id: ['prefect.flow.f1'], role: [''] })).toEqual([c.id]);
      expect(await q({})).toEqual(sorted([a.id, b.id, c.id]));
    });

    it('any_resource: the primary or a related resource', async () => {
      const p = newPrefix();
      const a = ev(p, { resource: { 'prefect.resource.id': `${p}x`, kind: 'k1' } });
      const b = ev(p, { related: [{ 'prefect.resource.id': `${p}x`, 'prefect.resource.role': 'thing', kind: 'k2' }] });
      const c = ev(p);
      await store(server(), [a, b, c]);
      const sorted = (xs: string[]) => [...xs].sort();
      const q = async (any_resource: unknown) => sorted(await ids(server(), p, { any_resource }));
      expect(await q({ id: [`${p}x`] })).toEqual(sorted([a.id, b.id]));
      expect(await q({ id_prefix: [p] })).toEqual(sorted([a.id, b.id]));
      expect(await q({ labels: { kind: 'k*' } })).toEqual(sorted([a.id, b.id]));
      expect(await q({ labels: { 'prefect.resource.role': 'thing' } })).toEqual([b.id]);
      expect(await q([{ id: [`${p}x`] }, { labels: { kind: 'k1' } }])).toEqual([a.id]);
    });

    it('id and text search (include, -exclude, +required, phrases, keys are searchable)', async () => {
      const p = newPrefix();
      const a = ev(p, { payload: { message: 'Connection timeout reached' } });
      const b = ev(p, { payload: { message: 'all good', debug: true } });
      const c = ev(p, { resource: { 'prefect.resource.id': 'res.special-Word' } });
      await store(server(), [a, b, c]);
      const sorted = (xs: string[]) => [...xs].sort();
      expect(sorted(await ids(server(), p, { id: { id: [a.id, c.id, randomUUID()] } }))).toEqual(sorted([a.id, c.id]));
      expect(sorted(await ids(server(), p, { id: { id: [] } }))).toEqual(sorted([a.id, b.id, c.id]));
      const text = async (query: string) => sorted(await ids(server(), p, { text: { query } }));
      expect(await text('TIMEOUT')).toEqual([a.id]);
      expect(await text('timeout good')).toEqual(sorted([a.id, b.id]));
      expect(await text('"connection timeout"')).toEqual([a.id]);
      expect(await text('-timeout')).toEqual(sorted([b.id, c.id]));
      expect(await text('!debug')).toEqual(sorted([a.id, c.id]));
      expect(await text('+all +good')).toEqual([b.id]);
      expect(await text('special-word')).toEqual([c.id]);
      expect(await text('   ')).toEqual(sorted([a.id, b.id, c.id]));
    });

    it('limit: 0…50, default 50; a 422 envelope outside', async () => {
      const p = newPrefix();
      await store(
        server(),
        Array.from({ length: 3 }, () => ev(p)),
      );
      expect(await ids(server(), p, {}, 2)).toHaveLength(2);
      const zero = await filter(server(), { filter: { event: { prefix: [p] } }, limit: 0 });
      expect(zero.body.events).toEqual([]);
      expect(zero.body.total).toBe(3);
      expect(zero.body.next_page).toMatch(/events\/filter\/next\?page-token=/);
      const over = await filter(server(), { limit: 51 });
      expect(over.status).toBe(422);
      expect(over.body.exception_detail).toEqual([
        { type: 'less_than_equal', loc: ['body', 'limit'], msg: 'Input should be less than or equal to 50', input: 51, ctx: { le: 50 } },
      ]);
      const under = await filter(server(), { limit: -1 });
      expect(under.status).toBe(422);
      expect(under.body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'limit'] });
    });

    it('422s: unknown keys, bad types, a long text query; a null or absent filter is the default', async () => {
      const bad = async (body: unknown) => {
        const res = await filter(server(), body);
        expect(res.status, res.text).toBe(422);
        return res.body.exception_detail;
      };
      expect((await bad({ filter: { nope: 1 } }))[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'filter', 'nope'], msg: 'Extra inputs are not permitted' });
      expect((await bad({ filter: { resource: { nope: 1 } } }))[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'filter', 'resource', 'nope'] });
      expect((await bad({ filter: { related: { nope: 1 } } }))[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'filter', 'related', 'nope'] });
      expect((await bad({ filter: { occurred: { since: 'yesterday' } } }))[0]).toMatchObject({ loc: ['body', 'filter', 'occurred', 'since'] });
      expect((await bad({ filter: { order: 'UP' } }))[0]).toMatchObject({ type: 'enum', loc: ['body', 'filter', 'order'] });
      expect((await bad({ filter: { id: { id: ['not-a-uuid'] } } }))[0]).toMatchObject({ loc: ['body', 'filter', 'id', 'id', 0] });
      expect((await bad({ filter: { text: { query: 'x'.repeat(201) } } }))[0]).toMatchObject({
        type: 'string_too_long',
        loc: ['body', 'filter', 'text', 'query'],
        msg: 'String should have at most 200 characters',
      });
      for (const body of [{}, { filter: null }]) {
        const res = await filter(server(), body);
        expect(res.status).toBe(200);
      }
    });

    it('more values than PREFECT_SERVER_API_MAX_FILTER_VALUES across the filter is a 422', async () => {
      const many = Array.from({ length: 3000 }, (_, i) => `x${i}`);
      const res = await filter(server(), { filter: { event: { name: many }, resource: { id: many } } });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0]).toMatchObject({
        type: 'too_long',
        loc: ['body', 'filter'],
        msg: 'Filter lists should have at most 5000 values in total, not 6000 (PREFECT_SERVER_API_MAX_FILTER_VALUES)',
      });
      const ok = await filter(server(), { filter: { event: { name: many } } });
      expect(ok.status).toBe(200);
    });

    it('GraphQL read_events answers the same page', async () => {
      const p = newPrefix();
      const a = ev(p);
      await store(server(), [a]);
      const res = await server().gql<any, any>('query($f: EventFilter) { read_events(filter: $f, limit: 5) { total next_page events { id event occurred resource } } }', {
        f: { event: { prefix: [p] } },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.read_events).toMatchObject({ total: 1, next_page: null, events: [{ id: a.id, event: a.event, resource: a.resource }] });
    });

    it("GraphQL: a bad related filter is a validation error with Prefect's items", async () => {
      const res = await server().gql<any, any>('query($f: EventFilter) { read_events(filter: $f) { total } }', { f: { related: { nope: 1 } } });
      expect(res.errors?.[0].extensions?.exception_detail).toEqual([
        { type: 'extra_forbidden', loc: ['body', 'filter', 'related', 'nope'], msg: 'Extra inputs are not permitted', input: 1 },
      ]);
    });
  },
  FLUSH_EACH,
);
