// Deleting a block type, schema or document that holds the server's default
// result storage document clears that setting (blocks §2.5, §3.6, §5.7).
import type { BlockClient } from './data.ts';

const KEY = 'server-default-result-storage';

/** Clears the setting when its document matches `documents` (a block_document where); call before deleting, in the same transaction. */
export async function clearDefaultStorageIfAmong(tx: BlockClient, documents: Record<string, unknown>): Promise<void> {
  const row = await tx.configuration.findUnique({ where: { key: KEY } });
  const id = (row?.value as { default_result_storage_block_id?: unknown } | null)?.default_result_storage_block_id;
  if (typeof id !== 'string') return;
  const hit = await tx.blockDocument.count({ where: { AND: [{ id }, documents] } });
  if (hit > 0) await tx.configuration.deleteMany({ where: { key: KEY } });
}
