// Global concurrency limits (v2): CRUD, id-or-name lookups, decay, paging
// (logs-variables-concurrency §4.1–4.3; surprises 18–20).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import type { ReceivedEvent } from '../../src/events/types.ts';
import { PREFECT_DATETIME, UUID, ageLimit, createLimit, storedLimit, unique } from './helpers.ts';

describeEachDatabase('v2 concurrency limits: CRUD', (server) => {
  describe('create', () => {
    it('answers 201 with the stored values, denied slots and average occupancy included', async () => {
      const name = unique('create');
      const res = await server().rest('POST', '/v2/concurrency_limits/', { name, limit: 5 });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual([
        'id',
        'created',
        'updated',
        'active',
        'name',
        'limit',
        'active_slots',
        'denied_slots',
        'slot_decay_per_second',
        'avg_slot_occupancy_seconds',
      ]);
      expect(res.body).toMatchObject({ active: true, name, limit: 5, active_slots: 0, denied_slots: 0, slot_decay_per_second: 0, avg_slot_occupancy_seconds: 2 });
      expect(res.text).toContain('"slot_decay_per_second":0.0,"avg_slot_occupancy_seconds":2.0');
      expect(res.body.id).toMatch(UUID);
      expect(res.body.created).toMatch(PREFECT_DATETIME);
    });

    it('takes every settable field', async () => {
      const name = unique('full');
      const res = await server().rest('POST', '/v2/concurrency_limits/', { name, limit: 3, active: false, active_slots: 2, denied_slots: 4, slot_decay_per_second: 0.5 });
      expect(res.body).toMatchObject({ active: false, limit: 3, active_slots: 2, denied_slots: 4, slot_decay_per_second: 0.5 });
    });

    it('refuses a taken name with the generic 409', async () => {
      const name = unique('dup');
      await createLimit(server(), { name, limit: 1 });
      const res = await server().rest('POST', '/v2/concurrency_limits/', { name, limit: 2 });
      expect(res.status).toBe(409);
      expect(res.body.detail).toMatch(/^Data integrity conflict/);
    });

    it('validates like Prefect: name pattern, non-negative numbers, no avg_slot_occupancy_seconds', async () => {
      const bad = async (body: Record<string, unknown>) => {
        const res = await server().rest('POST', '/v2/concurrency_limits/', body);
        expect(res.status).toBe(422);
        return res.body.exception_detail;
      };
      expect((await bad({ name: 'a/b', limit: 1 }))[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'name'] });
      expect((await bad({ name: '', limit: 1 }))[0]).toMatchObject({ type: 'string_pattern_mismatch' });
      expect((await bad({ name: 'x', limit: -1 }))[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'limit'] });
      expect((await bad({ name: 'x', limit: 1, active_slots: -1 }))[0]).toMatchObject({ loc: ['body', 'active_slots'] });
      expect((await bad({ name: 'x', limit: 1, slot_decay_per_second: -0.5 }))[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'slot_decay_per_second'] });
      expect((await bad({ name: 'x', limit: 1, avg_slot_occupancy_seconds: 3 }))[0]).toMatchObject({ type: 'extra_forbidden' });
      expect((await bad({ limit: 1 }))[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
      expect(await server().db.concurrencyLimitV2.count({ where: { name: 'x' } })).toBe(0);
    });

    it('publishes prefect.concurrency-limit.created / updated / deleted', async () => {
      const seen: ReceivedEvent[] = [];
      const unsubscribe = server().events.subscribe('test-limit-events', (e) => {
        if (e.event.startsWith('prefect.concurrency-limit.')) seen.push(e);
      });
      const name = unique('events');
      const limit = await createLimit(server(), { name, limit: 2 });
      await server().rest('PATCH', `/v2/concurrency_limits/${limit.id}`, { limit: 4 });
      await server().rest('DELETE', `/v2/concurrency_limits/${name}`);
      await server().events.drain();
      unsubscribe();
      const mine = seen.filter((e) => e.resource['prefect.resource.id'] === `prefect.concurrency-limit.${limit.id}`);
      expect(mine.map((e) => e.event)).toEqual(['prefect.concurrency-limit.created', 'prefect.concurrency-limit.updated', 'prefect.concurrency-limit.deleted']);
      expect(mine[0].resource['prefect.resource.name']).toBe(name);
      expect(mine[1].payload).toEqual({ name, limit: 4, active: true, slot_decay_per_second: 0 });
    });
  });

  describe('read by id or name (surprise 18)', () => {
    it('reads by id in any UUID spelling and by name, without denied slots or average', async () => {
      const name = unique('read');
      const limit = await createLimit(server(), { name, limit: 2, denied_slots: 3 });
      for (const key of [limit.id, limit.id.toUpperCase(), limit.id.replaceAll('-', ''), name]) {
        const res = await server().rest('GET', `/v2/concurrency_limits/${encodeURIComponent(key)}`);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body)).toEqual(['id', 'created', 'updated', 'active', 'name', 'limit', 'active_slots', 'slot_decay_per_second']);
        expect(res.body).toMatchObject({ id: limit.id, name, limit: 2, active_slots: 0 });
      }
    });

    it('a UUID-looking name can only be reached as an id; "filter" is a name', async () => {
      const uuidName = '11111111-2222-4333-8444-555555555555';
      await createLimit(server(), { name: uuidName, limit: 1 });
      expect(await server().rest('GET', `/v2/concurrency_limits/${uuidName}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency Limit not found' } });
      expect(await server().rest('GET', '/v2/concurrency_limits/filter')).toMatchObject({ status: 404, body: { detail: 'Concurrency Limit not found' } });
      expect(await server().rest('DELETE', `/v2/concurrency_limits/${unique('none')}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency Limit not found' } });
      expect(await server().rest('PATCH', `/v2/concurrency_limits/${unique('none')}`, { limit: 1 })).toMatchObject({
        status: 404,
        body: { detail: 'Concurrency Limit not found' },
      });
    });
  });

  describe('decay (surprises 19, 20)', () => {
    it('reads decayed active slots; create answers the raw counters', async () => {
      const name = unique('decay');
      const created = await createLimit(server(), { name, limit: 10, active_slots: 10, slot_decay_per_second: 0.1 });
      expect(created.active_slots).toBe(10);
      await ageLimit(server(), created.id, 30.5);
      expect((await server().rest('GET', `/v2/concurrency_limits/${name}`)).body.active_slots).toBe(7);
      const listed = (await server().rest('POST', '/v2/concurrency_limits/filter', {})).body.find((l: { id: string }) => l.id === created.id);
      expect(listed.active_slots).toBe(7);
      // Reads do not write: the stored counter is unchanged.
      expect((await storedLimit(server(), created.id)).active_slots).toBe(10);
    });

    it('a PATCH restarts decay: a limit read as 7 reads 10 again after renaming it', async () => {
      const name = unique('restart');
      const created = await createLimit(server(), { name, limit: 10, active_slots: 10, slot_decay_per_second: 0.1 });
      await ageLimit(server(), created.id, 30.5);
      expect((await server().rest('GET', `/v2/concurrency_limits/${created.id}`)).body.active_slots).toBe(7);
      const renamed = unique('renamed');
      expect((await server().rest('PATCH', `/v2/concurrency_limits/${name}`, { name: renamed })).status).toBe(204);
      const after = await server().rest('GET', `/v2/concurrency_limits/${renamed}`);
      expect(after.body.active_slots).toBe(10);
      expect(after.body.updated > created.updated).toBe(true);
    });

    it('a successful increment writes the decayed value plus the slots', async () => {
      const name = unique('inc-decay');
      const created = await createLimit(server(), { name, limit: 10, active_slots: 10, slot_decay_per_second: 0.1 });
      await ageLimit(server(), created.id, 30.5);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names: [name], slots: 2, mode: 'rate_limit' })).status).toBe(200);
      expect((await storedLimit(server(), created.id)).active_slots).toBe(9);
    });

    it('decays denied slots by 1 / average occupancy when there is no slot decay', async () => {
      const name = unique('denied');
      const created = await createLimit(server(), { name, limit: 5, denied_slots: 10 });
      await ageLimit(server(), created.id, 4.5); // average 2.0 s → 2 denied slots decayed
      await server().rest('POST', '/v2/concurrency_limits/increment', { names: [name], slots: 1 });
      expect(await storedLimit(server(), created.id)).toMatchObject({ active_slots: 1, denied_slots: 8 });
    });
  });

  describe('update and delete', () => {
    it('PATCH writes only the keys given and answers 204', async () => {
      const name = unique('patch');
      const created = await createLimit(server(), { name, limit: 2, slot_decay_per_second: 0.25 });
      const res = await server().rest('PATCH', `/v2/concurrency_limits/${created.id}`, { limit: 7, active: false });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await storedLimit(server(), created.id)).toMatchObject({ name, limit: 7, active: false, slot_decay_per_second: 0.25 });
    });

    it('PATCH with an explicit null or onto a taken name is the generic 409; bad values are 422', async () => {
      const a = await createLimit(server(), { name: unique('pa'), limit: 2 });
      const b = await createLimit(server(), { name: unique('pb'), limit: 2 });
      expect((await server().rest('PATCH', `/v2/concurrency_limits/${a.id}`, { limit: null })).status).toBe(409);
      expect((await server().rest('PATCH', `/v2/concurrency_limits/${a.id}`, { name: b.name })).status).toBe(409);
      expect((await server().rest('PATCH', `/v2/concurrency_limits/${a.id}`, { limit: -2 })).status).toBe(422);
      expect((await server().rest('PATCH', `/v2/concurrency_limits/${a.id}`, { avg_slot_occupancy_seconds: 1 })).status).toBe(422);
      expect(await storedLimit(server(), a.id)).toMatchObject({ name: a.name, limit: 2 });
    });

    it('DELETE answers 204 by id or name, then 404', async () => {
      const a = await createLimit(server(), { name: unique('da'), limit: 2 });
      expect((await server().rest('DELETE', `/v2/concurrency_limits/${a.id}`)).status).toBe(204);
      expect((await server().rest('DELETE', `/v2/concurrency_limits/${a.id}`)).status).toBe(404);
      const b = await createLimit(server(), { name: unique('db'), limit: 2 });
      expect((await server().rest('DELETE', `/v2/concurrency_limits/${b.name}`)).status).toBe(204);
      expect((await server().rest('GET', `/v2/concurrency_limits/${b.name}`)).status).toBe(404);
    });
  });

  describe('filter', () => {
    it('orders by name and pages with limit and offset; no filter object', async () => {
      const prefix = unique('page');
      for (const n of ['c', 'a', 'b', 'd']) await createLimit(server(), { name: `${prefix}-${n}`, limit: 1 });
      const all = (await server().rest('POST', '/v2/concurrency_limits/filter', {})).body.map((l: { name: string }) => l.name);
      const mine = all.filter((n: string) => n.startsWith(prefix));
      expect(mine).toEqual(['a', 'b', 'c', 'd'].map((n) => `${prefix}-${n}`));
      expect([...all].sort()).toEqual(all);
      const start = all.indexOf(`${prefix}-a`);
      const page = await server().rest('POST', '/v2/concurrency_limits/filter', { offset: start + 1, limit: 2 });
      expect(page.body.map((l: { name: string }) => l.name)).toEqual([`${prefix}-b`, `${prefix}-c`]);
      expect((await server().rest('POST', '/v2/concurrency_limits/filter', { limit: 201 })).status).toBe(422);
      expect((await server().rest('POST', '/v2/concurrency_limits/filter', { offset: -1 })).status).toBe(422);
      expect((await server().rest('POST', '/v2/concurrency_limits/filter', { limit: 0 })).body).toEqual([]);
    });
  });
});
