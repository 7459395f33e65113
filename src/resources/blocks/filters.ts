// BlockTypeFilter, BlockSchemaFilter, BlockDocumentFilter (blocks §2.3, §4)
// and the `where` of each list route: the route's own filter ANDed with an
// EXISTS per related filter given (`{}` included).
import { TRUE, and, is, some, toWhere, type Condition } from '../../filters/condition.ts';
import { fieldFilter, filterArgument, resourceFilter, type FilterDef, type ResourceFilterDef } from '../../filters/define.ts';
import { checkFilterLists } from '../../filters/limits.ts';
import { anyOf, eq, like, type CompileContext } from '../../filters/operators.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import type { BlockClient } from './data.ts';
import { schemaIdsWithCapabilities } from './schemas/capabilities.ts';

/** Compile context carrying the schema ids a capabilities `all_` list matched (looked up before compiling). */
interface BlockCompileContext extends CompileContext {
  capabilitySchemaIds?: string[];
}

// Prefect's BlockTypeFilter has no `operator` (sending one is a 422), so it is
// declared as a plain input over the two field filters.
const BlockTypeFilterName = fieldFilter('BlockTypeFilterName', {
  description: 'Filter by `BlockType.name`',
  ops: { like_: like('name') },
});
const BlockTypeFilterSlug = fieldFilter('BlockTypeFilterSlug', {
  description: 'Filter by `BlockType.slug`',
  ops: { any_: anyOf('slug', 'String') },
});

const blockTypeFields = { name: BlockTypeFilterName, slug: BlockTypeFilterSlug };

export const BlockTypeFilter: ResourceFilterDef = {
  ref: builder.inputType('BlockTypeFilter', {
    description: 'Filter BlockTypes',
    fields: (t) => ({
      name: t.field({ type: BlockTypeFilterName.ref, description: BlockTypeFilterName.description }),
      slug: t.field({ type: BlockTypeFilterSlug.ref, description: BlockTypeFilterSlug.description }),
    }),
  }),
  description: 'Filter BlockTypes',
  argument: filterArgument('BlockTypeFilter'),
  compile: (value, ctx) =>
    and(
      Object.entries(blockTypeFields)
        .filter(([k]) => value[k] != null)
        .map(([k, f]) => f.compile(value[k] as never, ctx)),
    ),
  lists: (value) =>
    Object.entries(blockTypeFields)
      .filter(([k]) => value[k] != null)
      .flatMap(([k, f]) => f.lists(value[k] as never).map((use) => ({ ...use, path: [k, ...use.path] }))),
};

export const BlockSchemaFilter = resourceFilter('BlockSchemaFilter', {
  description: 'Filter BlockSchemas',
  fields: {
    block_type_id: fieldFilter('BlockSchemaFilterBlockTypeId', {
      description: 'Filter by `BlockSchema.block_type_id`.',
      ops: { any_: anyOf('block_type_id', 'UUID') },
    }),
    block_capabilities: fieldFilter('BlockSchemaFilterCapabilities', {
      description: 'Filter by `BlockSchema.capabilities`',
      ops: {
        all_: {
          type: ['String'],
          description: 'A list of block capabilities. Block entities will be returned only if an associated block schema has a superset of the defined capabilities.',
          compile: (values: string[], ctx: BlockCompileContext) => (values.length === 0 ? TRUE : { id: { in: ctx.capabilitySchemaIds ?? [] } }),
        },
      },
    }),
    id: fieldFilter('BlockSchemaFilterId', { description: 'Filter by BlockSchema.id', ops: { any_: anyOf('id', 'UUID') } }),
    version: fieldFilter('BlockSchemaFilterVersion', { description: 'Filter by `BlockSchema.version`', ops: { any_: anyOf('version', 'String') } }),
  },
});

