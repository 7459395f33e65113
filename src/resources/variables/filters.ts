// VariableFilter (§2.4): id, name, and tags through the variable_tag rows.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { anyOf, like, tagsAll, tagsIsNull } from '../../filters/operators.ts';

export const VariableFilter = resourceFilter('VariableFilter', {
  description: 'Filter variables. Only variables matching all criteria will be returned.',
  fields: {
    id: fieldFilter('VariableFilterId', {
      description: 'Filter by `Variable.id`.',
      ops: { any_: anyOf('id', 'UUID') },
    }),
    name: fieldFilter('VariableFilterName', {
      description: 'Filter by `Variable.name`.',
      ops: { any_: anyOf('name', 'String'), like_: like('name') },
    }),
    tags: fieldFilter('VariableFilterTags', {
      description: 'Filter by `Variable.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
  },
});
