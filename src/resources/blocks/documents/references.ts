// References between documents (blocks §5.3): top-level `{"$ref": {...}}`
// values are split out of the data and stored as rows; a new edge must not
// close a cycle.
import { INTEGRITY_CONFLICT, httpError } from '../../../errors.ts';
import { canonicalId } from '../../../orchestration/transaction.ts';
import type { BlockClient } from '../data.ts';
import { isObject } from '../validation.ts';

export interface SplitData {
  data: Record<string, unknown>;
  references: { name: string; child: string }[];
}

/** Prefect's _separate_block_references_from_data. */
export function splitReferences(data: Record<string, unknown>): SplitData {
  const out: SplitData = { data: {}, references: [] };
  for (const [key, value] of Object.entries(data)) {
    if (isObject(value) && '$ref' in value) {
      const ref = value.$ref;
      const child = isObject(ref) ? ref.block_document_id : undefined;
      if (child === null || child === undefined) throw httpError(400, `Received block reference without a block_document_id in key ${key}`);
      // An id that is no UUID names no document: the integrity conflict an unknown one gets.
      const id = typeof child === 'string' ? canonicalId(child) : null;
      if (!id) throw INTEGRITY_CONFLICT;
      out.references.push({ name: key, child: id });
    } else {
      out.data[key] = value;
    }
  }
  return out;
}

/** Walking existing edges from `child` reaches `parent` (or they are the same document). */
async function wouldFormCycle(tx: BlockClient, parent: string, child: string): Promise<boolean> {
  if (parent === child) return true;
  const visited = new Set<string>([child]);
  let level = [child];
  while (level.length > 0) {
    if (level.includes(parent)) return true;
    const rows = await tx.blockDocumentReference.findMany({ where: { parent_block_document_id: { in: level } }, select: { reference_block_document_id: true } });
    level = [...new Set(rows.map((r) => r.reference_block_document_id))].filter((id) => !visited.has(id));
    level.forEach((id) => visited.add(id));
  }
  return false;
}

export async function addReference(tx: BlockClient, parent: string, name: string, child: string) {
  if (await wouldFormCycle(tx, parent, child)) {
    throw httpError(400, `Cannot create block document reference: it would introduce a cycle into the block_document_reference graph (parent=${parent}, reference=${child}).`);
  }
  // An unknown child fails the foreign key: the generic 409.
  const exists = await tx.blockDocument.count({ where: { id: child } });
  if (exists === 0) throw INTEGRITY_CONFLICT;
  await tx.blockDocumentReference.create({ data: { parent_block_document_id: parent, reference_block_document_id: child, name } });
}
