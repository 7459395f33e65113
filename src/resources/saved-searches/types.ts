// SavedSearch and SavedSearchCreate with Prefect's JSON names (blocks-and-ui-routes §8).
import { builder } from '../../graphql/builder.ts';

export interface SavedSearchFilterValue {
  object: string;
  property: string;
  type: string;
  operation: string;
  value: unknown;
}

export interface SavedSearchRow {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  filters: unknown;
}

export const SavedSearchFilter = builder.objectRef<SavedSearchFilterValue>('SavedSearchFilter').implement({
  description: 'A filter of a saved search.',
  fields: (t) => ({
    object: t.exposeString('object', { description: 'The object over which to filter.' }),
    property: t.exposeString('property', { description: 'The property of the object on which to filter.' }),
    type: t.exposeString('type', { description: 'The type of the property.' }),
    operation: t.exposeString('operation', { description: 'The operator to apply to the object. For example, `equals`.' }),
    value: t.field({ type: 'JSON', nullable: true, description: 'A JSON-compatible value for the filter.', resolve: (f) => f.value as never }),
  }),
});

export const SavedSearch = builder.objectRef<SavedSearchRow>('SavedSearch').implement({
  description: 'An ORM representation of saved search data. Represents a set of filter criteria.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the saved search.', type: 'UUID', resolve: (s) => s.id }),
    created: t.field({ description: 'When the saved search was created.', type: 'DateTime', resolve: (s) => s.created }),
    updated: t.field({ description: 'When the saved search was last updated.', type: 'DateTime', resolve: (s) => s.updated }),
    name: t.exposeString('name', { description: 'The name of the saved search.' }),
    filters: t.field({ type: [SavedSearchFilter], description: 'The filter set for the saved search.', resolve: (s) => (Array.isArray(s.filters) ? s.filters : []) }),
  }),
});

export const SavedSearchFilterInput = builder.inputType('SavedSearchFilterInput', {
  description: 'A filter of a saved search. `value` is required (null is a value); unknown keys are dropped.',
  extensions: { unknownKeys: 'ignore', modelName: 'SavedSearchFilter' },
  fields: (t) => ({
    object: t.string({ required: true, description: 'The object over which to filter.' }),
    property: t.string({ required: true, description: 'The property of the object on which to filter.' }),
    type: t.string({ required: true, description: 'The type of the property.' }),
    operation: t.string({ required: true, description: 'The operator to apply to the object. For example, `equals`.' }),
    value: t.field({ type: 'JSON', description: 'A JSON-compatible value for the filter (required; may be null).' }),
  }),
});

export const SavedSearchCreate = builder.inputType('SavedSearchCreate', {
  description: 'Data used by the Prefect REST API to create a saved search.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The name of the saved search.' }),
    filters: t.field({ type: [SavedSearchFilterInput], description: 'The filter set for the saved search; defaults to [].' }),
  }),
});
