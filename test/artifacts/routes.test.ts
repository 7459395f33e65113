// The artifact routes (artifacts §2, §3): create, read, latest by key, update,
// delete, with Prefect's bodies, codes and messages.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { MISSING, create, gql, uniqueKey } from './support.ts';

const FIELDS = ['id', 'created', 'updated', 'key', 'type', 'description', 'data', 'metadata_', 'flow_run_id', 'task_run_id'];

describeEachDatabase('artifact routes', (server) => {
  it('POST /artifacts/ answers 201 with the artifact, every field in order; {} is a valid body', async () => {
    const run = MISSING;
    const key = uniqueKey('create');
    const res = await server().rest('POST', '/artifacts/', { key, type: 'markdown', description: '# hi', data: { rows: [1, 'a', null] }, metadata_: { a: 'b' }, flow_run_id: run });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(FIELDS);
    expect(res.body).toMatchObject({ key, type: 'markdown', description: '# hi', data: { rows: [1, 'a', null] }, metadata_: { a: 'b' }, flow_run_id: run, task_run_id: null });
    expect(res.body.created).toBe(res.body.updated);
    const empty = await server().rest('POST', '/artifacts/', {});
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ key: null, type: null, description: null, data: null, metadata_: null, flow_run_id: null, task_run_id: null });
    // A second version of the key is 201 too.
    expect((await server().rest('POST', '/artifacts/', { key })).status).toBe(201);
  });

  it('data round-trips unchanged: any JSON value', async () => {
    for (const data of [5, 0, 'text', '5', true, false, [1, [2]], { nested: { a: [null, 1.5] } }, null, {}, [], 12.25]) {
      const made = await create(server(), { data });
      expect(made.data).toEqual(data);
      expect((await server().rest('GET', `/artifacts/${made.id}`)).body.data).toEqual(data);
      const [listed] = await server()
        .rest('POST', '/artifacts/filter', { artifacts: { id: { any_: [made.id] } } })
        .then((r) => r.body);
      expect(listed.data).toEqual(data);
    }
  });

  it('key rules: lowercase, digits, dashes; "" and one trailing newline pass; others are a 422 value_error', async () => {
    for (const key of ['', 'a-1', 'abc\n']) expect((await server().rest('POST', '/artifacts/', { key })).status).toBe(201);
    const res = await server().rest('POST', '/artifacts/', { key: 'camelCase_Key' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      exception_message: 'Invalid request received.',
      exception_detail: [
        {
          type: 'value_error',
          loc: ['body', 'key'],
          msg: 'Value error, Artifact key must only contain lowercase letters, numbers, and dashes.',
          input: 'camelCase_Key',
          ctx: { error: {} },
        },
      ],
      request_body: { key: 'camelCase_Key' },
    });
    for (const key of ['A', 'a_b', 'a.b', 'a b', 'a\n\n']) expect((await server().rest('POST', '/artifacts/', { key })).status).toBe(422);
    expect((await server().rest('POST', '/artifacts/', { key: 5 })).body.exception_detail[0]).toMatchObject({ type: 'string_type', loc: ['body', 'key'] });
  });

  it('metadata_: string values only (422 at the entry), long values cut to 500 code points and "..."', async () => {
    const bad = await server().rest('POST', '/artifacts/', { metadata_: { ok: 'x', n: 5 } });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail).toEqual([{ type: 'string_type', loc: ['body', 'metadata_', 'n'], msg: 'Input should be a valid string', input: 5 }]);
    expect((await server().rest('POST', '/artifacts/', { metadata_: [] })).body.exception_detail[0]).toMatchObject({ type: 'dict_type', loc: ['body', 'metadata_'] });
    const long = '😀'.repeat(501);
    const made = await create(server(), { metadata_: { long, exact: 'b'.repeat(500) } });
    expect(made.metadata_.long).toBe(`${'😀'.repeat(500)}...`);
    expect([...made.metadata_.long].length).toBe(503);
    expect(made.metadata_.exact).toBe('b'.repeat(500));
    expect((await server().rest('GET', `/artifacts/${made.id}`)).body.metadata_).toEqual(made.metadata_);
  });

  it('unknown fields are refused (extra_forbidden), id and created included; a missing body is 422', async () => {
    const res = await server().rest('POST', '/artifacts/', { id: MISSING, created: '2024-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail.map((i: any) => [i.type, i.loc, i.msg])).toEqual([
      ['extra_forbidden', ['body', 'id'], 'Extra inputs are not permitted'],
      ['extra_forbidden', ['body', 'created'], 'Extra inputs are not permitted'],
    ]);
    const none = await server().rest('POST', '/artifacts/');
    expect(none.status).toBe(422);
    expect(none.body.exception_detail[0]).toMatchObject({ type: 'missing', loc: ['body'], msg: 'Field required' });
    expect((await server().rest('POST', '/artifacts/', { flow_run_id: 'nope' })).body.exception_detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['body', 'flow_run_id'] });
  });

  it('GET /artifacts/{id}: 404 "Artifact not found."; a non-UUID segment is no route (404 Not Found); any UUID spelling', async () => {
    const made = await create(server(), { type: 'table' });
    const simple = made.id.replaceAll('-', '').toUpperCase();
    expect((await server().rest('GET', `/artifacts/${simple}`)).body.id).toBe(made.id);
    expect(
      await server()
        .rest('GET', `/artifacts/${MISSING}`)
        .then((r) => [r.status, r.body]),
    ).toEqual([404, { detail: 'Artifact not found.' }]);
    expect(
      await server()
        .rest('GET', '/artifacts/not-a-uuid')
        .then((r) => [r.status, r.body]),
    ).toEqual([404, { detail: 'Not Found' }]);
    expect((await server().rest('GET', '/artifacts/filter')).status).toBe(405);
    expect((await server().rest('GET', '/artifacts/latest/filter')).status).toBe(405);
  });

  it('GET /artifacts/{key}/latest: the collection row in the artifact shape (collection id and times, no latest_id)', async () => {
    const key = uniqueKey('latest');
    await create(server(), { key, data: 1 });
    const second = await create(server(), { key, data: 2, description: 'two', flow_run_id: MISSING });
    const res = await server().rest('GET', `/artifacts/${key}/latest`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(FIELDS);
    expect(res.body.id).not.toBe(second.id);
    expect(res.body).toMatchObject({ key, data: 2, description: 'two', flow_run_id: MISSING });
    const [collection] = await server()
      .rest('POST', '/artifacts/latest/filter', { artifacts: { key: { any_: [key] } } })
      .then((r) => r.body);
    expect(collection).toMatchObject({ id: res.body.id, latest_id: second.id, created: res.body.created, updated: res.body.updated });
    expect(
      await server()
        .rest('GET', '/artifacts/no-such-key/latest')
        .then((r) => [r.status, r.body]),
    ).toEqual([404, { detail: 'Artifact not found.' }]);
  });

  it('PATCH /artifacts/{id}: 204, only the fields sent; null writes null; {} bumps updated; key/type refused', async () => {
    const made = await create(server(), { data: { a: 1 }, description: 'd', metadata_: { m: 'v' } });
    expect((await server().rest('PATCH', `/artifacts/${made.id}`, { data: [1, 2] })).status).toBe(204);
    let read = (await server().rest('GET', `/artifacts/${made.id}`)).body;
    expect(read).toMatchObject({ data: [1, 2], description: 'd', metadata_: { m: 'v' } });
    const res = await server().rest('PATCH', `/artifacts/${made.id}`, { description: null, metadata_: { long: 'x'.repeat(600) } });
    expect([res.status, res.text]).toEqual([204, '']);
    read = (await server().rest('GET', `/artifacts/${made.id}`)).body;
    expect(read).toMatchObject({ data: [1, 2], description: null, metadata_: { long: `${'x'.repeat(500)}...` } });
    const before = read.updated;
    expect((await server().rest('PATCH', `/artifacts/${made.id}`, {})).status).toBe(204);
    expect((await server().rest('GET', `/artifacts/${made.id}`)).body.updated >= before).toBe(true);
    for (const field of ['key', 'type', 'flow_run_id']) {
      const refused = await server().rest('PATCH', `/artifacts/${made.id}`, { [field]: null });
      expect(refused.status).toBe(422);
      expect(refused.body.exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', field] });
    }
    expect(
      await server()
        .rest('PATCH', `/artifacts/${MISSING}`, {})
        .then((r) => [r.status, r.body]),
    ).toEqual([404, { detail: 'Artifact not found.' }]);
    expect((await server().rest('PATCH', `/artifacts/${made.id}`)).status).toBe(422);
    expect((await server().rest('PATCH', '/artifacts/xyz', {})).body).toEqual({ detail: 'Not Found' });
  });

  it('DELETE /artifacts/{id}: 204 then 404', async () => {
    const made = await create(server(), {});
    const res = await server().rest('DELETE', `/artifacts/${made.id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(
      await server()
        .rest('DELETE', `/artifacts/${made.id}`)
        .then((r) => [r.status, r.body]),
    ).toEqual([404, { detail: 'Artifact not found.' }]);
    expect((await server().rest('GET', `/artifacts/${made.id}`)).status).toBe(404);
  });

  it('the same through GraphQL: create, read, latest, update, delete', async () => {
    const key = uniqueKey('gql');
    const { create_artifact: made } = await gql(server(), `mutation($a: ArtifactCreate!) { create_artifact(artifact: $a) { id key data metadata_ } }`, {
      a: { key, data: { x: [1] }, metadata_: { k: 'v' } },
    });
    expect(made).toMatchObject({ key, data: { x: [1] }, metadata_: { k: 'v' } });
    expect((await gql(server(), `query($id: UUID!) { read_artifact(id: $id) { id data } }`, { id: made.id })).read_artifact).toEqual({ id: made.id, data: { x: [1] } });
    expect((await gql(server(), `query($k: String!) { read_latest_artifact(key: $k) { key data } }`, { k: key })).read_latest_artifact).toEqual({ key, data: { x: [1] } });
    expect((await gql(server(), `mutation($id: UUID!) { update_artifact(id: $id, artifact: { data: 7 }) }`, { id: made.id })).update_artifact).toBe(true);
    expect((await gql(server(), `query($k: String!) { read_latest_artifact(key: $k) { data } }`, { k: key })).read_latest_artifact.data).toBe(7);
    expect((await gql(server(), `mutation($id: UUID!) { delete_artifact(id: $id) }`, { id: made.id })).delete_artifact).toBe(true);
    const missing = await server().gql(`query($id: UUID!) { read_artifact(id: $id) { id } }`, { id: made.id });
    expect(missing.errors?.[0]).toMatchObject({ message: 'Artifact not found.', extensions: { code: 'NOT_FOUND', status: 404 } });
    const bad = await server().gql(`mutation { create_artifact(artifact: { key: "Bad" }) { id } }`);
    expect(bad.errors?.[0].message).toContain('Artifact key must only contain lowercase letters, numbers, and dashes.');
  });
});
