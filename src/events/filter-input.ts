// The EventFilter input of the GraphQL schema (events §3.1). Its JSON parts
// (`labels`, `related`, `any_resource`) and the rules GraphQL types cannot
// say (text length, one-object-or-list) are checked by parseEventFilter.
import { builder } from '../graphql/builder.ts';

export const EventOrderEnum = builder.enumType('EventOrder', {
  description: 'The order of events by `occurred`.',
  values: {
    ASC: { value: 'ASC', description: 'Oldest first.' },
    DESC: { value: 'DESC', description: 'Newest first.' },
  } as const,
});

const EventOccurredFilter = builder.inputType('EventOccurredFilter', {
  description: 'Filter by `occurred`, both ends inclusive.',
  fields: (t) => ({
    since: t.field({ type: 'DateTime', description: 'Only include events after this time (inclusive); default start of today (UTC) − 180 days' }),
    until: t.field({ type: 'DateTime', description: 'Only include events prior to this time (inclusive); default now' }),
  }),
});

const EventNameFilter = builder.inputType('EventNameFilter', {
  description: 'Filter by the event name.',
  fields: (t) => ({
    prefix: t.stringList({ description: 'Only include events matching one of these prefixes' }),
    exclude_prefix: t.stringList({ description: 'Exclude events matching one of these prefixes' }),
    name: t.stringList({ description: 'Only include events matching one of these names exactly' }),
    exclude_name: t.stringList({ description: 'Exclude events matching one of these names exactly' }),
  }),
});

const LABELS = 'A resource specification: label → glob or list of globs (`*`, `?`, a leading `!` negates); every label must match one.';

const EventResourceFilter = builder.inputType('EventResourceFilter', {
  description: 'Filter by the primary resource.',
  fields: (t) => ({
    id: t.stringList({ description: 'Only include events for resources with these IDs' }),
    id_prefix: t.stringList({ description: 'Only include events for resources with IDs starting with these prefixes.' }),
    labels: t.field({ type: 'JSON', description: LABELS }),
    distinct: t.boolean({ defaultValue: false, description: 'Only include events for distinct resources' }),
  }),
});

const EventIDFilter = builder.inputType('EventIDFilter', {
  description: 'Filter by event id.',
  fields: (t) => ({ id: t.field({ type: ['UUID'], description: 'Only include events with one of these IDs' }) }),
});

const EventTextFilter = builder.inputType('EventTextFilter', {
  description: 'Text search across event content: terms match any, `-term`/`!term` exclude, `+term` require, `"..."` is a phrase (at most 200 characters).',
  fields: (t) => ({ query: t.string({ required: true, description: 'Text search query string' }) }),
});

export const EventFilterInput = builder.inputType('EventFilter', {
  description: 'Event filter criteria, all ANDed.',
  fields: (t) => ({
    occurred: t.field({ type: EventOccurredFilter, description: 'Filter criteria for when the events occurred' }),
    event: t.field({ type: EventNameFilter, description: 'Filter criteria for the event name' }),
    resource: t.field({ type: EventResourceFilter, description: 'Filter criteria for the resource of the event' }),
    related: t.field({
      type: 'JSON',
      description:
        'Filter criteria for the related resources of the event: one object or a list (ANDed) of `{id, role, resources_in_roles, labels}`, each satisfied by one related resource.',
    }),
    any_resource: t.field({
      type: 'JSON',
      description: 'Filter criteria for any resource involved in the event: one object or a list (ANDed) of `{id, id_prefix, labels}`.',
    }),
    id: t.field({ type: EventIDFilter, description: "Filter criteria for the events' ID" }),
    text: t.field({ type: EventTextFilter, description: 'Filter criteria for text search across event content' }),
    order: t.field({ type: EventOrderEnum, defaultValue: 'DESC', description: 'The order to return filtered events' }),
  }),
});
