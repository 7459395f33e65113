// ArtifactFilter and ArtifactCollectionFilter (artifacts §5.1, §5.2): the same
// fields on the two tables, except that collections filter on latest_id and
// have no id filter.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { anyOf, like, notAnyOf, type Operator } from '../../filters/operators.ts';

/** true: the row has a key; false: it has none. */
const keyExists: Operator = {
  type: 'Boolean',
  description: 'If `true`, only include artifacts with a non-null key. If `false`, only include artifacts with a null key.',
  compile: (value: boolean) => ({ key: value ? { not: null } : null }),
};

const keyOps = {
  any_: { ...anyOf('key', 'String'), description: 'A list of artifact keys to include' },
  like_: { ...like('key'), description: 'A string to match artifact keys against. This can include SQL wildcard characters like `%` and `_`.' },
  exists_: keyExists,
};

const typeOps = {
  any_: { ...anyOf('type', 'String'), description: 'A list of artifact types to include' },
  not_any_: { ...notAnyOf('type', 'String'), description: 'A list of artifact types to exclude (NULL types are excluded too)' },
};

const runIdFields = (prefix: string) => ({
  flow_run_id: fieldFilter(`${prefix}FlowRunId`, {
    description: 'Filter by `Artifact.flow_run_id`.',
    ops: { any_: { ...anyOf('flow_run_id', 'UUID'), description: 'A list of flow run IDs to include' } },
  }),
  task_run_id: fieldFilter(`${prefix}TaskRunId`, {
    description: 'Filter by `Artifact.task_run_id`.',
    ops: { any_: { ...anyOf('task_run_id', 'UUID'), description: 'A list of task run IDs to include' } },
  }),
});

export const ArtifactFilter = resourceFilter('ArtifactFilter', {
  description: 'Filter artifacts. Only artifacts matching all criteria will be returned.',
  fields: {
    id: fieldFilter('ArtifactFilterId', {
      description: 'Filter by `Artifact.id`.',
      ops: { any_: { ...anyOf('id', 'UUID'), description: 'A list of artifact ids to include' } },
    }),
    key: fieldFilter('ArtifactFilterKey', { description: 'Filter by `Artifact.key`.', ops: keyOps }),
    ...runIdFields('ArtifactFilter'),
    type: fieldFilter('ArtifactFilterType', { description: 'Filter by `Artifact.type`.', ops: typeOps }),
  },
});

export const ArtifactCollectionFilter = resourceFilter('ArtifactCollectionFilter', {
  description: 'Filter artifact collections (the latest artifact of each key). Only collections matching all criteria will be returned.',
  fields: {
    latest_id: fieldFilter('ArtifactCollectionFilterLatestId', {
      description: 'Filter by `ArtifactCollection.latest_id`.',
      ops: { any_: { ...anyOf('latest_id', 'UUID'), description: 'A list of artifact ids to include' } },
    }),
    key: fieldFilter('ArtifactCollectionFilterKey', { description: 'Filter by `ArtifactCollection.key`.', ops: keyOps }),
    ...runIdFields('ArtifactCollectionFilter'),
    type: fieldFilter('ArtifactCollectionFilterType', { description: 'Filter by `ArtifactCollection.type`.', ops: typeOps }),
  },
});