const BlockDocumentFilterBase = resourceFilter('BlockDocumentFilter', {
  description:
    'Filter BlockDocuments. Only BlockDocuments matching all criteria will be returned. `is_anonymous` defaults to `{eq_: false}` when absent; send it as null to include anonymous documents.',
  fields: {
    id: fieldFilter('BlockDocumentFilterId', { description: 'Filter by `BlockDocument.id`.', ops: { any_: anyOf('id', 'UUID') } }),
    is_anonymous: fieldFilter('BlockDocumentFilterIsAnonymous', {
      description: 'Filter by `BlockDocument.is_anonymous`.',
      ops: { eq_: { ...eq('is_anonymous'), description: 'Filter block documents for only those that are or are not anonymous.' } },
    }),
    block_type_id: fieldFilter('BlockDocumentFilterBlockTypeId', { description: 'Filter by `BlockDocument.block_type_id`.', ops: { any_: anyOf('block_type_id', 'UUID') } }),
    name: fieldFilter('BlockDocumentFilterName', { description: 'Filter by `BlockDocument.name`.', ops: { any_: anyOf('name', 'String'), like_: like('name') } }),
  },
});

/** Prefect's field default: an absent `is_anonymous` means `{"eq_": false}` (an explicit null means no condition). */
const withAnonymousDefault = (value: Record<string, unknown>) => (value.is_anonymous === undefined ? { ...value, is_anonymous: { eq_: false } } : value);

export const BlockDocumentFilter: ResourceFilterDef = {
  ...BlockDocumentFilterBase,
  compile: (value, ctx) => BlockDocumentFilterBase.compile(withAnonymousDefault(value) as never, ctx),
  lists: BlockDocumentFilterBase.lists,
};

type FilterValue = Record<string, unknown> | null | undefined;

/** `value` compiled, with the capability lookup done first (a 422 for oversized lists). */
async function compiled(tx: BlockClient, ctx: Context, filter: FilterDef, value: FilterValue): Promise<Condition> {
  if (!value) return TRUE;
  checkFilterLists(filter, value, ctx.settings.api);
  const compileContext: BlockCompileContext = { provider: ctx.target.provider };
  if (filter === BlockSchemaFilter) {
    const caps = (value.block_capabilities as { all_?: string[] | null } | null | undefined)?.all_;
    if (caps && caps.length > 0) compileContext.capabilitySchemaIds = await schemaIdsWithCapabilities(tx, ctx.target.provider, caps);
  }
  return filter.compile(value as never, compileContext);
}

const given = (v: FilterValue): v is Record<string, unknown> => v !== null && v !== undefined;

export interface BlockTypeListArgs {
  block_types?: FilterValue;
  block_schemas?: FilterValue;
}

export async function blockTypeWhere(tx: BlockClient, ctx: Context, args: BlockTypeListArgs) {
  const conditions = [await compiled(tx, ctx, BlockTypeFilter, args.block_types)];
  if (given(args.block_schemas)) conditions.push(some('schemas', await compiled(tx, ctx, BlockSchemaFilter, args.block_schemas)));
  return toWhere(and(conditions));
}

export async function blockSchemaWhere(tx: BlockClient, ctx: Context, args: { block_schemas?: FilterValue }) {
  return toWhere(await compiled(tx, ctx, BlockSchemaFilter, args.block_schemas));
}

export interface BlockDocumentListArgs {
  block_documents?: FilterValue;
  block_types?: FilterValue;
  block_schemas?: FilterValue;
}

export async function blockDocumentWhere(tx: BlockClient, ctx: Context, args: BlockDocumentListArgs) {
  // Absent or null: the server substitutes the default filter (anonymous documents hidden).
  const conditions = [await compiled(tx, ctx, BlockDocumentFilter, args.block_documents ?? {})];
  if (given(args.block_types)) conditions.push(is('block_type', await compiled(tx, ctx, BlockTypeFilter, args.block_types)));
  if (given(args.block_schemas)) conditions.push(is('block_schema', await compiled(tx, ctx, BlockSchemaFilter, args.block_schemas)));
  return toWhere(and(conditions));
}
