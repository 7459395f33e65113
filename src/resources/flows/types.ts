// The Flow type and the inputs of its operations, with Prefect's JSON names.
import { builder } from '../../graphql/builder.ts';
import { paginationType } from '../../pagination.ts';
import { sortEnum } from '../../filters/sort.ts';

export const Flow = builder.prismaObject('Flow', {
  description: 'An ORM representation of flow data.',
  fields: (t) => ({
    id: t.expose('id', { type: 'UUID' }),
    created: t.expose('created', { type: 'DateTime' }),
    updated: t.expose('updated', { type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the flow' }),
    tags: t.field({ type: ['String'], description: 'A list of flow tags', resolve: (flow) => flow.tags as string[] }),
    labels: t.field({ type: 'KeyValueLabels', nullable: true, description: 'A dictionary of key-value labels.', resolve: (flow) => flow.labels }),
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
  results: t.field({ type: [Flow], resolve: (page: { results: unknown }) => page.results }),
}));
