// Root fields for blocks, named after Prefect's operations (api/block_types.py,
// block_schemas.py, block_documents.py, block_capabilities.py).
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { BlockDocumentFilter, BlockSchemaFilter, BlockTypeFilter } from './filters.ts';
import {
  BlockDocument,
  BlockDocumentCreate,
  BlockDocumentSort,
  BlockDocumentUpdate,
  BlockSchema,
  BlockSchemaCreate,
  BlockType,
  BlockTypeCreate,
  BlockTypeUpdate,
} from './types.ts';
import { createBlockType, deleteBlockType, readBlockType, readBlockTypeBySlug, readBlockTypes, updateBlockType } from './types/service.ts';
import { createBlockSchema, deleteBlockSchema, readBlockCapabilities, readBlockSchema, readBlockSchemaByChecksum, readBlockSchemas } from './schemas/service.ts';
import {
  countBlockDocuments,
  createBlockDocument,
  deleteBlockDocument,
  readBlockDocument,
  readBlockDocumentOfTypeByName,
  readBlockDocuments,
  readBlockDocumentsOfType,
  updateBlockDocument,
} from './documents/service.ts';
import { ensureBuiltinBlockTypes, installSystemBlockTypes } from './registration.ts';
import type { Context } from '../../graphql/context.ts';

/** The built-in block types are in place before any block operation (registration.ts). */
const ready = async (ctx: Context) => {
  if (ctx.settings.blocks.registerOnStart) await ensureBuiltinBlockTypes(ctx.db);
};

const includeSecrets = builder.args((t) => ({
  include_secrets: t.boolean({ defaultValue: false, description: 'Whether to include sensitive values in the block document.' }),
}));

const documentFilterArgs = builder.args((t) => ({
  block_documents: t.field({ type: BlockDocumentFilter.ref, description: BlockDocumentFilter.argument }),
  block_types: t.field({ type: BlockTypeFilter.ref, description: BlockTypeFilter.argument }),
  block_schemas: t.field({ type: BlockSchemaFilter.ref, description: BlockSchemaFilter.argument }),
}));

