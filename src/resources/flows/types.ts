// The Flow type and the inputs of its operations, with Prefect's JSON names.
import { builder } from '../../graphql/builder.ts';
import { listArgs, paginationType, type Page } from '../../pagination.ts';
import type { Context } from '../../graphql/context.ts';
import { sortEnum } from '../../filters/sort.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { FlowRunSort } from '../flow-runs/sort.ts';
import { countRelationField, listRelationField } from '../runs/relations.ts';
import { computedField, sqlColumn } from '../../graphql/sql-reads/marks.ts';

const flowRunArgs = builder.args((t) => ({
  filter: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  sort: t.field({ type: FlowRunSort.ref, defaultValue: 'ID_DESC', description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

export const Flow = builder.prismaObject('Flow', {
  description: 'An ORM representation of flow data.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the flow.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the flow was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the flow was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the flow' }),
    tags: t.field({ type: ['String'], description: 'A list of flow tags', extensions: sqlColumn('tags'), resolve: (flow) => flow.tags as string[] }),
    labels: t.field({
      type: 'KeyValueLabels',
      nullable: true,
      description: 'A dictionary of key-value labels.',
      ...computedField(['labels'], (flow: { labels: unknown }) => flow.labels),
    }),
    flow_runs: t.prismaField({
      type: ['FlowRun'],
      description: "The flow's runs, filtered, sorted and paged like read_flow_runs.",
      args: flowRunArgs,
      ...listRelationField({ name: 'Flow.flow_runs', model: 'FlowRun', parentColumn: 'flow_id', filter: FlowRunFilter, orderBy: FlowRunSort.orderBy, defaultSort: 'ID_DESC' }),
    } as any),
    flow_runs_count: t.int({
      description: 'How many runs match the filter.',
      args: { filter: t.arg({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }) },
      ...countRelationField({ name: 'Flow.flow_runs', model: 'FlowRun', parentColumn: 'flow_id', filter: FlowRunFilter }),
    }),
  }),
});

export const FlowCreate = builder.inputType('FlowCreate', {
  description: 'Data used by the Prefect REST API to create a flow.',
  fields: (t) => ({
    name: t.field({ type: 'Name', required: true, description: 'The name of the flow' }),
    tags: t.stringList({ defaultValue: [], description: 'A list of flow tags' }),
    labels: t.field({ type: 'KeyValueLabels', description: 'A dictionary of key-value labels. Defaults to {}; null is kept.' }),
  }),
});

export const FlowUpdate = builder.inputType('FlowUpdate', {
  description: 'Data used by the Prefect REST API to update a flow. Only tags can change.',
  fields: (t) => ({
    tags: t.stringList({ description: 'A list of flow tags; replaces the current list' }),
  }),
});

export const FlowSort = sortEnum('FlowSort', {
  CREATED_DESC: { description: 'Newest first', orderBy: [{ created: 'desc' }] },
  UPDATED_DESC: { description: 'Most recently updated first', orderBy: [{ updated: 'desc' }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
});

export const FlowPaginationResponse = paginationType('FlowPaginationResponse', (t) => ({
  results: t.prismaField({
    description: 'The flows of this page.',
    type: [Flow],
    resolve: (query: object, page: Page, _args: unknown, ctx: Context) => ctx.db.flow.findMany({ ...query, ...page.find }),
  }),
}));
