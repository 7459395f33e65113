// Tag-based concurrency limits (v1) as an adapter over `tag:<tag>` global
// limits (logs-variables-concurrency §3.1–3.2; surprises 13–17).
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { PREFECT_DATETIME, UUID, createLimit, storedLimit, unique } from './helpers.ts';

const RUN_A = '00000000-0000-4000-8000-00000000000a';
const RUN_B = '00000000-0000-4000-8000-00000000000b';
const RUN_C = '00000000-0000-4000-8000-00000000000c';

describeEachDatabase('v1 tag concurrency limits', (server) => {
  const createTag = async (tag: string, concurrency_limit: number) => {
    const res = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit });
    expect([200, 201]).toContain(res.status);
    return res.body as { id: string; tag: string; concurrency_limit: number; active_slots: string[]; updated: string };
  };

  describe('create is an upsert on tag:<tag> (surprise 13)', () => {
    it('answers 201 first, then 200 with the limit updated', async () => {
      const tag = unique('db');
      const first = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 2 });
      expect(first.status).toBe(201);
      expect(Object.keys(first.body)).toEqual(['id', 'created', 'updated', 'tag', 'concurrency_limit', 'active_slots']);
      expect(first.body).toMatchObject({ tag, concurrency_limit: 2, active_slots: [] });
      expect(first.body.id).toMatch(UUID);
      expect(first.body.created).toMatch(PREFECT_DATETIME);
      const row = await storedLimit(server(), first.body.id);
      expect(row).toMatchObject({ name: `tag:${tag}`, limit: 2, active: true, slot_decay_per_second: 0, avg_slot_occupancy_seconds: 2 });
      const second = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: 5 });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: first.body.id, concurrency_limit: 5 });
      expect(second.body.updated >= first.body.updated).toBe(true);
      expect((await server().rest('GET', `/v2/concurrency_limits/tag:${tag}`)).body).toMatchObject({ id: first.body.id, limit: 5 });
    });

    it('racing creates of one tag: exactly one 201', async () => {
      const tag = unique('race');
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: i + 1 })));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
      expect(await server().db.concurrencyLimitV2.count({ where: { name: `tag:${tag}` } })).toBe(1);
    });

    it('validates: both fields required, unknown keys, / % & > < in the tag, negative limit on update (Prefect: 500)', async () => {
      expect((await server().rest('POST', '/concurrency_limits/', { tag: 'x' })).status).toBe(422);
      expect((await server().rest('POST', '/concurrency_limits/', { tag: 'x', concurrency_limit: 1, other: 1 })).status).toBe(422);
      const slash = await server().rest('POST', '/concurrency_limits/', { tag: 'a/b', concurrency_limit: 1 });
      expect(slash.status).toBe(422);
      expect(slash.body.exception_detail[0]).toMatchObject({ type: 'string_pattern_mismatch', loc: ['body', 'tag'] });
      const tag = unique('neg');
      // A negative limit is taken on create, as Prefect does...
      expect((await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: -1 })).status).toBe(201);
      // ...but not on update.
      const update = await server().rest('POST', '/concurrency_limits/', { tag, concurrency_limit: -2 });
      expect(update.status).toBe(422);
      expect(update.body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'concurrency_limit'] });
    });
  });

  describe('reads', () => {
    it('by id (tag limits only) and by tag; 404 "Concurrency limit not found"', async () => {
      const tag = unique('read');
      const created = await createTag(tag, 3);
      expect((await server().rest('GET', `/concurrency_limits/${created.id}`)).body).toEqual(created);
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body).toEqual(created);
      const global = await createLimit(server(), { name: unique('global'), limit: 1 });
      expect(await server().rest('GET', `/concurrency_limits/${global.id}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
      expect(await server().rest('GET', `/concurrency_limits/tag/${unique('none')}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
      expect(await server().rest('GET', '/concurrency_limits/not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });

    it('filter windows over all global limits by name (surprise 15)', async () => {
      // Names before "tag:" (like deployment:<id>) use up the window.
      const before = await server().rest('POST', '/v2/concurrency_limits/filter', {});
      const countBeforeTag = before.body.filter((l: { name: string }) => l.name < 'tag:').length;
      const tagA = `a-${unique('w')}`;
      const tagB = `b-${unique('w')}`;
      await createTag(tagA, 1);
      await createTag(tagB, 1);
      for (let i = 0; i < 3; i++) await createLimit(server(), { name: `deployment:${unique('d')}`, limit: 1 });
      const all = (await server().rest('POST', '/v2/concurrency_limits/filter', {})).body as { name: string }[];
      const window = all.filter((l) => l.name < 'tag:').length;
      expect(window).toBe(countBeforeTag + 3);
      const tagsAll = (await server().rest('POST', '/concurrency_limits/filter', {})).body.map((l: { tag: string }) => l.tag);
      expect(tagsAll).toEqual(expect.arrayContaining([tagA, tagB]));
      expect(Object.keys((await server().rest('POST', '/concurrency_limits/filter', {})).body[0])).toEqual([
        'id',
        'created',
        'updated',
        'tag',
        'concurrency_limit',
        'active_slots',
      ]);
      // A window as large as the non-tag names before "tag:" holds no tag limit at all.
      expect((await server().rest('POST', '/concurrency_limits/filter', { limit: window })).body).toEqual([]);
      const tagRows = all.filter((l) => l.name.startsWith('tag:'));
      const firstTag = tagRows[0].name.slice(4);
      expect((await server().rest('POST', '/concurrency_limits/filter', { limit: window + 1 })).body.map((l: { tag: string }) => l.tag)).toEqual([firstTag]);
      // offset slices the tag limits found in the first limit + offset rows: here the first two.
      const shifted = await server().rest('POST', '/concurrency_limits/filter', { limit: window + 1, offset: 1 });
      expect(shifted.body.map((l: { tag: string }) => l.tag)).toEqual([tagRows[1].name.slice(4)]);
    });
  });

  describe('increment and decrement', () => {
    it('takes a slot per tag with a lease; active_slots lists the holders (surprise 14)', async () => {
      const tag = unique('inc');
      const limit = await createTag(tag, 2);
      const inc = await server().rest('POST', '/concurrency_limits/increment', { names: [tag, unique('no-limit')], task_run_id: RUN_A });
      expect(inc).toMatchObject({ status: 200, body: [{ id: limit.id, name: tag, limit: 2 }] });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_B });
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([RUN_A, RUN_B]);
      expect((await server().rest('GET', `/v2/concurrency_limits/${limit.id}`)).body.active_slots).toBe(2);
      const leases = await server().db.concurrencyLease.findMany({ where: { holder_id: RUN_A } });
      expect(leases).toHaveLength(1);
      expect(leases[0]).toMatchObject({ slots: 1, holder_type: 'task_run', resource_ids: [limit.id] });
      expect(leases[0].expiration.getTime() - Date.now()).toBeGreaterThan(99 * 365 * 24 * 3600 * 1000);
    });

    it('full → 423 naming the tag with Retry-After 10.0; nothing taken (surprise 16)', async () => {
      const free = unique('free');
      const full = unique('full');
      const freeLimit = await createTag(free, 5);
      await createTag(full, 1);
      await server().rest('POST', '/concurrency_limits/increment', { names: [full], task_run_id: RUN_A });
      const res = await server().rest('POST', '/concurrency_limits/increment', { names: [free, full], task_run_id: RUN_B });
      expect(res.status).toBe(423);
      expect(res.body).toEqual({ detail: `Concurrency limit for the ${free} tag has been reached` });
      expect(res.headers.get('retry-after')).toBe('10.0');
      expect((await storedLimit(server(), freeLimit.id)).active_slots).toBe(0);
      expect(await server().db.concurrencyLease.count({ where: { holder_id: RUN_B, resource_ids: { equals: [freeLimit.id] } } })).toBe(0);
    });

    it('a zero limit → 423 without Retry-After, even when inactive (surprise 16)', async () => {
      const zero = unique('zero');
      const limit = await createTag(zero, 0);
      const res = await server().rest('POST', '/concurrency_limits/increment', { names: [zero], task_run_id: RUN_A });
      expect(res).toMatchObject({ status: 423, body: { detail: `The concurrency limit on tag "${zero}" is 0 and will deadlock if the task tries to run again.` } });
      expect(res.headers.get('retry-after')).toBeNull();
      await server().rest('PATCH', `/v2/concurrency_limits/${limit.id}`, { active: false });
      expect((await server().rest('POST', '/concurrency_limits/increment', { names: [zero], task_run_id: RUN_A })).status).toBe(423);
    });

    it('an inactive tag limit is skipped', async () => {
      const tag = unique('inactive');
      const limit = await createTag(tag, 1);
      await server().rest('PATCH', `/v2/concurrency_limits/${limit.id}`, { active: false });
      expect(await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_A })).toMatchObject({ status: 200, body: [] });
    });

    it('decrement releases the run’s leases and answers prefixed names (surprise 17)', async () => {
      const tag = unique('dec');
      const limit = await createTag(tag, 3);
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_A });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_A });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_B });
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(3);
      const res = await server().rest('POST', '/concurrency_limits/decrement', { names: [tag], task_run_id: RUN_A, occupancy_seconds: 3 });
      expect(res).toMatchObject({ status: 200, body: [{ id: limit.id, name: `tag:${tag}`, limit: 3 }] });
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(1);
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([RUN_B]);
      // Every limit found is answered, released or not; unknown names answer [].
      expect((await server().rest('POST', '/concurrency_limits/decrement', { names: [tag], task_run_id: RUN_C })).body).toHaveLength(1);
      expect((await server().rest('POST', '/concurrency_limits/decrement', { names: [unique('none')], task_run_id: RUN_C })).body).toEqual([]);
    });
  });

  describe('reset and delete answer 200 null (surprises 13, 14)', () => {
    it('reset revokes the leases, leaves the counter, then leases one slot per override', async () => {
      const tag = unique('reset');
      const limit = await createTag(tag, 5);
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_A });
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_B });
      const cleared = await server().rest('POST', `/concurrency_limits/tag/${tag}/reset`, {});
      expect(cleared).toMatchObject({ status: 200, text: 'null' });
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([]);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(2);
      const override = await server().rest('POST', `/concurrency_limits/tag/${tag}/reset`, { slot_override: [RUN_C] });
      expect(override).toMatchObject({ status: 200, text: 'null' });
      expect((await server().rest('GET', `/concurrency_limits/tag/${tag}`)).body.active_slots).toEqual([RUN_C]);
      expect((await storedLimit(server(), limit.id)).active_slots).toBe(3);
      expect(await server().rest('POST', `/concurrency_limits/tag/${unique('none')}/reset`, {})).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
      expect((await server().rest('POST', `/concurrency_limits/tag/${tag}/reset`, { slot_override: ['nope'] })).status).toBe(422);
    });

    it('delete by tag or by id (any global limit) revokes leases; then 404', async () => {
      const tag = unique('del');
      const limit = await createTag(tag, 2);
      await server().rest('POST', '/concurrency_limits/increment', { names: [tag], task_run_id: RUN_A });
      expect(await server().rest('DELETE', `/concurrency_limits/tag/${tag}`)).toMatchObject({ status: 200, text: 'null' });
      expect(await server().db.concurrencyLease.count({ where: { holder_id: RUN_A, resource_ids: { equals: [limit.id] } } })).toBe(0);
      expect(await server().rest('DELETE', `/concurrency_limits/tag/${tag}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
      const global = await createLimit(server(), { name: unique('g'), limit: 1 });
      expect(await server().rest('DELETE', `/concurrency_limits/${global.id}`)).toMatchObject({ status: 200, text: 'null' });
      expect(await server().rest('DELETE', `/concurrency_limits/${global.id}`)).toMatchObject({ status: 404, body: { detail: 'Concurrency limit not found' } });
    });
  });

  describe('GraphQL', () => {
    it('serves the v1 operations under Prefect’s names', async () => {
      const tag = unique('gql');
      const created = await server().gql(
        `mutation($t: String!) { create_concurrency_limit(concurrency_limit: {tag: $t, concurrency_limit: 1}) { id tag concurrency_limit active_slots } }`,
        { t: tag },
      );
      expect(created.data).toMatchObject({ create_concurrency_limit: { tag, concurrency_limit: 1, active_slots: [] } });
      const limitId = (created.data as { create_concurrency_limit: { id: string } }).create_concurrency_limit.id;
      const inc = await server().gql(`mutation($t: String!, $r: UUID!) { increment_concurrency_limits_v1(names: [$t], task_run_id: $r) { name limit } }`, { t: tag, r: RUN_A });
      expect(inc.data).toEqual({ increment_concurrency_limits_v1: [{ name: tag, limit: 1 }] });
      const locked = await server().gql(`mutation($t: String!, $r: UUID!) { increment_concurrency_limits_v1(names: [$t], task_run_id: $r) { name } }`, { t: tag, r: RUN_B });
      expect(locked.errors?.[0]).toMatchObject({
        message: `Concurrency limit for the ${tag} tag has been reached`,
        extensions: { code: 'LOCKED', status: 423, headers: { 'Retry-After': '10.0' } },
      });
      const read = await server().gql(`query($t: String!) { read_concurrency_limit_by_tag(tag: $t) { active_slots } read_concurrency_limits(limit: 200) { tag } }`, { t: tag });
      expect(read.data).toMatchObject({ read_concurrency_limit_by_tag: { active_slots: [RUN_A] } });
      const dec = await server().gql(`mutation($t: String!, $r: UUID!) { decrement_concurrency_limits_v1(names: [$t], task_run_id: $r) { name } }`, { t: tag, r: RUN_A });
      expect(dec.data).toEqual({ decrement_concurrency_limits_v1: [{ name: `tag:${tag}` }] });
      const reset = await server().gql(`mutation($t: String!, $r: UUID!) { reset_concurrency_limit_by_tag(tag: $t, slot_override: [$r]) }`, { t: tag, r: RUN_C });
      expect(reset).toEqual({ data: { reset_concurrency_limit_by_tag: null } });
      const byId = await server().gql(`query($id: UUID!) { read_concurrency_limit(id: $id) { active_slots } }`, { id: limitId });
      expect(byId.data).toEqual({ read_concurrency_limit: { active_slots: [RUN_C] } });
      const del = await server().gql(`mutation($t: String!) { delete_concurrency_limit_by_tag(tag: $t) }`, { t: tag });
      expect(del).toEqual({ data: { delete_concurrency_limit_by_tag: null } });
      const missing = await server().gql(`mutation($id: UUID!) { delete_concurrency_limit(id: $id) }`, { id: limitId });
      expect(missing.errors?.[0]).toMatchObject({ message: 'Concurrency limit not found', extensions: { code: 'NOT_FOUND', status: 404 } });
    });
  });
});
