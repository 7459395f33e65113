// Tag-based concurrency limits (v1) as Prefect's v1 API shows them (§3.1).
import { builder } from '../../graphql/builder.ts';

export interface TagLimit {
  id: string;
  created: Date;
  updated: Date;
  tag: string;
  concurrency_limit: number;
  active_slots: string[];
}

export const ConcurrencyLimit = builder.objectRef<TagLimit>('ConcurrencyLimit').implement({
  description: 'A tag-based concurrency limit: the global limit named `tag:<tag>`, seen through the v1 API.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the tag concurrency limit.', type: 'UUID', resolve: (r) => r.id }),
    created: t.field({ description: 'When the tag concurrency limit was created.', type: 'DateTime', resolve: (r) => r.created }),
    updated: t.field({ description: 'When the tag concurrency limit was last updated.', type: 'DateTime', resolve: (r) => r.updated }),
    tag: t.exposeString('tag', { description: 'A tag the concurrency limit is applied to.' }),
    concurrency_limit: t.exposeInt('concurrency_limit', { description: 'The concurrency limit.' }),
    active_slots: t.field({
      type: ['UUID'],
      description: 'Task runs holding a slot: the task-run holders of the unexpired leases on this limit, one entry per lease.',
      resolve: (r) => r.active_slots,
    }),
  }),
});

export const ConcurrencyLimitCreate = builder.inputType('ConcurrencyLimitCreate', {
  description: 'Data used by the Prefect REST API to create a concurrency limit.',
  fields: (t) => ({
    tag: t.string({ required: true, description: 'A tag the concurrency limit is applied to.' }),
    concurrency_limit: t.int({ required: true, description: 'The concurrency limit.' }),
  }),
});
