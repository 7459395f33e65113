// Builds src/resources/blocks/builtin/block-types.json, the block types and
// schemas a fresh server registers (blocks §6): Prefect's core classes
// (core.json beside this script) followed by the integration collections of
// Prefect's collection_blocks_data.json (shared/prefect/data). Core checksums
// are computed the way Prefect computes them; the collection file's own
// checksums are kept (and checked).
//   npx tsx scripts/builtin-blocks/build.ts [path/to/collection_blocks_data.json]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { blockSchemaChecksum } from '../../src/resources/blocks/schemas/checksum.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const collectionFile = process.argv[2] ?? path.join(here, '../../../shared/prefect/data/collection_blocks_data.json');
const core = JSON.parse(readFileSync(path.join(here, 'core.json'), 'utf8'));
const collections = JSON.parse(readFileSync(collectionFile, 'utf8')).collections as Record<string, { block_types: Record<string, any> }>;

const entry = (t: any, schema: { fields: any; capabilities: string[]; version: string; checksum?: string }, protectedType: boolean, collection: string | null) => {
  const checksum = blockSchemaChecksum(schema.fields);
  if (schema.checksum && schema.checksum !== checksum) throw new Error(`${t.slug}: checksum ${checksum} differs from the shipped ${schema.checksum}`);
  return {
    name: t.name,
    slug: t.slug,
    logo_url: t.logo_url ?? null,
    documentation_url: t.documentation_url ?? null,
    description: t.description ?? null,
    code_example: t.code_example ?? null,
    is_protected: protectedType,
    collection,
    block_schema: { checksum, fields: schema.fields, capabilities: [...schema.capabilities].sort(), version: schema.version },
  };
};

const types = [
  ...core.block_types.map((t: any) => entry(t, { fields: t.fields, capabilities: t.capabilities, version: core.version }, Boolean(t.protected), null)),
  ...Object.entries(collections).flatMap(([name, c]) => Object.values(c.block_types).map((t) => entry(t, t.block_schema, false, name))),
];
const out = path.join(here, '../../src/resources/blocks/builtin/block-types.json');
writeFileSync(out, `${JSON.stringify({ source: 'PrefectHQ/prefect ce79dd3d (core classes; src/prefect/server/collection_blocks_data.json)', block_types: types }, null, 1)}\n`);
console.log(`${types.length} block types -> ${path.relative(process.cwd(), out)}`);