builder.queryFields((t) => ({
  read_block_type_by_id: t.field({
    type: BlockType,
    description: 'Get a block type by ID.',
    args: { id: t.arg({ description: 'The block type ID', type: 'UUID', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockType(ctx, args.id)),
  }),
  read_block_type_by_slug: t.field({
    type: BlockType,
    description: 'Get a block type by slug.',
    args: { slug: t.arg.string({ description: 'The block type name', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockTypeBySlug(ctx, args.slug)),
  }),
  read_block_types: t.field({
    type: [BlockType],
    description: 'Gets all block types. Optionally limit return with limit and offset.',
    args: {
      block_types: t.arg({ type: BlockTypeFilter.ref, description: BlockTypeFilter.argument }),
      block_schemas: t.arg({ type: BlockSchemaFilter.ref, description: BlockSchemaFilter.argument }),
      ...listArgs,
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockTypes(ctx, args as never)),
  }),
  read_block_documents_for_block_type: t.field({
    type: [BlockDocument],
    description: 'The non-anonymous documents of a block type, by name.',
    args: { slug: t.arg.string({ description: 'The block type name', required: true }), ...includeSecrets },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockDocumentsOfType(ctx, args.slug, args.include_secrets ?? false)),
  }),
  read_block_document_by_name_for_block_type: t.field({
    type: BlockDocument,
    description: 'The document of that name in the block type of that slug (anonymous ones too).',
    args: {
      slug: t.arg.string({ description: 'The block type name', required: true }),
      block_document_name: t.arg.string({ description: 'The block type name', required: true }),
      ...includeSecrets,
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockDocumentOfTypeByName(ctx, args.slug, args.block_document_name, args.include_secrets ?? false)),
  }),
  read_block_schema_by_id: t.field({
    type: BlockSchema,
    description: 'Get a block schema by id.',
    args: { id: t.arg({ description: 'The block schema id', type: 'UUID', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockSchema(ctx, args.id)),
  }),
  read_block_schemas: t.field({
    type: [BlockSchema],
    description: 'Read all block schemas, optionally filtered by type (newest first).',
    args: { block_schemas: t.arg({ type: BlockSchemaFilter.ref, description: BlockSchemaFilter.argument }), ...listArgs },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockSchemas(ctx, args as never)),
  }),
  read_block_schema_by_checksum: t.field({
    type: BlockSchema,
    description: 'The newest block schema with that checksum (and version, when given).',
    args: {
      checksum: t.arg.string({ description: 'The block schema checksum', required: true }),
      version: t.arg.string({ description: 'Version of block schema. If not provided the most recently created block schema with the matching checksum will be returned.' }),
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockSchemaByChecksum(ctx, args.checksum, args.version)),
  }),
  read_block_documents: t.field({
    type: [BlockDocument],
    description: 'Query for block documents.',
    args: {
      ...documentFilterArgs,
      include_secrets: t.arg.boolean({ description: 'Whether to include sensitive values in the block document.', defaultValue: false }),
      sort: t.arg({ description: 'The order of the block documents; ties are broken by id.', type: BlockDocumentSort.ref, defaultValue: 'NAME_ASC' }),
      ...listArgs,
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockDocuments(ctx, args as never)),
  }),
  count_block_documents: t.int({
    description: 'Count block documents.',
    args: documentFilterArgs,
    resolve: async (_root, args, ctx) => ready(ctx).then(() => countBlockDocuments(ctx, args as never)),
  }),
  read_block_document_by_id: t.field({
    type: BlockDocument,
    description: 'Get a block document by id.',
    args: { id: t.arg({ description: 'The block document id', type: 'UUID', required: true }), ...includeSecrets },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => readBlockDocument(ctx, args.id, args.include_secrets ?? false)),
  }),
  read_available_block_capabilities: t.stringList({
    description: 'Every capability of any block schema.',
    resolve: async (_root, _args, ctx) => ready(ctx).then(() => readBlockCapabilities(ctx)),
  }),
}));

builder.mutationFields((t) => ({
  create_block_type: t.field({
    type: BlockType,
    description: 'Create a new block type.',
    args: { block_type: t.arg({ description: 'Data used by the Prefect REST API to create a block type.', type: BlockTypeCreate, required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => createBlockType(ctx, args.block_type as never)),
  }),
  update_block_type: t.boolean({
    description: 'Update a block type (its logo, documentation URL, description and code example).',
    args: {
      id: t.arg({ description: 'The block type ID', type: 'UUID', required: true }),
      block_type: t.arg({ description: 'Data used by the Prefect REST API to update a block type.', type: BlockTypeUpdate, required: true }),
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => updateBlockType(ctx, args.id, args.block_type as never)),
  }),
  delete_block_type: t.boolean({
    description: 'Delete a block type (not a protected one), with its schemas and documents.',
    args: { id: t.arg({ description: 'The block type ID', type: 'UUID', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => deleteBlockType(ctx, args.id)),
  }),
  install_system_block_types: t.boolean({
    nullable: true,
    description: 'Install (upsert) the protected system block types and their schemas; answers null.',
    resolve: async (_root, _args, ctx) => {
      await ready(ctx);
      await installSystemBlockTypes(ctx.db);
      return null;
    },
  }),
  create_block_schema: t.field({
    type: BlockSchema,
    description: 'Create a block schema (the existing one when its checksum and version are stored).',
    args: { block_schema: t.arg({ description: 'Data used by the Prefect REST API to create a block schema.', type: BlockSchemaCreate, required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => createBlockSchema(ctx, args.block_schema as never)),
  }),
  delete_block_schema: t.boolean({
    description: 'Delete a block schema (not one of a protected type), with its documents.',
    args: { id: t.arg({ description: 'The block schema id', type: 'UUID', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => deleteBlockSchema(ctx, args.id)),
  }),
  create_block_document: t.field({
    type: BlockDocument,
    description: 'Create a new block document.',
    args: { block_document: t.arg({ description: 'Data used by the Prefect REST API to create a block document.', type: BlockDocumentCreate, required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => createBlockDocument(ctx, args.block_document as never)),
  }),
  update_block_document_data: t.boolean({
    description: "Update a block document's data and schema (merging with the stored data unless merge_existing_data is false).",
    args: {
      id: t.arg({ description: 'The block document id', type: 'UUID', required: true }),
      block_document: t.arg({ description: 'Data used by the Prefect REST API to update a block document.', type: BlockDocumentUpdate, required: true }),
    },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => updateBlockDocument(ctx, args.id, args.block_document as never)),
  }),
  delete_block_document: t.boolean({
    description: 'Delete a block document; references to it disappear from their parents.',
    args: { id: t.arg({ description: 'The block document id', type: 'UUID', required: true }) },
    resolve: async (_root, args, ctx) => ready(ctx).then(() => deleteBlockDocument(ctx, args.id)),
  }),
}));
