// v2 through GraphQL under Prefect's operation names, and inputs at the edges
// that must never be a 500.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { ageLimit, createLimit, storedLimit, unique } from './helpers.ts';

describeEachDatabase('v2 concurrency limits: GraphQL and edges', (server) => {
  describe('GraphQL', () => {
    it('serves every v2 operation', async () => {
      const name = unique('gql');
      const created = await server().gql(
        `mutation($n: Name!) { create_concurrency_limit_v2(concurrency_limit: {name: $n, limit: 2}) { id name limit active_slots denied_slots avg_slot_occupancy_seconds } }`,
        { n: name },
      );
      expect(created.data).toMatchObject({ create_concurrency_limit_v2: { name, limit: 2, active_slots: 0, denied_slots: 0, avg_slot_occupancy_seconds: 2 } });
      const id = (created.data as { create_concurrency_limit_v2: { id: string } }).create_concurrency_limit_v2.id;

      const leased = await server().gql(
        `mutation($n: [String!]!, $h: UUID!) { bulk_increment_active_slots_with_lease(names: $n, slots: 1, lease_duration: 120, holder: {type: task_run, id: $h}) { lease_id limits { id name limit } } }`,
        { n: [name], h: '00000000-0000-4000-8000-000000000001' },
      );
      const leaseId = (leased.data as { bulk_increment_active_slots_with_lease: { lease_id: string } }).bulk_increment_active_slots_with_lease.lease_id;
      expect(leased.data).toMatchObject({ bulk_increment_active_slots_with_lease: { limits: [{ id, name, limit: 2 }] } });
      const inc = await server().gql(`mutation($n: [String!]!) { bulk_increment_active_slots(names: $n, slots: 1, mode: concurrency) { name } }`, { n: [name] });
      expect(inc.data).toEqual({ bulk_increment_active_slots: [{ name }] });
      const read = await server().gql(`query($k: String!) { read_concurrency_limit_v2(id_or_name: $k) { active_slots } read_all_concurrency_limits_v2(limit: 200) { name } }`, {
        k: id,
      });
      expect(read.data).toMatchObject({ read_concurrency_limit_v2: { active_slots: 2 } });
      const renew = await server().gql(`mutation($l: String!) { renew_concurrency_lease(lease_id: $l, lease_duration: 90) }`, { l: leaseId });
      expect(renew.data).toEqual({ renew_concurrency_lease: true });
      const dec = await server().gql(`mutation($n: [String!]!) { bulk_decrement_active_slots(names: $n, slots: 1, occupancy_seconds: 4.0) { name } }`, { n: [name] });
      expect(dec.data).toEqual({ bulk_decrement_active_slots: [{ name }] });
      const decLease = await server().gql(`mutation($l: UUID!) { bulk_decrement_active_slots_with_lease(lease_id: $l) }`, { l: leaseId });
      expect(decLease.data).toEqual({ bulk_decrement_active_slots_with_lease: true });
      expect((await storedLimit(server(), id)).active_slots).toBe(0);
      const gone = await server().gql(`mutation($l: String!) { renew_concurrency_lease(lease_id: $l) }`, { l: leaseId });
      expect(gone.errors?.[0]).toMatchObject({ message: 'Lease not found - it may have expired or been revoked', extensions: { code: 'GONE', status: 410 } });
      const upd = await server().gql(`mutation($k: String!) { update_concurrency_limit_v2(id_or_name: $k, concurrency_limit: {limit: 9}) }`, { k: name });
      expect(upd.data).toEqual({ update_concurrency_limit_v2: true });
      const del = await server().gql(`mutation($k: String!) { delete_concurrency_limit_v2(id_or_name: $k) }`, { k: name });
      expect(del.data).toEqual({ delete_concurrency_limit_v2: true });
      const missing = await server().gql(`query($k: String!) { read_concurrency_limit_v2(id_or_name: $k) { id } }`, { k: name });
      expect(missing.errors?.[0]).toMatchObject({ message: 'Concurrency Limit not found', extensions: { code: 'NOT_FOUND', status: 404 } });
    });
  });

  describe('edges (never a 500)', () => {
    it('huge decay rates, occupancies and non-finite numbers', async () => {
      const fast = await createLimit(server(), { name: unique('fast'), limit: 5, active_slots: 5, slot_decay_per_second: 1e308 });
      await ageLimit(server(), fast.id, 10);
      expect((await server().rest('GET', `/v2/concurrency_limits/${fast.id}`)).body.active_slots).toBe(0);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names: [fast.name], slots: 5, mode: 'rate_limit' })).status).toBe(200);
      const slow = await createLimit(server(), { name: unique('slow'), limit: 5, active_slots: 5 });
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [slow.name], slots: 1, occupancy_seconds: 1e308 })).status).toBe(200);
      const inf = await server().rest('POST', '/v2/concurrency_limits/', '{"name": "inf-decay", "limit": 1, "slot_decay_per_second": 1e309}');
      expect(inf.status).toBe(422);
      const infOcc = await server().rest('POST', '/v2/concurrency_limits/decrement', `{"names": ["${slow.name}"], "slots": 1, "occupancy_seconds": 1e309}`);
      expect(infOcc.status).toBe(422);
      const big = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [slow.name], slots: 2 ** 31 - 1 });
      expect(big.status).toBe(422);
      const tooBig = await server().rest('POST', '/v2/concurrency_limits/increment', { names: [slow.name], slots: 2 ** 40 });
      expect(tooBig.status).toBe(422);
    });

    it('text with NUL, lists of many names, a keyed body that is not an object', async () => {
      expect((await server().rest('POST', '/v2/concurrency_limits/', { name: 'a\u0000b', limit: 1 })).status).toBe(422);
      expect((await server().rest('POST', '/concurrency_limits/', { tag: 'a\u0000b', concurrency_limit: 1 })).status).toBe(422);
      for (const bad of ['\ud800', 'a\u0000']) {
        expect((await server().rest('POST', '/v2/concurrency_limits/increment-with-lease', { names: [bad], slots: 1 })).status).toBe(422);
        expect((await server().rest('POST', '/v2/concurrency_limits/decrement', { names: ['ok', bad], slots: 1 })).status).toBe(422);
        expect((await server().rest('POST', '/concurrency_limits/increment', { names: [bad], task_run_id: '00000000-0000-4000-8000-000000000001' })).status).toBe(422);
      }
      expect((await server().rest('GET', '/v2/concurrency_limits/a%00')).status).toBe(422);
      const names = Array.from({ length: 2000 }, (_, i) => `n-${i}`);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names, slots: 1 })).status).toBe(200);
      expect((await server().rest('POST', '/concurrency_limits/increment', { names, task_run_id: '00000000-0000-4000-8000-000000000001' })).status).toBe(200);
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', [1, 2])).status).toBe(422);
      expect((await server().rest('POST', '/concurrency_limits/filter', 'nonsense')).status).toBe(422);
    });

    it('a trailing slash after a name redirects (307) to the path as sent, percent-encoded', async () => {
      const res = await server().rest('GET', '/v2/concurrency_limits/%E2%9C%93%20x/');
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toMatch(/\/api\/v2\/concurrency_limits\/%E2%9C%93%20x$/);
    });

    it('a limit of 0 refuses any slots; an inactive zero limit is listed', async () => {
      const zero = await createLimit(server(), { name: unique('zero'), limit: 0 });
      expect(await server().rest('POST', '/v2/concurrency_limits/increment', { names: [zero.name], slots: 1 })).toMatchObject({
        status: 422,
        body: { detail: 'Slots requested is greater than the limit' },
      });
      await server().rest('PATCH', `/v2/concurrency_limits/${zero.id}`, { active: false });
      expect((await server().rest('POST', '/v2/concurrency_limits/increment', { names: [zero.name], slots: 1 })).body).toEqual([{ id: zero.id, name: zero.name, limit: 0 }]);
      expect((await server().rest('POST', '/v2/concurrency_limits/decrement', { names: [zero.name], slots: 1, occupancy_seconds: 5 })).status).toBe(200);
    });
  });
});
