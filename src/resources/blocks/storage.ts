// Deleting a block type, schema or document that holds the server's default
// result storage document clears that setting (blocks §2.5, §3.6, §5.7).
import { httpError, notFound } from '../../errors.ts';
import type { BlockClient } from './data.ts';
import { jsonStrings } from './schemas/read.ts';

const KEY = 'server-default-result-storage';

/** Clears the setting when its document matches `documents` (a block_document where); call before deleting, in the same transaction. */
export async function clearDefaultStorageIfAmong(tx: BlockClient, documents: Record<string, unknown>): Promise<void> {
  const row = await tx.configuration.findUnique({ where: { key: KEY } });
  const id = (row?.value as { default_result_storage_block_id?: unknown } | null)?.default_result_storage_block_id;
  if (typeof id !== 'string') return;
  const hit = await tx.blockDocument.count({ where: { AND: [{ id }, documents] } });
  if (hit > 0) await tx.configuration.deleteMany({ where: { key: KEY } });
}

/**
 * PUT /admin/storage's check (conventions §2.3): the document exists and its
 * schema has the `write-path` capability. For src/resources/admin/storage.ts.
 */
export async function checkResultStorageBlock(tx: BlockClient, documentId: string): Promise<void> {
  const doc = await tx.blockDocument.findUnique({ where: { id: documentId }, select: { block_schema: { select: { capabilities: true } } } });
  if (!doc) throw notFound(`Block document ${documentId} not found.`);
  if (!jsonStrings(doc.block_schema.capabilities).includes('write-path')) {
    throw httpError(422, `Block document ${documentId} cannot be used for result storage.`);
  }
}
