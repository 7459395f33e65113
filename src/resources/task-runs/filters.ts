// TaskRunFilter (flows-and-runs §3.8): which task-run columns take which operators.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { after, anyOf, before, exists, isNull, like, tagsAll, tagsIsNull, type Operator } from '../../filters/operators.ts';
import { StateTypeEnum } from '../states/types.ts';

const flowRunIsNull: Operator = { ...isNull('flow_run_id'), defaultValue: false, description: 'If true, only task runs without a flow run. Defaults to false.' };

export const TaskRunFilter = resourceFilter('TaskRunFilter', {
  description: 'Filter task runs. Only task runs matching all criteria will be returned.',
  fields: {
    id: fieldFilter('TaskRunFilterId', {
      description: 'Filter by `TaskRun.id`.',
      ops: { any_: anyOf('id', 'UUID') },
    }),
    name: fieldFilter('TaskRunFilterName', {
      description: 'Filter by `TaskRun.name`.',
      ops: { any_: anyOf('name', 'String'), like_: like('name') },
    }),
    tags: fieldFilter('TaskRunFilterTags', {
      description: 'Filter by `TaskRun.tags`.',
      operator: true,
      ops: { all_: tagsAll('tag_rows'), is_null_: tagsIsNull('tag_rows') },
    }),
    state: resourceFilter('TaskRunFilterState', {
      description: 'Filter by the current state type and name.',
      fields: {
        type: fieldFilter('TaskRunFilterStateType', {
          description: 'Filter by `TaskRun.state_type`.',
          ops: { any_: anyOf('state_type', StateTypeEnum) },
        }),
        name: fieldFilter('TaskRunFilterStateName', {
          description: 'Filter by `TaskRun.state_name`.',
          ops: { any_: anyOf('state_name', 'String') },
        }),
      },
    }),
    start_time: fieldFilter('TaskRunFilterStartTime', {
      description: 'Filter by `TaskRun.start_time` (no fallback to the expected start time).',
      ops: { before_: before('start_time'), after_: after('start_time'), is_null_: isNull('start_time') },
    }),
    end_time: fieldFilter('TaskRunFilterEndTime', {
      description: 'Filter by `TaskRun.end_time`.',
      ops: { before_: before('end_time'), after_: after('end_time'), is_null_: isNull('end_time') },
    }),
    expected_start_time: fieldFilter('TaskRunFilterExpectedStartTime', {
      description: 'Filter by `TaskRun.expected_start_time`.',
      ops: { before_: before('expected_start_time'), after_: after('expected_start_time') },
    }),
    subflow_runs: fieldFilter('TaskRunFilterSubFlowRuns', {
      description: 'Filter by whether a flow run runs as a subflow of the task run.',
      ops: { exists_: { ...exists('subflow_runs'), description: 'If true, only include task runs that are subflow run parents; if false, exclude parent task runs' } },
    }),
    flow_run_id: fieldFilter('TaskRunFilterFlowRunId', {
      description: 'Filter by `TaskRun.flow_run_id`. Note is_null_ defaults to false: `{}` means "has a flow run".',
      operator: true,
      ops: { any_: anyOf('flow_run_id', 'UUID'), is_null_: flowRunIsNull },
      // is_null_ true wins; false alone means IS NOT NULL, and with a list, IN the list.
      compile: (value) => {
        const { any_, is_null_ } = value as { any_?: string[] | null; is_null_?: boolean | null };
        if (is_null_ === true) return { flow_run_id: null };
        if (any_ != null) return { flow_run_id: { in: any_ } };
        return is_null_ === false ? { flow_run_id: { not: null } } : true;
      },
    }),
  },
});
