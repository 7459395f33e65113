// BlockDocument responses (blocks §5.2, §5.4): each document's own data,
// obfuscated with its own schema's secret_fields unless include_secrets, and
// every referenced child's resolved data merged in under the reference name,
// with `block_document_references` describing the tree. Loaded one level per
// statement pair for all roots at once; schemas are then read in one go.
import type { BlockType as BlockTypeRow } from '../../../generated/sqlite/client.ts';
import { formatDateTime } from '../../../validation/datetime.ts';
import { MAX_REFERENCE_DEPTH, storedData, tooDeep, type BlockClient } from '../data.ts';
import { readBlockSchemaResponses, type BlockSchemaResponse } from '../schemas/read.ts';
import { obfuscateSecrets, secretFieldsOf } from './secrets.ts';

export interface BlockDocumentResponse {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  data: Record<string, unknown>;
  block_schema_id: string;
  block_schema: BlockSchemaResponse | null;
  block_type_id: string;
  block_type_name: string | null;
  block_type: BlockTypeRow;
  block_document_references: Record<string, unknown>;
  is_anonymous: boolean;
}

const documentSelect = {
  id: true,
  created: true,
  updated: true,
  name: true,
  data: true,
  block_schema_id: true,
  block_type_id: true,
  block_type_name: true,
  is_anonymous: true,
  block_type: true,
} as const;

type DocumentRow = {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  data: unknown;
  block_schema_id: string;
  block_type_id: string;
  block_type_name: string | null;
  is_anonymous: boolean;
  block_type: BlockTypeRow;
};

/** A BlockType as JSON inside `block_document_references` (Prefect's key order and datetime format). */
export function blockTypeJson(t: BlockTypeRow) {
  return {
    id: t.id,
    created: formatDateTime(t.created),
    updated: formatDateTime(t.updated),
    name: t.name,
    slug: t.slug,
    logo_url: t.logo_url,
    documentation_url: t.documentation_url,
    description: t.description,
    code_example: t.code_example,
    is_protected: t.is_protected,
  };
}

/** Full responses for the documents `ids`, in that order (ids not found are left out). */
export async function readBlockDocumentResponses(tx: BlockClient, ids: string[], includeSecrets: boolean): Promise<BlockDocumentResponse[]> {
  if (ids.length === 0) return [];
  const rows = new Map<string, DocumentRow>();
  const edges = new Map<string, { name: string; child: string }[]>();
  let level = [...new Set(ids)];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
    for (const row of await tx.blockDocument.findMany({ where: { id: { in: level } }, select: documentSelect })) rows.set(row.id, row as DocumentRow);
    const refs = await tx.blockDocumentReference.findMany({
      where: { parent_block_document_id: { in: level } },
      select: { name: true, parent_block_document_id: true, reference_block_document_id: true },
      orderBy: [{ created: 'asc' }, { id: 'asc' }],
    });
    const next = new Set<string>();
    for (const ref of refs) {
      const list = edges.get(ref.parent_block_document_id) ?? [];
      list.push({ name: ref.name, child: ref.reference_block_document_id });
      edges.set(ref.parent_block_document_id, list);
      if (!rows.has(ref.reference_block_document_id)) next.add(ref.reference_block_document_id);
    }
    level = [...next];
  }
  const schemas = new Map((await readBlockSchemaResponses(tx, [...new Set([...rows.values()].map((r) => r.block_schema_id))])).map((s) => [s.id, s]));
  const ownData = (row: DocumentRow) => {
    const data = storedData(row.data);
    return includeSecrets ? data : obfuscateSecrets(data, secretFieldsOf(schemas.get(row.block_schema_id)?.fields));
  };

  // Prefect's _construct_full_block_document: data and references of one document, recursively.
  const full = (row: DocumentRow, depth: number): { data: Record<string, unknown>; references: Record<string, unknown> } => {
    if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
    const data = { ...ownData(row) };
    const references: Record<string, unknown> = {};
    for (const edge of edges.get(row.id) ?? []) {
      const child = rows.get(edge.child);
      if (!child) continue;
      const built = full(child, depth + 1);
      data[edge.name] = built.data;
      references[edge.name] = {
        block_document: {
          id: child.id,
          name: child.name,
          block_type: blockTypeJson(child.block_type),
          is_anonymous: child.is_anonymous,
          block_document_references: built.references,
        },
      };
    }
    return { data, references };
  };

  return ids.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    const built = full(row, 0);
    return [
      {
        id: row.id,
        created: row.created,
        updated: row.updated,
        name: row.name,
        data: built.data,
        block_schema_id: row.block_schema_id,
        block_schema: schemas.get(row.block_schema_id) ?? null,
        block_type_id: row.block_type_id,
        block_type_name: row.block_type_name,
        block_type: row.block_type,
        block_document_references: built.references,
        is_anonymous: row.is_anonymous,
      },
    ];
  });
}

export async function readBlockDocumentResponse(tx: BlockClient, id: string, includeSecrets: boolean): Promise<BlockDocumentResponse | null> {
  return (await readBlockDocumentResponses(tx, [id], includeSecrets))[0] ?? null;
}
