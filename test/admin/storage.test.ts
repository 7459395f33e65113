// /admin/storage: the server's default result storage (conventions §2.3).
import { expect, it } from 'vitest';
import { createDocument, typeWithSchema, unique } from '../blocks/helpers.ts';
import { describeEachDatabase } from '../support/each-database.ts';

const BLOCK_ID = '11111111-2222-4333-8444-555555555555';

describeEachDatabase('/admin/storage', (server) => {
  it('reads null when unset, and DELETE answers 204 even then', async () => {
    const read = await server().rest('GET', '/admin/storage');
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ default_result_storage_block_id: null });
    const cleared = await server().rest('DELETE', '/admin/storage');
    expect(cleared.status).toBe(204);
    expect(cleared.text).toBe('');
  });

  it('validates the PUT body as Prefect does: missing key, missing body, not a UUID', async () => {
    const missing = await server().rest('PUT', '/admin/storage', {});
    expect(missing.status).toBe(422);
    expect(missing.body.exception_detail).toEqual([expect.objectContaining({ type: 'missing', loc: ['body', 'default_result_storage_block_id'] })]);
    const noBody = await server().rest('PUT', '/admin/storage');
    expect(noBody.status).toBe(422);
    expect(noBody.body.exception_detail).toEqual([expect.objectContaining({ type: 'missing', loc: ['body'] })]);
    const notUuid = await server().rest('PUT', '/admin/storage', { default_result_storage_block_id: 'nope' });
    expect(notUuid.status).toBe(422);
    expect(notUuid.body.exception_detail).toEqual([expect.objectContaining({ type: 'uuid_parsing', loc: ['body', 'default_result_storage_block_id'] })]);
  });

  it('refuses an unknown block document with 404 and stores nothing (unknown keys are ignored)', async () => {
    const put = await server().rest('PUT', '/admin/storage', { default_result_storage_block_id: BLOCK_ID, extra: 1 });
    expect(put.status).toBe(404);
    expect(put.body).toEqual({ detail: `Block document ${BLOCK_ID} not found.` });
    expect((await server().rest('GET', '/admin/storage')).body).toEqual({ default_result_storage_block_id: null });
  });

  it('answers the same over GraphQL', async () => {
    const read = await server().gql('{ read_server_default_result_storage { default_result_storage_block_id } }');
    expect(read).toEqual({ data: { read_server_default_result_storage: { default_result_storage_block_id: null } } });
    const put = await server().gql(
      `mutation { update_server_default_result_storage(storage: { default_result_storage_block_id: "${BLOCK_ID}" }) { default_result_storage_block_id } }`,
    );
    expect(put.errors?.[0]).toMatchObject({ message: `Block document ${BLOCK_ID} not found.`, extensions: { code: 'NOT_FOUND' } });
    const cleared = await server().gql('mutation { clear_server_default_result_storage }');
    expect(cleared).toEqual({ data: { clear_server_default_result_storage: true } });
  });

  it('reads a stored value back (as a block document put there would be)', async () => {
    await server().db.configuration.create({ data: { key: 'server-default-result-storage', value: { default_result_storage_block_id: BLOCK_ID } } });
    expect((await server().rest('GET', '/admin/storage')).body).toEqual({ default_result_storage_block_id: BLOCK_ID });
    expect((await server().rest('DELETE', '/admin/storage')).status).toBe(204);
    expect((await server().rest('GET', '/admin/storage')).body).toEqual({ default_result_storage_block_id: null });
  });

  it('stores a block document whose schema can write paths, refuses one that cannot with 422, over both doors', async () => {
    const storage = await typeWithSchema(server(), [], ['write-path']);
    const plain = await typeWithSchema(server(), [], []);
    const good = await createDocument(server(), { name: unique('results'), block_type_id: storage.type.id, block_schema_id: storage.schema.id, data: {} });
    const bad = await createDocument(server(), { name: unique('not-storage'), block_type_id: plain.type.id, block_schema_id: plain.schema.id, data: {} });
    const refused = await server().rest('PUT', '/admin/storage', { default_result_storage_block_id: bad.id });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ detail: `Block document ${bad.id} cannot be used for result storage.` });
    const stored = await server().gql(
      `mutation { update_server_default_result_storage(storage: { default_result_storage_block_id: "${good.id}" }) { default_result_storage_block_id } }`,
    );
    expect(stored.errors).toBeUndefined();
    expect((await server().rest('GET', '/admin/storage')).body).toEqual({ default_result_storage_block_id: good.id });
  });
});
