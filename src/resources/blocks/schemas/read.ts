// BlockSchema responses (blocks §3.1, §3.4): the stored fields with
// `block_schema_references` rebuilt from the reference rows and `definitions`
// holding every referenced child's rebuilt fields under the child's title.
// Child schemas are loaded one level per statement pair, for all roots at once.
import type { BlockType } from '../../../generated/sqlite/client.ts';
import { MAX_REFERENCE_DEPTH, tooDeep, type BlockClient } from '../data.ts';

export interface BlockSchemaResponse {
  id: string;
  created: Date;
  updated: Date;
  checksum: string;
  fields: Record<string, unknown>;
  block_type_id: string;
  block_type: BlockType;
  capabilities: string[];
  version: string;
}

interface SchemaRow extends Omit<BlockSchemaResponse, 'fields' | 'capabilities'> {
  fields: unknown;
  capabilities: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const jsonObject = (v: unknown): Record<string, unknown> => {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  return isObject(v) ? v : {};
};

export const jsonStrings = (v: unknown): string[] => {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

interface Edge {
  name: string;
  child: string;
}

/** Schema rows (with their types) and reference edges of `ids` and everything they reference. */
async function loadSchemaGraph(tx: BlockClient, ids: string[]) {
  const rows = new Map<string, SchemaRow>();
  const edges = new Map<string, Edge[]>();
  let level = [...new Set(ids)];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
    const found = await tx.blockSchema.findMany({ where: { id: { in: level } }, include: { block_type: true } });
    for (const row of found) rows.set(row.id, row as SchemaRow);
    const refs = await tx.blockSchemaReference.findMany({
      where: { parent_block_schema_id: { in: level } },
      orderBy: [{ created: 'asc' }, { id: 'asc' }],
    });
    const next = new Set<string>();
    for (const ref of refs) {
      const list = edges.get(ref.parent_block_schema_id) ?? [];
      list.push({ name: ref.name, child: ref.reference_block_schema_id });
      edges.set(ref.parent_block_schema_id, list);
      if (!rows.has(ref.reference_block_schema_id)) next.add(ref.reference_block_schema_id);
    }
    level = [...next];
  }
  return { rows, edges };
}

type Graph = Awaited<ReturnType<typeof loadSchemaGraph>>;

/** Prefect's _construct_full_block_schema for one schema of the graph. */
function fullFields(id: string, graph: Graph, depth = 0): Record<string, unknown> {
  if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
  const row = graph.rows.get(id)!;
  const stored = jsonObject(row.fields);
  const references: Record<string, unknown> = {};
  const children: string[] = [];
  for (const edge of graph.edges.get(id) ?? []) {
    const child = graph.rows.get(edge.child);
    if (!child) continue;
    children.push(edge.child);
    const entry = { block_schema_checksum: child.checksum, block_type_slug: child.block_type.slug };
    const current = references[edge.name];
    const same = (a: unknown) => isObject(a) && a.block_schema_checksum === entry.block_schema_checksum && a.block_type_slug === entry.block_type_slug;
    if (current === undefined) references[edge.name] = entry;
    else if (Array.isArray(current)) {
      if (!current.some(same)) current.push(entry);
    } else if (!same(current)) references[edge.name] = [current, entry];
  }
  const fields: Record<string, unknown> = { ...stored, block_schema_references: references };
  let definitions: Record<string, unknown> = {};
  for (const child of [...new Set(children)]) {
    const childFields = fullFields(child, graph, depth + 1);
    const title = childFields.title;
    if (title === undefined || title === null) continue;
    const { definitions: childDefinitions, ...rest } = childFields;
    definitions = { ...definitions, [String(title)]: rest, ...(isObject(childDefinitions) ? childDefinitions : {}) };
  }
  if (Object.keys(definitions).length > 0 || isObject(stored.definitions)) {
    fields.definitions = { ...(isObject(stored.definitions) ? stored.definitions : {}), ...definitions };
  }
  return fields;
}

function response(row: SchemaRow, fields: Record<string, unknown>): BlockSchemaResponse {
  return {
    id: row.id,
    created: row.created,
    updated: row.updated,
    checksum: row.checksum,
    fields,
    block_type_id: row.block_type_id,
    block_type: row.block_type,
    capabilities: jsonStrings(row.capabilities),
    version: row.version,
  };
}

/** Full responses for `ids`, in the order given (missing ids are left out). */
export async function readBlockSchemaResponses(tx: BlockClient, ids: string[]): Promise<BlockSchemaResponse[]> {
  if (ids.length === 0) return [];
  const graph = await loadSchemaGraph(tx, ids);
  const built = new Map<string, BlockSchemaResponse>();
  return ids.flatMap((id) => {
    const row = graph.rows.get(id);
    if (!row) return [];
    let out = built.get(id);
    if (!out) built.set(id, (out = response(row, fullFields(id, graph))));
    return [out];
  });
}

export async function readBlockSchemaResponse(tx: BlockClient, id: string): Promise<BlockSchemaResponse | null> {
  return (await readBlockSchemaResponses(tx, [id]))[0] ?? null;
}
