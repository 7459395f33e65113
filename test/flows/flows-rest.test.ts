// Flows through Prefect's REST routes (flows-and-runs §1, conventions §3–5).
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PREFECT_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/;

describeEachDatabase('flows over REST', (server) => {
  describe('create, read, update, delete', () => {
    it('creates a flow with 201 and Prefect’s JSON, then returns the existing one with 200', async () => {
      const created = await server().rest('POST', '/flows/', { name: 'etl', tags: ['db', 'nightly'], labels: { team: 'data', tier: 1 } });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body)).toEqual(['id', 'created', 'updated', 'name', 'tags', 'labels']);
      expect(created.body).toMatchObject({ name: 'etl', tags: ['db', 'nightly'], labels: { team: 'data', tier: 1 } });
      expect(created.body.id).toMatch(UUID);
      expect(created.body.created).toMatch(PREFECT_DATETIME);
      expect(created.headers.get('content-type')).toBe('application/json');

      const again = await server().rest('POST', '/flows/', { name: 'etl', tags: ['other'], labels: null });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(created.body);
    });

    it('keeps labels null when sent null and {} when absent', async () => {
      expect((await server().rest('POST', '/flows/', { name: 'null-labels', labels: null })).body.labels).toBeNull();
      expect((await server().rest('POST', '/flows/', { name: 'no-labels' })).body).toMatchObject({ labels: {}, tags: [] });
    });

    it('treats names case-sensitively', async () => {
      const a = await server().rest('POST', '/flows/', { name: 'My-Flow' });
      const b = await server().rest('POST', '/flows/', { name: 'my-flow' });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('reads by id in any UUID spelling and by URL-decoded name', async () => {
      const { body: flow } = await server().rest('POST', '/flows/', { name: 'my flow: ünïcode 🚀' });
      expect((await server().rest('GET', `/flows/${flow.id}`)).body).toEqual(flow);
      expect((await server().rest('GET', `/flows/${flow.id.replaceAll('-', '').toUpperCase()}`)).body).toEqual(flow);
      const byName = await server().rest('GET', `/flows/name/${encodeURIComponent(flow.name)}`);
      expect(byName.status).toBe(200);
      expect(byName.body).toEqual(flow);
    });

    it('answers 404 with Prefect’s bodies', async () => {
      expect(await server().rest('GET', '/flows/not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
      expect(await server().rest('DELETE', '/flows/not-a-uuid')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
      const missing = '00000000-0000-4000-8000-000000000000';
      expect(await server().rest('GET', `/flows/${missing}`)).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
      expect(await server().rest('PATCH', `/flows/${missing}`, { tags: [] })).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
      expect(await server().rest('DELETE', `/flows/${missing}`)).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
      expect(await server().rest('GET', '/flows/name/nobody')).toMatchObject({ status: 404, body: { detail: 'Flow not found' } });
      expect(await server().rest('GET', '/flows/name/a%2Fb')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    });

    it('patches only tags, answers 204 with no body and bumps updated', async () => {
      const { body: flow } = await server().rest('POST', '/flows/', { name: 'patch-me', tags: ['a'] });
      await new Promise((r) => setTimeout(r, 5));
      const patched = await server().rest('PATCH', `/flows/${flow.id}`, { tags: ['b', 'c'] });
      expect(patched.status).toBe(204);
      expect(patched.text).toBe('');
      expect(patched.headers.get('content-type')).toBeNull();
      const after = (await server().rest('GET', `/flows/${flow.id}`)).body;
      expect(after.tags).toEqual(['b', 'c']);
      expect(after.created).toBe(flow.created);
      expect(Date.parse(after.updated)).toBeGreaterThan(Date.parse(flow.updated));

      await new Promise((r) => setTimeout(r, 5));
      expect((await server().rest('PATCH', `/flows/${flow.id}`, {})).status).toBe(204);
      const bumped = (await server().rest('GET', `/flows/${flow.id}`)).body;
      expect(bumped.tags).toEqual(['b', 'c']);
      expect(Date.parse(bumped.updated)).toBeGreaterThan(Date.parse(after.updated));
    });

    it('rejects name and labels in a PATCH before looking the flow up', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const res = await server().rest('PATCH', `/flows/${missing}`, { name: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'name'], msg: 'Extra inputs are not permitted', input: 'x' }]);
    });

    it('deletes with 204, and the flow is gone', async () => {
      const { body: flow } = await server().rest('POST', '/flows/', { name: 'delete-me', tags: ['x'] });
      const res = await server().rest('DELETE', `/flows/${flow.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await server().rest('GET', `/flows/${flow.id}`)).status).toBe(404);
      expect(await server().db.flowTag.count({ where: { flow_id: flow.id } })).toBe(0);
    });
  });

  describe('validation (422 envelope)', () => {
    it('reports a tags string exactly as Prefect does', async () => {
      const body = { name: 'my-flow', tags: 'this should be a list not a string' };
      const res = await server().rest('POST', '/flows/', body);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        exception_message: 'Invalid request received.',
        exception_detail: [{ type: 'list_type', loc: ['body', 'tags'], msg: 'Input should be a valid list', input: 'this should be a list not a string' }],
        request_body: body,
      });
    });

    it.each(['', 'a/b', 'a%b', 'a&b', 'a>b', 'a<b'])('rejects the name %j', async (name) => {
      const res = await server().rest('POST', '/flows/', { name });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail).toEqual([
        { type: 'string_pattern_mismatch', loc: ['body', 'name'], msg: "String should match pattern '^[^/%&><]+$'", input: name, ctx: { pattern: '^[^/%&><]+$' } },
      ]);
    });

    it('requires a name, a body, and forbids unknown keys', async () => {
      expect((await server().rest('POST', '/flows/', { tags: [] })).body.exception_detail).toEqual([
        { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { tags: [] } },
      ]);
      expect((await server().rest('POST', '/flows/')).body).toEqual({
        exception_message: 'Invalid request received.',
        exception_detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
        request_body: null,
      });
      expect((await server().rest('POST', '/flows/', { name: 'x', id: 'y' })).body.exception_detail).toEqual([
        { type: 'extra_forbidden', loc: ['body', 'id'], msg: 'Extra inputs are not permitted', input: 'y' },
      ]);
    });

    it('rejects labels with non-scalar values', async () => {
      const res = await server().rest('POST', '/flows/', { name: 'bad-labels', labels: { a: [1] } });
      expect(res.status).toBe(422);
      expect(res.body.exception_detail[0].loc).toEqual(['body', 'labels']);
    });

    it('reports invalid JSON with the character offset', async () => {
      const res = await server().rest('POST', '/flows/', '{bad');
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        exception_message: 'Invalid request received.',
        exception_detail: [{ type: 'json_invalid', loc: ['body', 1], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting property name enclosed in double quotes' } }],
        request_body: '{bad',
      });
    });

    it('rejects unknown keys inside filters but ignores unknown top-level keys', async () => {
      const bad = await server().rest('POST', '/flows/filter', { flows: { bogus: 1 } });
      expect(bad.status).toBe(422);
      expect(bad.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'flows', 'bogus'], msg: 'Extra inputs are not permitted', input: 1 }]);
      const ignored = await server().rest('POST', '/flows/count', { limt: 5, flow_run: {} });
      expect(ignored.status).toBe(200);
    });

    it('rejects flow tags any_ (flows only take all_ and is_null_)', async () => {
      const res = await server().rest('POST', '/flows/filter', { flows: { tags: { any_: ['a'] } } });
      expect(res.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'flows', 'tags', 'any_'], msg: 'Extra inputs are not permitted', input: ['a'] }]);
    });

    it('names the sort and operator choices', async () => {
      const sort = await server().rest('POST', '/flows/filter', { sort: 'name' });
      expect(sort.body.exception_detail).toEqual([
        {
          type: 'enum',
          loc: ['body', 'sort'],
          msg: "Input should be 'CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC' or 'NAME_DESC'",
          input: 'name',
          ctx: { expected: "'CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC' or 'NAME_DESC'" },
        },
      ]);
      const op = await server().rest('POST', '/flows/filter', { flows: { operator: 'xor' } });
      expect(op.body.exception_detail[0]).toMatchObject({ type: 'enum', msg: "Input should be 'and_' or 'or_'" });
    });

    it('reports a bad UUID in a body as uuid_parsing', async () => {
      const res = await server().rest('POST', '/flows/filter', { flows: { id: { any_: ['abc'] } } });
      expect(res.body.exception_detail).toEqual([
        {
          type: 'uuid_parsing',
          loc: ['body', 'flows', 'id', 'any_', 0],
          msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
          input: 'abc',
          ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
        },
      ]);
    });

    it('treats a text/plain body on a keyed route as no body', async () => {
      const res = await server().rest('POST', '/flows/count', '{"flows": {"name": {"any_": []}}}', { 'content-type': 'text/plain' });
      expect(res.status).toBe(200);
      expect(res.body).toBe(await server().db.flow.count());
    });

    it('parses a body sent without a content type as JSON', async () => {
      // A byte body: fetch adds no content type (a string body would get text/plain).
      const res = await fetch(`${server().url}/api/flows/count`, { method: 'POST', body: new TextEncoder().encode(JSON.stringify({ flows: { name: { any_: [] } } })) });
      expect(await res.json()).toBe(0);
    });

    it('answers 400 for bytes that are not UTF-8', async () => {
      const res = await fetch(`${server().url}/api/flows/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ detail: 'There was an error parsing the body' });
    });
  });

  describe('filter, count, paginate', () => {
    const names = ['alpha-1', 'alpha_2', 'Beta-1', 'gamma'];
    let ids: Record<string, string> = {};
    beforeAll(async () => {
      await server().rest('POST', '/admin/database/clear', { confirm: true });
      const tags: Record<string, string[]> = { 'alpha-1': ['db', 'nightly'], alpha_2: ['db'], 'Beta-1': ['nightly', 'nightly'], gamma: [] };
      ids = {};
      for (const name of names) {
        ids[name] = (await server().rest('POST', '/flows/', { name, tags: tags[name] })).body.id;
        await new Promise((r) => setTimeout(r, 3));
      }
    });
    const filterNames = async (body: unknown) => {
      const res = await server().rest('POST', '/flows/filter', body);
      expect(res.status).toBe(200);
      return res.body.map((f: { name: string }) => f.name);
    };

    it('sorts by NAME_ASC by default, and by each FlowSort value', async () => {
      const byteOrder = [...names].sort();
      expect(await filterNames({})).toEqual(byteOrder);
      expect(await filterNames({ sort: 'NAME_DESC' })).toEqual([...byteOrder].reverse());
      expect(await filterNames({ sort: 'CREATED_DESC' })).toEqual([...names].reverse());
      expect(await filterNames({ sort: 'UPDATED_DESC' })).toEqual([...names].reverse());
      expect(await filterNames({ sort: null, limit: null, offset: null, flows: null })).toEqual(byteOrder);
    });

    it('filters by id any_ / not_any_, with empty lists as Prefect treats them', async () => {
      expect(await filterNames({ flows: { id: { any_: [ids.gamma, ids['alpha-1']] } } })).toEqual(['alpha-1', 'gamma']);
      expect(await filterNames({ flows: { id: { any_: [] } } })).toEqual([]);
      expect(await filterNames({ flows: { id: { not_any_: [] } } })).toHaveLength(4);
      expect(await filterNames({ flows: { id: { not_any_: [ids.gamma] } } })).not.toContain('gamma');
    });

    it('filters by name any_ (exact) and like_ (case-insensitive, unescaped wildcards)', async () => {
      expect(await filterNames({ flows: { name: { any_: ['gamma', 'GAMMA'] } } })).toEqual(['gamma']);
      expect(await filterNames({ flows: { name: { like_: 'BETA' } } })).toEqual(['Beta-1']);
      expect(await filterNames({ flows: { name: { like_: 'a_1' } } })).toEqual(['Beta-1', 'alpha-1']);
      expect(await filterNames({ flows: { name: { like_: 'alpha%2' } } })).toEqual(['alpha_2']);
      expect(await filterNames({ flows: { name: { like_: '' } } })).toHaveLength(4);
      expect(await filterNames({ flows: { name: { any_: ['gamma'], like_: 'alpha' } } })).toEqual([]);
    });

    it('filters by tags all_ / is_null_ (duplicates and empty lists ignored)', async () => {
      expect(await filterNames({ flows: { tags: { all_: ['db'] } } })).toEqual(['alpha-1', 'alpha_2']);
      expect(await filterNames({ flows: { tags: { all_: ['db', 'nightly', 'db'] } } })).toEqual(['alpha-1']);
      expect(await filterNames({ flows: { tags: { all_: [] } } })).toHaveLength(4);
      expect(await filterNames({ flows: { tags: { all_: ['DB'] } } })).toEqual([]);
      expect(await filterNames({ flows: { tags: { is_null_: true } } })).toEqual(['gamma']);
      expect(await filterNames({ flows: { tags: { is_null_: false } } })).toEqual(['Beta-1', 'alpha-1', 'alpha_2']);
      expect(await filterNames({ flows: { tags: { operator: 'or_', all_: ['db'], is_null_: true } } })).toEqual(['alpha-1', 'alpha_2', 'gamma']);
    });

    it('combines criteria with and_ by default and or_ on request; an empty sibling under or_ matches everything', async () => {
      const both = { name: { like_: 'alpha' }, tags: { all_: ['nightly'] } };
      expect(await filterNames({ flows: both })).toEqual(['alpha-1']);
      expect(await filterNames({ flows: { ...both, operator: 'or_' } })).toEqual(['Beta-1', 'alpha-1', 'alpha_2']);
      expect(await filterNames({ flows: { operator: 'or_', name: { any_: ['gamma'] }, id: {} } })).toHaveLength(4);
      expect(await filterNames({ flows: {} })).toHaveLength(4);
    });

    it('applies limit and offset, and enforces Prefect’s limit rules', async () => {
      expect(await filterNames({ limit: 2, offset: 1 })).toEqual(['alpha-1', 'alpha_2']);
      expect(await filterNames({ limit: 0 })).toEqual([]);
      expect(await filterNames({ limit: '2' })).toHaveLength(2);
      expect(await filterNames({ offset: 10 })).toEqual([]);
      expect(await server().rest('POST', '/flows/filter', { limit: 201 })).toMatchObject({ status: 422, body: { detail: 'Invalid limit: must be less than or equal to 200.' } });
      expect(await server().rest('POST', '/flows/filter', { limit: -1 })).toMatchObject({ status: 422, body: { detail: 'Invalid limit: must be greater than or equal to 0.' } });
      expect(await server().rest('POST', '/flows/filter', { limit: 1000, offset: -1 })).toMatchObject({
        status: 422,
        body: { detail: 'Invalid limit: must be less than or equal to 200.' },
      });
      const both = await server().rest('POST', '/flows/filter', { limit: 'abc', offset: -1 });
      expect(both.status).toBe(422);
      expect(both.body.exception_detail).toEqual([
        { type: 'int_parsing', loc: ['body', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' },
        { type: 'greater_than_equal', loc: ['body', 'offset'], msg: 'Input should be greater than or equal to 0', input: -1, ctx: { ge: 0 } },
      ]);
      expect((await server().rest('POST', '/flows/filter', { limit: 5.5 })).body.exception_detail[0].type).toBe('int_from_float');
    });

    it('counts with the same filters', async () => {
      expect((await server().rest('POST', '/flows/count', {})).body).toBe(4);
      expect((await server().rest('POST', '/flows/count', { flows: { tags: { all_: ['db'] } } })).body).toBe(2);
      expect((await server().rest('POST', '/flows/count')).body).toBe(4);
    });

    it('paginates with results, count, limit, pages and page', async () => {
      const res = await server().rest('POST', '/flows/paginate', { limit: 3, page: 2 });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['results', 'count', 'limit', 'pages', 'page']);
      expect(res.body).toMatchObject({ count: 4, limit: 3, pages: 2, page: 2 });
      expect(res.body.results.map((f: { name: string }) => f.name)).toEqual(['gamma']);
      expect((await server().rest('POST', '/flows/paginate', { page: 9 })).body).toMatchObject({ results: [], count: 4, limit: 200, pages: 1, page: 9 });
      expect((await server().rest('POST', '/flows/paginate', { limit: 0 })).body).toMatchObject({ results: [], count: 4, limit: 0, pages: 0 });
      expect((await server().rest('POST', '/flows/paginate', { flows: { name: { any_: [] } } })).body).toMatchObject({ count: 0, pages: 0 });
      expect((await server().rest('POST', '/flows/paginate', { page: 0 })).body.exception_detail).toEqual([
        { type: 'greater_than_equal', loc: ['body', 'page'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } },
      ]);
    });
  });
});
