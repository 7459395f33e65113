// The /automations routes (events §5.4, §9 items 18–22, 26): statuses, the
// 404 body, fresh trigger ids, PUT as a full replacement, PATCH, DELETE,
// filter/sort/count, related resources, owned-by deletes, lifecycle events
// and change notices, and the GraphQL door.
import { describe, expect, it } from 'vitest';
import { onAutomationChange } from '../../../src/automations/channels.ts';
import type { AutomationChange } from '../../../src/automations/types.ts';
import { describeEachDatabase } from '../../support/each-database.ts';
import { useCollector } from '../../events-emitted/support.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const NOT_FOUND = { exception_message: 'Automation not found' };
const KEYS = ['name', 'description', 'enabled', 'tags', 'trigger', 'actions', 'actions_on_trigger', 'actions_on_resolve', 'id', 'created', 'updated'];

const reactive = (extra: Record<string, unknown> = {}) => ({ type: 'event', posture: 'Reactive', expect: ['thing.happened'], ...extra });
const body = (extra: Record<string, unknown> = {}) => ({ name: 'auto', trigger: reactive(), actions: [{ type: 'do-nothing' }], ...extra });

describeEachDatabase('automation routes', (server) => {
  const { emitted } = useCollector(server);
  const create = (b: unknown) => server().rest('POST', '/automations/', b);
  const read = (id: string) => server().rest('GET', `/automations/${id}`);
  const filter = (b: unknown = {}) => server().rest('POST', '/automations/filter', b);

  describe('create, read, statuses', () => {
    it('creates with 201, Prefect’s keys and defaults, and reads it back', async () => {
      const res = await create(body());
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(KEYS);
      expect(res.body).toMatchObject({ name: 'auto', description: '', enabled: true, tags: [], actions_on_trigger: [], actions_on_resolve: [] });
      expect(res.body.trigger).toEqual({
        type: 'event',
        id: res.body.trigger.id,
        match: {},
        match_related: {},
        after: [],
        expect: ['thing.happened'],
        for_each: [],
        posture: 'Reactive',
        threshold: 1,
        within: 0,
      });
      expect(res.body.actions).toEqual([{ type: 'do-nothing' }]);
      expect((await read(res.body.id)).body).toEqual(res.body);
    });

    it('prints durations inside the trigger and actions as Prefect does, with a fraction (within, schedule_after)', async () => {
      const trigger = { type: 'compound', require: 'any', within: 60, triggers: [{ type: 'event', posture: 'Reactive', expect: ['a'], within: 5 }] };
      const actions = [{ type: 'run-deployment', source: 'inferred', schedule_after: 30 }];
      const res = await create({ ...body(), trigger, actions });
      expect(res.status).toBe(201);
      expect(res.text).toContain('"within":60.0');
      expect(res.text).toContain('"within":5.0');
      expect(res.text).toContain('"schedule_after":30.0');
      expect(res.text).toContain('"threshold":1,');
    });

    it('answers 404 with exception_message for a missing id on every id route, and the router’s 404 for a non-UUID', async () => {
      expect(await read(MISSING)).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await server().rest('PUT', `/automations/${MISSING}`, body())).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await server().rest('PATCH', `/automations/${MISSING}`, { enabled: false })).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await server().rest('DELETE', `/automations/${MISSING}`)).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await read('not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });

    it('replaces every client trigger id, nested ones too, on create and on PUT', async () => {
      const sent = [MISSING, '11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
      const trigger = {
        type: 'compound',
        id: sent[0],
        require: 'all',
        within: 60,
        triggers: [reactive({ id: sent[1] }), { type: 'sequence', id: sent[2], within: null, triggers: [reactive({ id: sent[1] })] }],
      };
      const ids = (t: { id: string; triggers?: unknown[] }): string[] => [t.id, ...((t.triggers ?? []) as never[]).flatMap(ids)];
      const created = await create(body({ trigger }));
      expect(created.status).toBe(201);
      const first = ids(created.body.trigger);
      expect(first).toHaveLength(4);
      expect(new Set(first).size).toBe(4);
      for (const id of first) expect(sent).not.toContain(id);
      expect(await server().rest('PUT', `/automations/${created.body.id}`, body({ trigger: { ...trigger, triggers: [reactive({ id: first[1] })], require: 1 } }))).toMatchObject({
        status: 204,
      });
      const after = (await read(created.body.id)).body;
      expect(ids(after.trigger)).toHaveLength(2);
      for (const id of ids(after.trigger)) expect([...sent, ...first]).not.toContain(id);
      expect(after.trigger).toMatchObject({ type: 'compound', within: 60, require: 1 });
    });

    it('refuses unknown keys (also id on PUT and anything but enabled on PATCH)', async () => {
      const res = await create(body({ color: 'red' }));
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'color'], msg: 'Extra inputs are not permitted', input: 'red' }]);
      const id = (await create(body())).body.id;
      const put = await server().rest('PUT', `/automations/${id}`, body({ id }));
      expect(put.status).toBe(422);
      expect(put.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'id'] });
      const patch = await server().rest('PATCH', `/automations/${id}`, { enabled: false, name: 'x' });
      expect(patch.status).toBe(422);
      expect(patch.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'name'] });
    });

    it('requires name, trigger and actions ([] allowed)', async () => {
      const res = await create({ trigger: reactive() });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail.map((i: { loc: unknown[] }) => i.loc)).toEqual([
        ['body', 'name'],
        ['body', 'actions'],
      ]);
      expect((await create({ name: 'x', actions: [] })).body.exception_detail).toEqual([
        { type: 'missing', loc: ['body', 'trigger'], msg: 'Field required', input: { name: 'x', actions: [] } },
      ]);
      expect((await create(body({ actions: [] }))).status).toBe(201);
    });
  });

  describe('PUT and PATCH', () => {
    it('PUT is a full replacement: omitted description, tags, enabled and actions_on_* revert to defaults', async () => {
      const full = body({ description: 'd', tags: ['a', 'b'], enabled: false, actions_on_trigger: [{ type: 'do-nothing' }], actions_on_resolve: [{ type: 'do-nothing' }] });
      const created = await create(full);
      expect(created.body).toMatchObject({ description: 'd', tags: ['a', 'b'], enabled: false });
      const put = await server().rest('PUT', `/automations/${created.body.id}`, { name: 'renamed', trigger: reactive({ threshold: 3, within: 42 }), actions: [] });
      expect(put.status).toBe(204);
      expect(put.text).toBe('');
      const after = (await read(created.body.id)).body;
      expect(after).toMatchObject({ name: 'renamed', description: '', tags: [], enabled: true, actions: [], actions_on_trigger: [], actions_on_resolve: [] });
      expect(after.trigger).toMatchObject({ threshold: 3, within: 42 });
      expect(after.created).toBe(created.body.created);
      expect(after.updated >= created.body.updated).toBe(true);
      // The tag rows follow: the old tags no longer match.
      expect((await filter({ automations: { tags: { any_: ['a'] } } })).body.map((a: { id: string }) => a.id)).not.toContain(created.body.id);
    });

    it('PATCH sets enabled (default true), keeps everything else, and answers 204', async () => {
      const created = (await create(body({ tags: ['keep'] }))).body;
      expect(await server().rest('PATCH', `/automations/${created.id}`, { enabled: false })).toMatchObject({ status: 204, text: '' });
      expect((await read(created.id)).body).toMatchObject({ enabled: false, tags: ['keep'], name: 'auto' });
      expect((await server().rest('PATCH', `/automations/${created.id}`, { enabled: 'yes' })).status).toBe(204);
      expect((await read(created.id)).body.enabled).toBe(true);
      await server().rest('PATCH', `/automations/${created.id}`, { enabled: 0 });
      expect((await read(created.id)).body.enabled).toBe(false);
      expect((await server().rest('PATCH', `/automations/${created.id}`, {})).status).toBe(204);
      expect((await read(created.id)).body.enabled).toBe(true);
      const bad = await server().rest('PATCH', `/automations/${created.id}`, { enabled: 'maybe' });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'bool_parsing', loc: ['body', 'enabled'] });
      expect((await server().rest('PATCH', `/automations/${created.id}`)).body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body'] });
    });

    it('DELETE answers 204, then the automation is gone', async () => {
      const created = (await create(body())).body;
      expect(await server().rest('DELETE', `/automations/${created.id}`)).toMatchObject({ status: 204, text: '' });
      expect(await read(created.id)).toMatchObject({ status: 404, body: NOT_FOUND });
      expect(await server().rest('DELETE', `/automations/${created.id}`)).toMatchObject({ status: 404, body: NOT_FOUND });
    });
  });

  describe('filter, sort, count', () => {
    it('sorts by name ascending by default and by every AutomationSort; pages with limit and offset', async () => {
      await server().rest('DELETE', '/automations/owned-by/nobody');
      for (const [name, tags] of [
        ['f-b', ['x', 'y']],
        ['f-a', ['x']],
        ['f-c', []],
      ] as const) {
        expect((await create(body({ name, tags }))).status).toBe(201);
        await new Promise((r) => setTimeout(r, 5));
      }
      const mine = { automations: { name: { any_: ['f-a', 'f-b', 'f-c'] } } };
      const names = async (b: Record<string, unknown>) => (await filter({ ...mine, ...b })).body.map((a: { name: string }) => a.name);
      expect(await names({})).toEqual(['f-a', 'f-b', 'f-c']);
      expect(await names({ sort: 'NAME_DESC' })).toEqual(['f-c', 'f-b', 'f-a']);
      expect(await names({ sort: 'CREATED_DESC' })).toEqual(['f-c', 'f-a', 'f-b']);
      const fb = (await filter({ automations: { name: { any_: ['f-b'] } } })).body[0];
      await server().rest('PATCH', `/automations/${fb.id}`, { enabled: true });
      expect((await names({ sort: 'UPDATED_DESC' }))[0]).toBe('f-b');
      expect(await names({ limit: 1, offset: 1 })).toEqual(['f-b']);
      const bad = await filter({ sort: 'ID_ASC' });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'sort'] });
      expect((await filter({ offset: -1 })).body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'offset'] });
      expect((await filter({ limit: 201 })).status).toBe(422);
    });

    it('filters by tags all_/any_/is_null_, created.before_, and refuses unknown filter keys', async () => {
      const names = async (automations: unknown) => (await filter({ automations })).body.map((a: { name: string }) => a.name).filter((n: string) => n.startsWith('f-'));
      expect(await names({ tags: { all_: ['x'] } })).toEqual(['f-a', 'f-b']);
      expect(await names({ tags: { all_: ['x', 'y'] } })).toEqual(['f-b']);
      expect(await names({ tags: { any_: ['y', 'z'] } })).toEqual(['f-b']);
      expect(await names({ tags: { any_: [] } })).toEqual([]);
      expect(await names({ tags: { is_null_: true } })).toEqual(['f-c']);
      expect(await names({ tags: { is_null_: false } })).toEqual(['f-a', 'f-b']);
      expect(await names({ tags: { operator: 'or_', all_: ['y'], is_null_: true } })).toEqual(['f-b', 'f-c']);
      expect(await names({ name: { any_: ['f-a'] }, tags: { all_: ['x'] } })).toEqual(['f-a']);
      expect(await names({ created: { before_: '2000-01-01T00:00:00Z' } })).toEqual([]);
      expect(await names({ created: { before_: '2999-01-01T00:00:00Z' }, name: { any_: ['f-c'] } })).toEqual(['f-c']);
      const bad = await filter({ automations: { name: { like_: 'f' } } });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'automations', 'name', 'like_'] });
    });

    it('count ignores any body and counts every automation', async () => {
      const all = (await filter({ limit: 200 })).body.length;
      expect(await server().rest('POST', '/automations/count')).toMatchObject({ status: 200, body: all });
      expect(await server().rest('POST', '/automations/count', { automations: { name: { any_: ['nothing'] } } })).toMatchObject({ status: 200, body: all });
    });
  });

  describe('related resources and owners', () => {
    it('relates selected run-deployment targets (not inferred ones) and the owner; related-to answers both, never 404', async () => {
      const deployment = '33333333-3333-4333-8333-333333333333';
      const target = `prefect.deployment.${deployment}`;
      const runIt = { type: 'run-deployment', source: 'selected', deployment_id: deployment };
      const selected = (await create(body({ name: 'rel-selected', actions: [runIt, runIt] }))).body;
      const owned = (await create(body({ name: 'rel-owned', owner_resource: target }))).body;
      const both = (await create(body({ name: 'rel-both', owner_resource: target, actions: [runIt] }))).body;
      const inferred = (await create(body({ name: 'rel-inferred', actions: [{ type: 'run-deployment', source: 'inferred' }] }))).body;
      const related = await server().rest('GET', `/automations/related-to/${target}`);
      expect(related.status).toBe(200);
      expect(related.body.map((a: { id: string }) => a.id).sort()).toEqual([selected.id, owned.id, both.id].sort());
      expect(related.body.map((a: { id: string }) => a.id)).not.toContain(inferred.id);
      expect(await server().rest('GET', '/automations/related-to/prefect.deployment.nothing')).toMatchObject({ status: 200, body: [] });
      const rows = await server().db.automationRelatedResource.findMany({ where: { resource_id: target }, orderBy: { automation_id: 'asc' } });
      const ownedBy = Object.fromEntries(rows.map((r) => [r.automation_id, r.automation_owned_by_resource]));
      // The upsert ORs the flag: an owner that is also a target stays owned.
      expect(ownedBy).toEqual({ [selected.id]: false, [owned.id]: true, [both.id]: true });
    });

    it('PUT replaces the non-owned deployment relations and keeps the owner', async () => {
      const [a, b] = ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'];
      const owner = 'prefect.deployment.66666666-6666-4666-8666-666666666666';
      const created = (await create(body({ name: 'rel-put', owner_resource: owner, actions: [{ type: 'run-deployment', deployment_id: a }] }))).body;
      await server().rest('PUT', `/automations/${created.id}`, body({ name: 'rel-put', actions: [{ type: 'run-deployment', deployment_id: b }] }));
      const rows = await server().db.automationRelatedResource.findMany({ where: { automation_id: created.id } });
      expect(rows.map((r) => [r.resource_id, r.automation_owned_by_resource]).sort()).toEqual([
        [`prefect.deployment.${b}`, false],
        [owner, true],
      ]);
      await server().rest('DELETE', `/automations/${created.id}`);
      expect(await server().db.automationRelatedResource.count({ where: { automation_id: created.id } })).toBe(0);
    });

    it('DELETE /owned-by removes only owned automations created before now: 202 with body null, no deleted events', async () => {
      const owner = 'prefect.deployment.77777777-7777-4777-8777-777777777777';
      const oldOwned = (await create(body({ name: 'own-old', owner_resource: owner }))).body;
      const newOwned = (await create(body({ name: 'own-new', owner_resource: owner }))).body;
      const related = (await create(body({ name: 'own-related', actions: [{ type: 'run-deployment', deployment_id: owner.split('.').at(-1) }] }))).body;
      const other = (await create(body({ name: 'own-other' }))).body;
      // Created "tomorrow": after the route's now, so it stays.
      await server().db.automation.update({ where: { id: newOwned.id }, data: { created: new Date(Date.now() + 86_400_000) } });
      const changes: AutomationChange[] = [];
      const stop = onAutomationChange(server().db, (c) => changes.push(c));
      let answer: { status: number; text: string } | undefined;
      const events = await emitted(async () => {
        answer = await server().rest('DELETE', `/automations/owned-by/${owner}`);
      }, 'prefect.automation.');
      stop();
      expect(answer).toMatchObject({ status: 202, text: 'null' });
      expect(events).toEqual([]);
      expect(changes).toEqual([{ automation_id: oldOwned.id, event_type: 'deleted' }]);
      expect((await read(oldOwned.id)).status).toBe(404);
      for (const kept of [newOwned, related, other]) expect((await read(kept.id)).status).toBe(200);
      const left = (await server().rest('GET', `/automations/related-to/${owner}`)).body.map((a: { id: string }) => a.id).sort();
      expect(left).toEqual([newOwned.id, related.id].sort());
      expect(await server().rest('DELETE', '/automations/owned-by/nobody-owns-this')).toMatchObject({ status: 202, text: 'null' });
    });
  });

  describe('events and change notices', () => {
    it('publishes created, updated (PUT and PATCH, as re-read) and deleted, and tells the trigger engine', async () => {
      const changes: AutomationChange[] = [];
      const stop = onAutomationChange(server().db, (c) => changes.push(c));
      let created: Record<string, any> = {};
      const [onCreate] = await emitted(async () => {
        created = (await create(body({ name: 'evented', tags: ['t'] }))).body;
      }, 'prefect.automation.');
      expect(onCreate).toMatchObject({
        event: 'prefect.automation.created',
        resource: { 'prefect.resource.id': `prefect.automation.${created.id}`, 'prefect.resource.name': 'evented' },
        related: [],
        payload: created,
      });
      const onPut = await emitted(() => server().rest('PUT', `/automations/${created.id}`, body({ name: 'evented-2' })), 'prefect.automation.');
      const afterPut = (await read(created.id)).body;
      expect(onPut).toHaveLength(1);
      expect(onPut[0]).toMatchObject({ event: 'prefect.automation.updated', payload: afterPut, resource: { 'prefect.resource.name': 'evented-2' } });
      const onPatch = await emitted(() => server().rest('PATCH', `/automations/${created.id}`, { enabled: false }), 'prefect.automation.');
      expect(onPatch.map((e) => [e.event, (e.payload as { enabled: boolean }).enabled])).toEqual([['prefect.automation.updated', false]]);
      expect(await emitted(() => server().rest('PATCH', `/automations/${MISSING}`, { enabled: false }), 'prefect.automation.')).toEqual([]);
      const onDelete = await emitted(() => server().rest('DELETE', `/automations/${created.id}`), 'prefect.automation.');
      expect(onDelete.map((e) => e.event)).toEqual(['prefect.automation.deleted']);
      expect(onDelete[0].payload).toMatchObject({ id: created.id, name: 'evented-2', enabled: false });
      stop();
      expect(changes).toEqual([
        { automation_id: created.id, event_type: 'created' },
        { automation_id: created.id, event_type: 'updated' },
        { automation_id: created.id, event_type: 'updated' },
        { automation_id: created.id, event_type: 'deleted' },
      ]);
    });
  });

  describe('the deprecated template route and the GraphQL door', () => {
    it('POST /automations/templates/validate is /templates/validate', async () => {
      expect(await server().rest('POST', '/automations/templates/validate', '"Hello {{ flow.name }}"')).toMatchObject({ status: 204, text: '' });
      const bad = await server().rest('POST', '/automations/templates/validate', '"{{ nope"');
      expect(bad.status).toBe(422);
      expect(bad.body.error).toMatchObject({ source: '{{ nope' });
    });

    it('creates, reads, lists, counts, patches and deletes over GraphQL', async () => {
      const fields = 'id name enabled tags trigger actions';
      const made = await server().gql<any, any>(
        `mutation($trigger: JSON!, $action: JSON) { create_automation(automation: { name: "gql-auto", tags: ["g"], trigger: $trigger, actions: [$action] }) { ${fields} } }`,
        { trigger: reactive(), action: { type: 'pause-deployment', source: 'inferred' } },
      );
      expect(made.errors).toBeUndefined();
      const auto = made.data.create_automation;
      expect(auto).toMatchObject({ name: 'gql-auto', enabled: true, tags: ['g'], actions: [{ type: 'pause-deployment', source: 'inferred', deployment_id: null }] });
      const id = auto.id;
      expect((await server().gql<any, any>(`query($id: UUID!) { read_automation(id: $id) { ${fields} } }`, { id })).data.read_automation).toEqual(auto);
      const listed = await server().gql<any, any>(`{ read_automations(automations: { tags: { all_: ["g"] } }) { id } count_automations }`);
      expect(listed.data.read_automations).toEqual([{ id }]);
      expect(listed.data.count_automations).toBeGreaterThan(0);
      expect((await server().gql<any, any>('mutation($id: UUID!) { patch_automation(id: $id, automation: { enabled: false }) }', { id })).data.patch_automation).toBe(true);
      const missing = await server().gql<any, any>('query($id: UUID!) { read_automation(id: $id) { id } }', { id: MISSING });
      expect(missing.errors?.[0]).toMatchObject({ message: 'Automation not found', extensions: { code: 'NOT_FOUND', status: 404 } });
      const invalid = await server().gql<any, any>('mutation($trigger: JSON!) { create_automation(automation: { name: "x", trigger: $trigger, actions: [] }) { id } }', {
        trigger: { type: 'event', posture: 'Proactive', within: 5 },
      });
      expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
      expect((await server().gql<any, any>('mutation($id: UUID!) { delete_automation(id: $id) }', { id })).data.delete_automation).toBe(true);
    });
  });
});
