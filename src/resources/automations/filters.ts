// AutomationFilter (events §5.4): name.any_, created.before_, and tags through
// the automation_tag rows (all_, any_, is_null_).
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { anyOf, before, tagsAll, tagsAny, tagsIsNull } from '../../filters/operators.ts';

export const AutomationFilter = resourceFilter('AutomationFilter', {
  description: 'Filter automations. Only automations matching all criteria will be returned.',
  fields: {
    name: fieldFilter('AutomationFilterName', {
      description: 'Filter by `Automation.name`.',
      ops: { any_: anyOf('name', 'String') },
    }),
    created: fieldFilter('AutomationFilterCreated', {
      description: 'Filter by `Automation.created`.',
      ops: { before_: before('created') },
    }),
    tags: fieldFilter('AutomationFilterTags', {
      description: 'Filter by `Automation.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), any_: tagsAny('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
  },
});
