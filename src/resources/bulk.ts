// The admin bulk routes' shared answer: the ids that were deleted.
import { builder } from '../graphql/builder.ts';

export const BulkDeleteResponse = builder.objectRef<{ deleted: string[] }>('BulkDeleteResponse').implement({
  description: 'The ids of the deleted objects.',
  fields: (t) => ({ deleted: t.field({ description: 'The ids of the deleted rows.', type: ['UUID'], resolve: (r) => r.deleted }) }),
});
