// Saved searches (blocks-and-ui-routes §8) over REST and GraphQL.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const FILTER = { object: 'flow', property: 'name', type: 'string', operation: 'equals', value: 'etl' };

describeEachDatabase('saved searches', (server) => {
  const put = (body: unknown) => server().rest('PUT', '/saved_searches/', body);

  it('creates with 201, then replaces only the filters with 200 keeping id, created and updated', async () => {
    const created = await put({ name: 'my search', filters: [FILTER] });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id', 'created', 'updated', 'name', 'filters']);
    expect(created.body).toMatchObject({ name: 'my search', filters: [FILTER] });
    expect(created.body.updated).toBe(created.body.created);
    await new Promise((r) => setTimeout(r, 5));
    const again = await put({
      name: 'my search',
      filters: [
        { ...FILTER, value: null },
        { ...FILTER, object: 'flow_run', value: [1, 2] },
      ],
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      ...created.body,
      filters: [
        { ...FILTER, value: null },
        { ...FILTER, object: 'flow_run', value: [1, 2] },
      ],
    });
    expect((await server().rest('GET', `/saved_searches/${created.body.id}`)).body).toEqual(again.body);
  });

  it('defaults filters to [], takes the empty name, drops unknown keys inside a filter, answers filter keys in Prefect’s order', async () => {
    const res = await put({ name: '' });
    expect(res.status).toBe(201);
    expect(res.body.filters).toEqual([]);
    const odd = await put({ name: 'odd', filters: [{ value: 1, operation: 'gt', type: 'int', property: 'x', object: 'o', extra: true }] });
    expect(odd.status).toBe(201);
    expect(odd.text).toContain('"filters":[{"object":"o","property":"x","type":"int","operation":"gt","value":1}]');
  });

  it('refuses bad bodies with Pydantic’s items', async () => {
    const noName = await put({ filters: [] });
    expect(noName.status).toBe(422);
    expect(noName.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    const extra = await put({ name: 'x', color: 'red' });
    expect(extra.body.exception_detail).toEqual([{ type: 'extra_forbidden', loc: ['body', 'color'], msg: 'Extra inputs are not permitted', input: 'red' }]);
    const noValue = await put({ name: 'x', filters: [{ object: 'o', property: 'p', type: 't', operation: 'eq' }] });
    expect(noValue.status).toBe(422);
    expect(noValue.body.exception_detail).toEqual([
      { type: 'missing', loc: ['body', 'filters', 0, 'value'], msg: 'Field required', input: { object: 'o', property: 'p', type: 't', operation: 'eq' } },
    ]);
    const noObject = await put({ name: 'x', filters: [{ property: 'p', type: 't', operation: 'eq', value: 1 }] });
    expect(noObject.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'filters', 0, 'object'] });
    expect((await put({ name: 5 })).body.exception_detail[0]).toMatchObject({ type: 'string_type', loc: ['body', 'name'] });
    expect((await server().rest('GET', '/saved_searches/name/x')).status).toBe(404);
  });

  it('refuses text no database stores inside filters with a 422 on both databases, writing nothing', async () => {
    const lone = await put(JSON.parse('{"name":"lone","filters":[{"object":"flow","property":"name","type":"string","operation":"\\ud800","value":[]}]}'));
    expect(lone.status).toBe(422);
    expect(lone.body.exception_detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'filters', 0, 'operation'] });
    const nul = await put({ name: 'nul', filters: [{ ...FILTER, value: { 'a\u0000': 1 } }] });
    expect(nul.status).toBe(422);
    const listed = await server().rest('POST', '/saved_searches/filter', {});
    expect(listed.body.map((s: { name: string }) => s.name)).not.toContain('lone');
  });

  it('lists by name with limit and offset', async () => {
    for (const name of ['zz-last', 'aa-first', 'mm-middle']) await put({ name });
    const names = (await server().rest('POST', '/saved_searches/filter', {})).body.map((s: { name: string }) => s.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('aa-first');
    const page = (await server().rest('POST', '/saved_searches/filter', { limit: 1, offset: 1 })).body;
    expect(page).toHaveLength(1);
    expect(page[0].name).toBe(names[1]);
    expect((await server().rest('POST', '/saved_searches/filter', { limit: 201 })).status).toBe(422);
  });

  it('deletes with 204, then 404 Saved search not found', async () => {
    const { body } = await put({ name: 'to delete' });
    expect((await server().rest('DELETE', `/saved_searches/${body.id}`)).status).toBe(204);
    expect(await server().rest('GET', `/saved_searches/${body.id}`)).toMatchObject({ status: 404, body: { detail: 'Saved search not found' } });
    expect(await server().rest('DELETE', `/saved_searches/${body.id}`)).toMatchObject({ status: 404, body: { detail: 'Saved search not found' } });
    expect(await server().rest('GET', `/saved_searches/${MISSING}`)).toMatchObject({ status: 404, body: { detail: 'Saved search not found' } });
    expect(await server().rest('GET', '/saved_searches/nope')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
  });

  it('gives exactly one 201 to concurrent creates of one name', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => put({ name: 'race', filters: [{ ...FILTER, value: i }] })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it('works over GraphQL', async () => {
    const S = '{ id created updated name filters { object property type operation value } }';
    const created = await server().gql(
      `mutation { create_saved_search(saved_search: { name: "gql search", filters: [{ object: "flow", property: "tags", type: "list", operation: "any", value: ["a"] }] }) ${S} }`,
    );
    expect(created.errors).toBeUndefined();
    const search = (created.data as any).create_saved_search;
    expect(search.filters).toEqual([{ object: 'flow', property: 'tags', type: 'list', operation: 'any', value: ['a'] }]);
    const read = await server().gql(`query($id: UUID!) { read_saved_search(id: $id) ${S} read_saved_searches(limit: 200) { name } }`, { id: search.id });
    expect((read.data as any).read_saved_search).toEqual(search);
    expect((read.data as any).read_saved_searches.map((s: { name: string }) => s.name)).toContain('gql search');
    const deleted = await server().gql(`mutation($id: UUID!) { delete_saved_search(id: $id) }`, { id: search.id });
    expect(deleted.data).toEqual({ delete_saved_search: true });
    const gone = await server().gql(`query($id: UUID!) { read_saved_search(id: $id) { id } }`, { id: search.id });
    expect(gone.errors?.[0]).toMatchObject({ message: 'Saved search not found', extensions: { code: 'NOT_FOUND', status: 404 } });
  });
});
