// Block types, schemas and documents with Prefect's JSON names and key order
// (blocks §2.1, §3.1, §5.2). Responses are built by the services (schemas
// with their references rebuilt, documents with children merged in), so these
// are plain object types over those values.
import type { BlockType as BlockTypeRow } from '../../generated/sqlite/client.ts';
import { builder } from '../../graphql/builder.ts';
import { sortEnum } from '../../filters/sort.ts';
import type { BlockSchemaResponse } from './schemas/read.ts';
import type { BlockDocumentResponse } from './documents/read.ts';

export const BlockType = builder.objectRef<BlockTypeRow>('BlockType').implement({
  description: 'A kind of block (e.g. `secret`, `s3-bucket`); `slug` is its key.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the block type.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the block type was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the block type was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    name: t.exposeString('name', { description: "A block type's name" }),
    slug: t.exposeString('slug', { description: "A block type's slug" }),
    logo_url: t.exposeString('logo_url', { nullable: true, description: "Web URL for the block type's logo" }),
    documentation_url: t.exposeString('documentation_url', { nullable: true, description: "Web URL for the block type's documentation" }),
    description: t.exposeString('description', { nullable: true, description: "A short blurb about the corresponding block's intended use" }),
    code_example: t.exposeString('code_example', { nullable: true, description: 'A code snippet demonstrating use of the corresponding block' }),
    is_protected: t.exposeBoolean('is_protected', { description: 'Protected block types cannot be modified via API.' }),
  }),
});

export const BlockSchema = builder.objectRef<BlockSchemaResponse>('BlockSchema').implement({
  description: 'A versioned JSON schema of a block type, identified by a checksum of its fields.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the block schema.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the block schema was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the block schema was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    checksum: t.exposeString('checksum', { description: "The block schema's unique checksum" }),
    fields: t.field({ type: 'JSON', description: "The block schema's field schema (with block_schema_references and definitions rebuilt)", resolve: (r) => r.fields }),
    block_type_id: t.field({ type: 'UUID', nullable: true, description: 'A block type ID', resolve: (r) => r.block_type_id }),
    block_type: t.field({ type: BlockType, nullable: true, description: 'The associated block type', resolve: (r) => r.block_type }),
    capabilities: t.exposeStringList('capabilities', { description: 'A list of Block capabilities' }),
    version: t.exposeString('version', { description: 'Human readable identifier for the block schema' }),
  }),
});

export const BlockDocument = builder.objectRef<BlockDocumentResponse>('BlockDocument').implement({
  description: 'A saved block: named data conforming to a block schema, with nested documents merged in.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the block document.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the block document was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the block document was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    name: t.exposeString('name', { nullable: true, description: "The block document's name. Not required for anonymous block documents." }),
    data: t.field({ type: 'JSON', description: "The block document's data (secrets obfuscated unless include_secrets)", resolve: (r) => r.data }),
    block_schema_id: t.field({ type: 'UUID', description: 'A block schema ID', resolve: (r) => r.block_schema_id }),
    block_schema: t.field({ type: BlockSchema, nullable: true, description: 'The associated block schema', resolve: (r) => r.block_schema }),
    block_type_id: t.field({ type: 'UUID', description: 'A block type ID', resolve: (r) => r.block_type_id }),
    block_type_name: t.exposeString('block_type_name', { nullable: true, description: "The associated block type's name" }),
    block_type: t.field({ type: BlockType, nullable: true, description: 'The associated block type', resolve: (r) => r.block_type }),
    block_document_references: t.field({ type: 'JSON', description: "Record of the block document's references", resolve: (r) => r.block_document_references }),
    is_anonymous: t.exposeBoolean('is_anonymous', { description: 'Whether the block is anonymous (anonymous blocks are usually created by Prefect automatically)' }),
  }),
});

export const BlockTypeCreate = builder.inputType('BlockTypeCreate', {
  description: 'Data used by the Prefect REST API to create a block type.',
  fields: (t) => ({
    name: t.field({ type: 'Name', required: true, description: "A block type's name" }),
    slug: t.string({ required: true, description: "A block type's slug (lowercase letters, numbers and dashes)" }),
    logo_url: t.string({ description: "Web URL for the block type's logo" }),
    documentation_url: t.string({ description: "Web URL for the block type's documentation" }),
    description: t.string({ description: "A short blurb about the corresponding block's intended use" }),
    code_example: t.string({ description: 'A code snippet demonstrating use of the corresponding block' }),
  }),
});

export const BlockTypeUpdate = builder.inputType('BlockTypeUpdate', {
  description: 'Data used by the Prefect REST API to update a block type; only the keys given are written.',
  fields: (t) => ({
    logo_url: t.string({ description: "Web URL for the block type's logo" }),
    documentation_url: t.string({ description: "Web URL for the block type's documentation" }),
    description: t.string({ description: "A short blurb about the corresponding block's intended use" }),
    code_example: t.string({ description: 'A code snippet demonstrating use of the corresponding block' }),
  }),
});

export const BlockSchemaCreate = builder.inputType('BlockSchemaCreate', {
  description: 'Data used by the Prefect REST API to create a block schema.',
  fields: (t) => ({
    // No GraphQL default: an object default cannot be printed for a JSON scalar; absent means {} (service).
    fields: t.field({ type: 'JSON', description: "The block schema's field schema; absent: {}" }),
    block_type_id: t.field({ type: 'UUID', required: true, description: 'A block type ID' }),
    capabilities: t.stringList({ defaultValue: [], description: 'A list of Block capabilities' }),
    version: t.string({ defaultValue: 'non-versioned', description: 'Human readable identifier for the block schema' }),
  }),
});

export const BlockDocumentCreate = builder.inputType('BlockDocumentCreate', {
  description: 'Data used by the Prefect REST API to create a block document.',
  fields: (t) => ({
    // A plain string here: Prefect checks that a name is given before it checks the name's pattern (documents/service.ts).
    name: t.string({ description: "The block document's name. Not required for anonymous block documents." }),
    data: t.field({ type: 'JSON', description: "The block document's data; absent: {}" }),
    block_schema_id: t.field({ type: 'UUID', required: true, description: 'A block schema ID' }),
    block_type_id: t.field({ type: 'UUID', required: true, description: 'A block type ID' }),
    is_anonymous: t.boolean({ defaultValue: false, description: 'Whether the block is anonymous (anonymous blocks are usually created by Prefect automatically)' }),
  }),
});

export const BlockDocumentUpdate = builder.inputType('BlockDocumentUpdate', {
  description: 'Data used by the Prefect REST API to update a block document.',
  fields: (t) => ({
    block_schema_id: t.field({ type: 'UUID', description: 'A block schema ID' }),
    data: t.field({ type: 'JSON', description: "The block document's data; absent: {} (see merge_existing_data)" }),
    merge_existing_data: t.boolean({ description: 'If true (the default), `data` is merged into the stored data; if false, it replaces it.', defaultValue: true }),
  }),
});

export const BlockDocumentSort = sortEnum('BlockDocumentSort', {
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  BLOCK_TYPE_AND_NAME_ASC: { description: 'By block type name, then name', orderBy: [{ block_type_name: 'asc' }, { name: 'asc' }] },
});
