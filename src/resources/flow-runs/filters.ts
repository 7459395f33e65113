// FlowRunFilter (flows-and-runs §2.10): which flow-run columns take which operators.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { after, anyOf, anyOfRelated, before, isNull, like, notAnyOf, tagsAll, tagsAny, tagsIsNull } from '../../filters/operators.ts';
import { StateTypeEnum } from '../states/types.ts';

export const FlowRunFilter = resourceFilter('FlowRunFilter', {
  description: 'Filter flow runs. Only flow runs matching all criteria will be returned.',
  fields: {
    id: fieldFilter('FlowRunFilterId', {
      description: 'Filter by `FlowRun.id`.',
      ops: { any_: anyOf('id', 'UUID'), not_any_: notAnyOf('id', 'UUID') },
    }),
    name: fieldFilter('FlowRunFilterName', {
      description: 'Filter by `FlowRun.name`.',
      ops: { any_: anyOf('name', 'String'), like_: like('name') },
    }),
    tags: fieldFilter('FlowRunFilterTags', {
      description: 'Filter by `FlowRun.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), any_: tagsAny('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
    deployment_id: fieldFilter('FlowRunFilterDeploymentId', {
      description: 'Filter by `FlowRun.deployment_id`.',
      operator: true,
      ops: { any_: anyOf('deployment_id', 'UUID'), is_null_: isNull('deployment_id') },
    }),
    work_queue_name: fieldFilter('FlowRunFilterWorkQueueName', {
      description: 'Filter by the stored `FlowRun.work_queue_name`.',
      operator: true,
      ops: { any_: anyOf('work_queue_name', 'String'), is_null_: isNull('work_queue_name') },
    }),
    state: resourceFilter('FlowRunFilterState', {
      description: 'Filter by the current state type and name.',
      fields: {
        type: fieldFilter('FlowRunFilterStateType', {
          description: 'Filter by `FlowRun.state_type`. With both any_ and not_any_, neither applies (as in Prefect).',
          singleOperatorOnly: true,
          ops: { any_: anyOf('state_type', StateTypeEnum), not_any_: notAnyOf('state_type', StateTypeEnum) },
        }),
        name: fieldFilter('FlowRunFilterStateName', {
          description: 'Filter by `FlowRun.state_name`. With both any_ and not_any_, neither applies (as in Prefect).',
          singleOperatorOnly: true,
          ops: { any_: anyOf('state_name', 'String'), not_any_: notAnyOf('state_name', 'String') },
        }),
      },
    }),
    flow_version: fieldFilter('FlowRunFilterFlowVersion', {
      description: 'Filter by `FlowRun.flow_version`.',
      ops: { any_: anyOf('flow_version', 'String') },
    }),
    start_time: fieldFilter('FlowRunFilterStartTime', {
      description: 'Filter by the start time, or the expected start time for runs that have not started; is_null_ looks at start_time alone.',
      ops: { before_: before('effective_start_time'), after_: after('effective_start_time'), is_null_: isNull('start_time') },
    }),
    end_time: fieldFilter('FlowRunFilterEndTime', {
      description: 'Filter by `FlowRun.end_time`.',
      ops: { before_: before('end_time'), after_: after('end_time'), is_null_: isNull('end_time') },
    }),
    expected_start_time: fieldFilter('FlowRunFilterExpectedStartTime', {
      description: 'Filter by `FlowRun.expected_start_time`.',
      ops: { before_: before('expected_start_time'), after_: after('expected_start_time') },
    }),
    next_scheduled_start_time: fieldFilter('FlowRunFilterNextScheduledStartTime', {
      description: 'Filter by `FlowRun.next_scheduled_start_time`.',
      ops: { before_: before('next_scheduled_start_time'), after_: after('next_scheduled_start_time') },
    }),
    parent_flow_run_id: fieldFilter('FlowRunFilterParentFlowRunId', {
      description: 'Direct subflows of these flow runs (through their parent task run).',
      operator: true,
      ops: { any_: anyOfRelated('parent_task_run', 'flow_run_id', 'UUID') },
    }),
    parent_task_run_id: fieldFilter('FlowRunFilterParentTaskRunId', {
      description: 'Filter by `FlowRun.parent_task_run_id`.',
      operator: true,
      ops: { any_: anyOf('parent_task_run_id', 'UUID'), is_null_: isNull('parent_task_run_id') },
    }),
    idempotency_key: fieldFilter('FlowRunFilterIdempotencyKey', {
      description: 'Filter by `FlowRun.idempotency_key`.',
      ops: { any_: anyOf('idempotency_key', 'String'), not_any_: notAnyOf('idempotency_key', 'String') },
    }),
    created_by: fieldFilter('FlowRunFilterCreatedBy', {
      description: 'Filter by `FlowRun.created_by`.',
      operator: true,
      ops: {
        id_: { ...anyOf('created_by_id', 'UUID'), description: 'A list of creator IDs to include' },
        type_: {
          ...anyOf('created_by_type', 'String'),
          description: "A list of creator types to include. For example, 'DEPLOYMENT' for scheduled runs or 'AUTOMATION' for runs triggered by automations.",
        },
        is_null_: { ...isNull('created_by_type'), description: 'If true, only include flow runs without a creator' },
      },
    }),
  },
});
