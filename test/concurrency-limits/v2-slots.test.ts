// Global concurrency limits (v2): slots, leases, 423 + Retry-After
// (logs-variables-concurrency §4.2, §4.4, §4.5; surprises 21–25).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { UUID, createLimit, storedLimit, unique } from './helpers.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachDatabase('v2 concurrency limits: slots and leases', (server) => {
  describe('increment and decrement', () => {
    it('takes and gives back slots, answering id, name and limit', async () => {
      const limit = await createLimit(server(), { name: unique('inc'), limit: 3 });
      const res = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 2 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([{ id: limit.id, name: limit.name, limit: 3 }]);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(2);
      const down = await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [limit.name], slots: 1 });
      expect(down).toMatchObject({ status: 200, body: [{ id: limit.id, name: limit.name, limit: 3 }] });
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(1);
      await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [limit.name], slots: 5 });
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
    });

    it('unknown names: 200 []; names: [] is accepted (surprises 21, 24)', async () => {
      expect(await server().rest('POST', '/v2/concurrency_limits/increment', { names: [unique('nobody')], slots: 1 })).toMatchObject({ status: 200, body: [] });
      expect(await server().rest('POST', '/v2/concurrency_limits/increment', { names: [], slots: 1 })).toMatchObject({ status: 200, body: [] });
      expect(await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [unique('nobody')], slots: 1 })).toMatchObject({ status: 200, body: [] });
    });

    it('inactive limits are listed but not incremented; with-lease leases them anyway (surprise 21)', async () => {
      const on = await createLimit(server(), { name: unique('on'), limit: 2 });
      const off = await createLimit(server(), { name: unique('off'), limit: 1, active: false, active_slots: 1 });
      const res = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [on.name, off.name], slots: 1 });
      expect(res.status).toBe(200);
      expect(res.body.map((l: { id: string }) => l.id).sort()).toEqual([on.id, off.id].sort());
      expect((await storedLimit(server(), on.id)).active_slots).toBe(1);
      expect((await storedLimit(server(), off.id)).active_slots).toBe(1);
      const leased = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [off.name], slots: 1 });
      expect(leased.status).toBe(200);
      const lease = await server().db.concurrencyLease.findUniqueOrThrow({ where: { id: leased.body.lease_id } });
      expect(lease.resource_ids).toEqual([off.id]);
      const none = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [unique('nobody')], slots: 1 });
      expect(none.body).toMatchObject({ limits: [] });
      expect(none.body.lease_id).toMatch(UUID);
    });

    it('takes several limits all or none', async () => {
      const roomy = await createLimit(server(), { name: unique('roomy'), limit: 5 });
      const full = await createLimit(server(), { name: unique('full'), limit: 2, active_slots: 2 });
      const res = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [roomy.name, full.name], slots: 1 });
      expect(res.status).toBe(423);
      expect((await storedLimit(server(), roomy.id)).active_slots).toBe(0);
      expect((await storedLimit(server(), full.id)).active_slots).toBe(2);
    });

    it('refuses more slots than a limit holds, rate limiting without decay, and bad numbers', async () => {
      const limit = await createLimit(server(), { name: unique('small'), limit: 2 });
      expect(await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 3 })).toMatchObject({
        status: 422,
        body: { detail: 'Slots requested is greater than the limit' },
      });
      const other = await createLimit(server(), { name: unique('other'), limit: 2 });
      const rate = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name, other.name], slots: 1, mode: 'rate_limit' });
      expect(rate.status).toBe(422);
      const names = [limit.name, other.name].sort().join(',');
      expect(rate.body.detail).toBe(`Only concurrency limits with slot decay can be used for rate limiting. The following limits do not have a decay configured: '${names}'`);
      const zero = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 0 });
      expect(zero.status).toBe(422);
      expect(zero.body.exception_detail[0]).toMatchObject({ type: 'greater_than', loc: ['body', 'slots'], msg: 'Input should be greater than 0' });
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 1, mode: 'other' })).status).toBe(422);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name] })).status).toBe(422);
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [limit.name], slots: 1, occupancy_seconds: 0 })).status).toBe(422);
      for (const lease_duration of [59, 86401]) {
        expect((await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, lease_duration })).status).toBe(422);
      }
      expect(
        (await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, holder: { type: 'task_run', id: MISSING, x: 1 } })).status,
      ).toBe(422);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1, holder: { type: 'robot', id: MISSING } })).status).toBe(
        422,
      );
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
    });

    it('folds the occupancy into the running average (over limit × 2 samples)', async () => {
      const limit = await createLimit(server(), { name: unique('avg'), limit: 2, active_slots: 2 });
      await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [limit.name], slots: 1, occupancy_seconds: 10 });
      // 2.0 + (10 − 2.0) / 4
      expect((await storedLimit(server(), limit.id)).avg_slot_occupancy_seconds).toBeCloseTo(4.0, 9);
    });
  });

  describe('423 Locked (surprise 22)', () => {
    it('answers {"detail":"Locked"} with a jittered Retry-After and changes nothing', async () => {
      const limit = await createLimit(server(), { name: unique('locked'), limit: 10, active_slots: 10, denied_slots: 10 });
      const before = await storedLimit(server(), limit.id);
      const values: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [limit.name], slots: 1 });
        expect(res.status).toBe(423);
        expect(res.body).toEqual({ detail: 'Locked' });
        const header = res.headers.get('retry-after')!;
        expect(header).toMatch(/^\d+\.\d+$/);
        values.push(Number(header));
      }
      // No decay, average 2.0: b = 1.1, average 2.2 → within [0.7517 × 2.2, 1.3 × 2.2].
      for (const v of values) expect(v).toBeGreaterThanOrEqual(0.7517 * 2.2 - 1e-9);
      for (const v of values) expect(v).toBeLessThanOrEqual(1.3 * 2.2 + 1e-9);
      const after = await storedLimit(server(), limit.id);
      expect(after).toMatchObject({ active_slots: 10, denied_slots: 10 });
      expect(after.updated.getTime()).toBe(before.updated.getTime());
    });

    it('rate limits wait slots / decay; tag limits are capped at the tag wait', async () => {
      const rate = await createLimit(server(), { name: unique('rate'), limit: 10, active_slots: 10, denied_slots: 10, slot_decay_per_second: 0.1 });
      const r = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [rate.name], slots: 1, mode: 'rate_limit' });
      expect(r.status).toBe(423);
      const v = Number(r.headers.get('retry-after'));
      expect(v).toBeGreaterThanOrEqual(0.7517 * 110);
      expect(v).toBeLessThanOrEqual(1.3 * 110);
      const tag = await createLimit(server(), { name: `tag:${unique('t')}`, limit: 1, active_slots: 1 });
      await server().db.concurrencyLimitV2.update({ where: { id: tag.id }, data: { avg_slot_occupancy_seconds: 600 } });
      const t = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [tag.name], slots: 1 });
      const w = Number(t.headers.get('retry-after'));
      expect(w).toBeGreaterThanOrEqual(7.5);
      expect(w).toBeLessThanOrEqual(13);
    });

    it('GraphQL reports the 423 with its Retry-After in extensions', async () => {
      const limit = await createLimit(server(), { name: unique('gql-locked'), limit: 1, active_slots: 1 });
      const res = await server().gql(`mutation($n: [String!]!) { bulk_increment_active_slots(names: $n, slots: 1) { id } }`, { n: [limit.name] });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'LOCKED', status: 423 });
      expect((res.errors![0].extensions as { headers: Record<string, string> }).headers['Retry-After']).toMatch(/^\d+\.\d+$/);
    });
  });

  describe('leases (surprises 23, 24, 25)', () => {
    it('increment-with-lease stores the lease; decrement-with-lease releases it once', async () => {
      const limit = await createLimit(server(), { name: unique('lease'), limit: 3 });
      const holder = { type: 'flow_run', id: '00000000-0000-4000-8000-0000000000aa' };
      const res = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 2, lease_duration: 120, holder });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['lease_id', 'limits']);
      expect(res.body.limits).toEqual([{ id: limit.id, name: limit.name, limit: 3 }]);
      const lease = await server().db.concurrencyLease.findUniqueOrThrow({ where: { id: res.body.lease_id } });
      expect(lease).toMatchObject({ slots: 2, holder_type: 'flow_run', holder_id: holder.id, resource_ids: [limit.id] });
      expect(Math.abs(lease.expiration.getTime() - Date.now() - 120_000)).toBeLessThan(10_000);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(2);
      const [a, b] = await Promise.all([
        server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: res.body.lease_id }),
        server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: res.body.lease_id }),
      ]);
      expect([a.status, b.status]).toEqual([204, 204]);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
      expect(await server().db.concurrencyLease.count({ where: { id: res.body.lease_id } })).toBe(0);
    });

    it('unknown lease: decrement 204, renew 410; non-UUID renew 422 (not 404)', async () => {
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: MISSING })).status).toBe(204);
      expect(await server().rest('POST', `/v2/concurrency_limits/leases/${MISSING}/renew`, {})).toMatchObject({
        status: 410,
        body: { detail: 'Lease not found - it may have expired or been revoked' },
      });
      const bad = await server().rest('POST', '/v2/concurrency_limits/leases/not-a-uuid/renew', {});
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'lease_id'] });
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: 'nope' })).status).toBe(422);
    });

    it('renews to now + lease_duration, also an expired lease not yet reaped', async () => {
      const limit = await createLimit(server(), { name: unique('renew'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 1 });
      await server().db.concurrencyLease.update({ where: { id: body.lease_id }, data: { expiration: new Date(Date.now() - 1000) } });
      const res = await server().rest('POST', `/v2/concurrency_limits/leases/${body.lease_id}/renew`, { lease_duration: 600 });
      expect(res.status).toBe(204);
      const lease = await server().db.concurrencyLease.findUniqueOrThrow({ where: { id: body.lease_id } });
      expect(Math.abs(lease.expiration.getTime() - Date.now() - 600_000)).toBeLessThan(10_000);
      expect((await server().rest('POST', `/v2/concurrency_limits/leases/${body.lease_id}/renew`, { lease_duration: 10 })).status).toBe(422);
    });

    it('an expired lease not yet reaped is released normally', async () => {
      const limit = await createLimit(server(), { name: unique('late'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [limit.name], slots: 2 });
      await server().db.concurrencyLease.update({ where: { id: body.lease_id }, data: { expiration: new Date(Date.now() - 1000) } });
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: body.lease_id })).status).toBe(204);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(0);
    });

    it('deleting a limit keeps its leases; releasing them later is no error (Prefect: 500)', async () => {
      const gone = await createLimit(server(), { name: unique('gone'), limit: 3 });
      const kept = await createLimit(server(), { name: unique('kept'), limit: 3 });
      const { body } = await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [gone.name, kept.name], slots: 1 });
      expect((await server().rest('DELETE', `/v2/concurrency_limits/${gone.id}`)).status).toBe(204);
      expect(await server().db.concurrencyLease.count({ where: { id: body.lease_id } })).toBe(1);
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement-with-lease', { lease_id: body.lease_id })).status).toBe(204);
      expect((await storedLimit(server(), kept.id)).active_slots).toBe(0);
      const dec = await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [gone.name], slots: 1 });
      expect(dec).toMatchObject({ status: 200, body: [] });
    });
  });
});
