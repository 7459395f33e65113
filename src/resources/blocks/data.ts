// A block document's data for the server's own use (work pools' base job
// templates, deployments' infrastructure): the stored data with every
// reference resolved to the child's data, recursively, and secrets as stored
// (no obfuscation). Documents are loaded one level per statement.
import type { Prisma } from '../../generated/sqlite/client.ts';
import { httpError } from '../../errors.ts';
import { canonicalId } from '../../orchestration/transaction.ts';

/** A Prisma client or the client a $transaction callback gets. */
export type BlockClient = Prisma.TransactionClient;

/** Prefect refuses reference chains deeper than this. */
export const MAX_REFERENCE_DEPTH = 50;

export const tooDeep = () => httpError(400, `Block document references are nested deeper than ${MAX_REFERENCE_DEPTH} levels.`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored data of a row: an object (anything else reads as {}). */
export function storedData(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return isObject(value) ? value : {};
}

export interface ReferenceEdge {
  name: string;
  parent: string;
  child: string;
}

/**
 * Stored data and reference edges of `rootIds` and every document they reach,
 * one statement pair per level.
 */
export async function loadReachable(tx: BlockClient, rootIds: string[]) {
  const data = new Map<string, Record<string, unknown>>();
  const edges = new Map<string, ReferenceEdge[]>();
  let level = [...new Set(rootIds)];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
    const rows = await tx.blockDocument.findMany({ where: { id: { in: level } }, select: { id: true, data: true } });
    for (const row of rows) data.set(row.id, storedData(row.data));
    const refs = await tx.blockDocumentReference.findMany({
      where: { parent_block_document_id: { in: level } },
      select: { name: true, parent_block_document_id: true, reference_block_document_id: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    const next = new Set<string>();
    for (const ref of refs) {
      const list = edges.get(ref.parent_block_document_id) ?? [];
      list.push({ name: ref.name, parent: ref.parent_block_document_id, child: ref.reference_block_document_id });
      edges.set(ref.parent_block_document_id, list);
      if (!data.has(ref.reference_block_document_id)) next.add(ref.reference_block_document_id);
    }
    level = [...next];
  }
  return { data, edges };
}

/** Data of `id` with children merged under their reference names, using `dataOf` per document. */
export function resolveData(id: string, edges: Map<string, ReferenceEdge[]>, dataOf: (id: string) => Record<string, unknown>, depth = 0): Record<string, unknown> {
  if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
  const result = { ...dataOf(id) };
  for (const edge of edges.get(id) ?? []) result[edge.name] = resolveData(edge.child, edges, dataOf, depth + 1);
  return result;
}

/** The document's data with nested references resolved, secrets in clear; null when absent. */
export async function readBlockDocumentData(tx: BlockClient, documentId: string): Promise<Record<string, unknown> | null> {
  const id = canonicalId(documentId);
  if (!id) return null;
  const { data, edges } = await loadReachable(tx, [id]);
  if (!data.has(id)) return null;
  return resolveData(id, edges, (docId) => data.get(docId) ?? {});
}
