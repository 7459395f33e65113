// Built-in registration is idempotent and race-safe (blocks §6), and deletes
// clear the server's default result storage when it names a deleted document.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { makeClient } from '../../src/db/client.ts';
import { BUILTIN_BLOCK_TYPES, registerBuiltinBlockTypes } from '../../src/resources/blocks/registration.ts';
import { checkResultStorageBlock } from '../../src/resources/blocks/storage.ts';
import { createDocument, typeWithSchema, unique } from './helpers.ts';

describeEachDatabase('blocks: registration and default storage', (server, provider) => {
  it('two registrations (racing on PostgreSQL) on a fresh database both succeed and leave one row per slug and schema', async () => {
    // Two clients stand for two replicas starting at once on one PostgreSQL
    // database. SQLite serves one process: a second connection in this process
    // would block the event loop on the file lock, so there the server's own
    // client registers twice.
    const logs: string[] = [];
    const run = (db: ReturnType<typeof makeClient>) => registerBuiltinBlockTypes(db, (l) => logs.push(l));
    if (provider === 'postgresql') {
      const first = makeClient(server().target);
      const second = makeClient(server().target);
      try {
        await Promise.all([run(first), run(second)]);
      } finally {
        await first.$disconnect();
        await second.$disconnect();
      }
    } else {
      await run(server().db);
      await run(server().db);
    }
    const db = server().db;
    expect(await db.blockType.count({ where: { slug: { in: BUILTIN_BLOCK_TYPES.map((t) => t.slug) } } })).toBe(BUILTIN_BLOCK_TYPES.length);
    for (const t of BUILTIN_BLOCK_TYPES) {
      expect(await db.blockSchema.count({ where: { checksum: t.block_schema.checksum, version: t.block_schema.version } }), t.slug).toBe(1);
    }
    expect(await db.blockType.count({ where: { is_protected: true } })).toBe(3);
    // Once more: nothing changes.
    await registerBuiltinBlockTypes(db);
    expect(await db.blockType.count()).toBe(BUILTIN_BLOCK_TYPES.length);
    expect(logs.filter((l) => l.includes('skipped'))).toEqual([]);
  });

  it('deleting the document, schema or type that holds the default result storage clears it', async () => {
    const db = server().db;
    const setStorage = (id: string) =>
      db.configuration.upsert({
        where: { key: 'server-default-result-storage' },
        create: { key: 'server-default-result-storage', value: { default_result_storage_block_id: id } },
        update: { value: { default_result_storage_block_id: id } },
      });
    const stored = async () => (await server().rest('GET', '/admin/storage')).body.default_result_storage_block_id;
    for (const remove of ['document', 'schema', 'type'] as const) {
      const { type, schema } = await typeWithSchema(server());
      const doc = await createDocument(server(), { name: unique('storage'), block_type_id: type.id, block_schema_id: schema.id });
      const other = await createDocument(server(), { name: unique('other'), block_type_id: type.id, block_schema_id: schema.id });
      await setStorage(doc.id);
      // Deleting another document keeps it.
      await server().rest('DELETE', `/block_documents/${other.id}`);
      expect(await stored()).toBe(doc.id);
      const path = remove === 'document' ? `/block_documents/${doc.id}` : remove === 'schema' ? `/block_schemas/${schema.id}` : `/block_types/${type.id}`;
      expect((await server().rest('DELETE', path)).status).toBe(204);
      expect(await stored(), remove).toBeNull();
    }
  });

  it('checkResultStorageBlock: 404 for an unknown document, 422 without write-path, fine with it', async () => {
    const plain = await typeWithSchema(server());
    const storage = await typeWithSchema(server(), [], ['write-path']);
    const a = await createDocument(server(), { name: unique('plain'), block_type_id: plain.type.id, block_schema_id: plain.schema.id });
    const b = await createDocument(server(), { name: unique('store'), block_type_id: storage.type.id, block_schema_id: storage.schema.id });
    await expect(checkResultStorageBlock(server().db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      status: 404,
      body: { detail: 'Block document 00000000-0000-4000-8000-000000000000 not found.' },
    });
    await expect(checkResultStorageBlock(server().db, a.id)).rejects.toMatchObject({ status: 422, body: { detail: `Block document ${a.id} cannot be used for result storage.` } });
    await expect(checkResultStorageBlock(server().db, b.id)).resolves.toBeUndefined();
  });
});
