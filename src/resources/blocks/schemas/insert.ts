// Creating a block schema and the child schemas its block_schema_references
// name (blocks §3.3–3.4; Prefect's create_block_schema and
// _register_nested_block_schemas). Runs inside the caller's transaction; a
// schema row is inserted with ON CONFLICT (checksum, version) DO NOTHING so
// two replicas registering the same schema at once both succeed.
import { randomUUID } from 'node:crypto';
import { httpError } from '../../../errors.ts';
import { dialectOf } from '../../../orchestration/transaction.ts';
import { MAX_REFERENCE_DEPTH, tooDeep, type BlockClient } from '../data.ts';
import { isObject } from '../validation.ts';
import { blockSchemaChecksum, nonBlockDefinitions } from './checksum.ts';

export interface SchemaInput {
  fields: Record<string, unknown>;
  block_type_id: string;
  capabilities: string[];
  version: string;
}

const truthy = (v: unknown) => (isObject(v) ? Object.keys(v).length > 0 : Array.isArray(v) ? v.length > 0 : Boolean(v));

/** The newest schema with that checksum (and version, when given). */
export function findByChecksum(tx: BlockClient, checksum: string, version?: string | null) {
  return tx.blockSchema.findFirst({
    where: { checksum, ...(version == null ? {} : { version }) },
    orderBy: [{ created: 'desc' }, { id: 'desc' }],
  });
}

/** INSERT ... ON CONFLICT (checksum, version) DO NOTHING; the id when this call inserted. */
async function insertRow(
  tx: BlockClient,
  row: { checksum: string; version: string; block_type_id: string; fields: object; capabilities: string[] },
  now: Date,
): Promise<string | null> {
  const id = randomUUID();
  const fields = JSON.stringify(row.fields);
  const capabilities = JSON.stringify(row.capabilities);
  const rows =
    dialectOf(tx as never) === 'postgresql'
      ? await tx.$queryRawUnsafe<{ id: string }[]>(
          'INSERT INTO block_schema (id, checksum, version, block_type_id, fields, capabilities, created, updated) VALUES ($1::uuid, $2, $3, $4::uuid, $5::jsonb, $6::jsonb, $7::timestamptz, $7::timestamptz) ON CONFLICT (checksum, version) DO NOTHING RETURNING id::text AS id',
          id,
          row.checksum,
          row.version,
          row.block_type_id,
          fields,
          capabilities,
          now.toISOString(),
        )
      : await tx.$queryRawUnsafe<{ id: string }[]>(
          'INSERT INTO block_schema (id, checksum, version, block_type_id, fields, capabilities, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (checksum, version) DO NOTHING RETURNING id',
          id,
          row.checksum,
          row.version,
          row.block_type_id,
          fields,
          capabilities,
          now,
          now,
        );
  return rows[0]?.id ?? null;
}

export interface Created {
  id: string;
  created: boolean;
  /** What create answers (§3.3): stored fields plus the references and definitions as sent. */
  fields: Record<string, unknown>;
}

export async function createSchemaIn(tx: BlockClient, input: SchemaInput, inherited?: Record<string, unknown> | null, depth = 0): Promise<Created> {
  if (depth > MAX_REFERENCE_DEPTH) throw tooDeep();
  const own = input.fields.definitions;
  const definitions = truthy(inherited) ? inherited : truthy(own) ? own : undefined;
  const fields: Record<string, unknown> = structuredClone(input.fields);
  if (definitions !== undefined) fields.definitions = definitions;
  const checksum = blockSchemaChecksum(fields);

  if (definitions !== undefined) {
    const kept = isObject(definitions) ? nonBlockDefinitions(fields, definitions) : {};
    if (Object.keys(kept).length > 0) fields.definitions = kept;
    else delete fields.definitions;
  }
  const references = isObject(fields.block_schema_references) ? fields.block_schema_references : {};
  delete fields.block_schema_references;

  const id = await insertRow(tx, { checksum, version: input.version, block_type_id: input.block_type_id, fields, capabilities: input.capabilities }, new Date());
  if (id === null) {
    // Stored already (by an earlier call or a concurrent one): the existing row wins, unchanged.
    const winner = (await findByChecksum(tx, checksum, input.version))!;
    return { id: winner.id, created: false, fields: {} };
  }
  await registerNested(tx, id, references, fields, definitions, depth);
  const answer: Record<string, unknown> = { ...fields, block_schema_references: references };
  if (definitions !== undefined) answer.definitions = definitions;
  return { id, created: true, fields: answer };
}

async function registerNested(tx: BlockClient, parentId: string, references: Record<string, unknown>, baseFields: Record<string, unknown>, definitions: unknown, depth: number) {
  for (const [name, value] of Object.entries(references)) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      const slug = isObject(entry) ? entry.block_type_slug : undefined;
      const type = typeof slug === 'string' ? await tx.blockType.findUnique({ where: { slug } }) : null;
      if (!type) {
        throw httpError(409, `Cannot create block schema because block type '${String(slug)}' was not found.Did you forget to register the block type?`);
      }
      const checksum = isObject(entry) ? entry.block_schema_checksum : undefined;
      const child = typeof checksum === 'string' ? await findByChecksum(tx, checksum) : null;
      let childId = child?.id;
      if (!childId) {
        if (!truthy(definitions) || !isObject(definitions)) {
          throw httpError(422, 'Unable to create nested block schema due to missing definitions in root block schema fields');
        }
        const childFields = childDefinition(definitions, baseFields, name, type.slug);
        if (!childFields) throw httpError(422, `Unable to create nested block schema for block type '${type.name}' due to missing definition.`);
        childId = (await createSchemaIn(tx, { fields: childFields, block_type_id: type.id, capabilities: [], version: 'non-versioned' }, definitions, depth + 1)).id;
      }
      const same = await tx.blockSchemaReference.findFirst({ where: { parent_block_schema_id: parentId, reference_block_schema_id: childId, name } });
      if (!same) await tx.blockSchemaReference.create({ data: { parent_block_schema_id: parentId, reference_block_schema_id: childId, name } });
    }
  }
}

/** Prefect's _get_fields_for_child_schema: the definition `properties.<name>` points to (for unions, the one of that slug). */
function childDefinition(definitions: Record<string, unknown>, baseFields: Record<string, unknown>, name: string, slug: string): Record<string, unknown> | null {
  const properties = isObject(baseFields.properties) ? baseFields.properties : {};
  const refs: string[] = [];
  const walk = (v: unknown) => {
    if (isObject(v)) {
      if (v.$ref) refs.push(String(v.$ref));
      Object.values(v).forEach(walk);
    } else if (Array.isArray(v)) v.forEach(walk);
  };
  walk(properties[name]);
  const keyOf = (ref: string) => ref.replace('#/definitions/', '');
  if (refs.length === 1) {
    const found = definitions[keyOf(refs[0])];
    return isObject(found) ? found : null;
  }
  for (const ref of refs) {
    const found = definitions[keyOf(ref)];
    if (isObject(found) && found.block_type_slug === slug) return found;
  }
  return null;
}
