// FlowFilter (flows-and-runs §1.9): which flow columns take which operators.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { anyOf, like, notAnyOf, tagsAll, tagsIsNull } from '../../filters/operators.ts';

/** true: flows without a deployment; false: flows with at least one. */
const hasNoDeployment = {
  type: 'Boolean',
  description: 'If true, only include flows without deployments',
  compile: (value: boolean) => ({ deployments: value ? { none: {} } : { some: {} } }),
};

export const FlowFilter = resourceFilter('FlowFilter', {
  description: 'Filter for flows. Only flows matching all criteria will be returned.',
  fields: {
    id: fieldFilter('FlowFilterId', {
      description: 'Filter by `Flow.id`.',
      ops: { any_: anyOf('id', 'UUID'), not_any_: notAnyOf('id', 'UUID') },
    }),
    deployment: fieldFilter('FlowFilterDeployment', {
      description: 'Filter by flows without deployments.',
      operator: true,
      ops: { is_null_: hasNoDeployment },
    }),
    name: fieldFilter('FlowFilterName', {
      description: 'Filter by `Flow.name`.',
      ops: { any_: anyOf('name', 'String'), like_: like('name') },
    }),
    tags: fieldFilter('FlowFilterTags', {
      description: 'Filter by `Flow.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
  },
});
