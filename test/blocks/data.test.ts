// readBlockDocumentData: the server-side read of a document's data (references
// resolved, secrets in clear), for work pools and deployments.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { readBlockDocumentData } from '../../src/resources/blocks/data.ts';

describeEachDatabase('blocks: readBlockDocumentData', (server) => {
  it('resolves references recursively and keeps secrets as stored', async () => {
    const db = server().db;
    const type = await db.blockType.create({ data: { name: 'Data Test', slug: `data-test-${Date.now()}` } });
    const schema = await db.blockSchema.create({
      data: { checksum: `sha256:data-${Date.now()}`, block_type_id: type.id, fields: { secret_fields: ['password'] } },
    });
    const doc = (name: string, data: object) => db.blockDocument.create({ data: { name, data, block_type_id: type.id, block_schema_id: schema.id, block_type_name: type.name } });
    const leaf = await doc('leaf', { password: 'hunter2', n: 1 });
    const middle = await doc('middle', { x: 'y' });
    const root = await doc('root', { top: true, list: [1, 2] });
    await db.blockDocumentReference.create({ data: { name: 'inner', parent_block_document_id: middle.id, reference_block_document_id: leaf.id } });
    await db.blockDocumentReference.create({ data: { name: 'child', parent_block_document_id: root.id, reference_block_document_id: middle.id } });

    expect(await readBlockDocumentData(db, root.id)).toEqual({ top: true, list: [1, 2], child: { x: 'y', inner: { password: 'hunter2', n: 1 } } });
    expect(await readBlockDocumentData(db, leaf.id)).toEqual({ password: 'hunter2', n: 1 });
    expect(await readBlockDocumentData(db, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await readBlockDocumentData(db, 'not-a-uuid')).toBeNull();
    // Inside a transaction too.
    expect(await db.$transaction((tx) => readBlockDocumentData(tx, middle.id))).toEqual({ x: 'y', inner: { password: 'hunter2', n: 1 } });
  });
});
