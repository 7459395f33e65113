// Capabilities live in a JSON array column. Which schemas hold every listed
// capability (BlockSchemaFilter.block_capabilities.all_, blocks §4.4), and the
// union of all capabilities (GET /block_capabilities/, §3.7), in SQL on both
// databases.
import type { BlockClient } from '../data.ts';

export async function schemaIdsWithCapabilities(tx: BlockClient, provider: 'sqlite' | 'postgresql', capabilities: string[]): Promise<string[]> {
  const wanted = JSON.stringify([...new Set(capabilities)]);
  const rows =
    provider === 'postgresql'
      ? await tx.$queryRawUnsafe<{ id: string }[]>('SELECT id::text AS id FROM block_schema WHERE capabilities @> $1::jsonb', wanted)
      : await tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT s.id AS id FROM block_schema s
           WHERE NOT EXISTS (SELECT 1 FROM json_each(?) w WHERE w.value NOT IN (SELECT c.value FROM json_each(s.capabilities) c))`,
          wanted,
        );
  return rows.map((r) => r.id);
}

/** Every capability of every schema, once, sorted (Prefect's order comes from a set). */
export async function availableCapabilities(tx: BlockClient, provider: 'sqlite' | 'postgresql'): Promise<string[]> {
  const rows =
    provider === 'postgresql'
      ? await tx.$queryRawUnsafe<{ value: string }[]>(
          "SELECT DISTINCT c.value AS value FROM block_schema s, jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.capabilities) = 'array' THEN s.capabilities ELSE '[]'::jsonb END) c(value)",
        )
      : await tx.$queryRawUnsafe<{ value: string }[]>(
          "SELECT DISTINCT c.value AS value FROM block_schema s, json_each(s.capabilities) c WHERE json_type(s.capabilities) = 'array' AND c.type = 'text'",
        );
  return rows.map((r) => r.value).sort();
}
