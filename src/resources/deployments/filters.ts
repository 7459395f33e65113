// DeploymentFilter (deployments-and-work-pools §1.7): which deployment columns take which operators.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { TRUE, or } from '../../filters/condition.ts';
import { anyOf, eq, like, notAnyOf, tagsAll, tagsAny, tagsIsNull, type Operator } from '../../filters/operators.ts';

/** Deployment name or its flow's name, each a case-insensitive substring match. */
const flowOrDeploymentName: Operator = {
  type: 'String',
  description:
    "A case-insensitive partial match on either the deployment name or the flow name. For example, passing 'marvin' will match 'marvin', 'sad-Marvin', and 'marvin-robot'.",
  compile: (value: string, ctx) => {
    const byName = like('name').compile(value, ctx);
    if (byName === TRUE) return TRUE;
    return or([byName, { flow: { is: like('name').compile(value, ctx) } }]);
  },
};

/** Deprecated in Prefect: accepted, never a condition. */
const ignored = (type: string, description: string): Operator => ({ type, description, compile: () => TRUE });

export const DeploymentFilter = resourceFilter('DeploymentFilter', {
  description: 'Filter for deployments. Only deployments matching all criteria will be returned.',
  fields: {
    id: fieldFilter('DeploymentFilterId', {
      description: 'Filter by `Deployment.id`.',
      ops: { any_: anyOf('id', 'UUID'), not_any_: notAnyOf('id', 'UUID') },
    }),
    name: fieldFilter('DeploymentFilterName', {
      description: 'Filter by `Deployment.name`.',
      ops: { any_: anyOf('name', 'String'), like_: like('name') },
    }),
    flow_or_deployment_name: fieldFilter('DeploymentOrFlowNameFilter', {
      description: 'Filter by `Deployment.name` or `Flow.name` with a single input string for ilike filtering.',
      ops: { like_: flowOrDeploymentName },
    }),
    paused: fieldFilter('DeploymentFilterPaused', {
      description: 'Filter by `Deployment.paused`.',
      ops: { eq_: eq('paused') },
    }),
    tags: fieldFilter('DeploymentFilterTags', {
      description: 'Filter by `Deployment.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), any_: tagsAny('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
    work_queue_name: fieldFilter('DeploymentFilterWorkQueueName', {
      description: 'Filter by the stored `Deployment.work_queue_name`.',
      ops: { any_: anyOf('work_queue_name', 'String') },
    }),
    concurrency_limit: fieldFilter('DeploymentFilterConcurrencyLimit', {
      description: 'Deprecated: accepted and ignored (as in Prefect).',
      ops: {
        ge_: ignored('Int', 'Ignored.'),
        le_: ignored('Int', 'Ignored.'),
        is_null_: ignored('Boolean', 'Ignored.'),
      },
    }),
  },
});
