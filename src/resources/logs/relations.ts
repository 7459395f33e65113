// FlowRun.logs and TaskRun.logs (GraphQL only): a run's logs with LogFilter,
// LogSort, limit and offset, paged per parent in SQL for all runs of a level
// at once by the shared relation machinery (resources/runs/relations.ts).
// Logs have no foreign key to their runs (logs §1.1); the pages join on the
// log's flow_run_id / task_run_id column, served by ix_log__flow_run_id_timestamp
// and ix_log__task_run_id.
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { FlowRun } from '../flow-runs/types.ts';
import { GRAPHQL_ONLY, listRelation } from '../runs/relations.ts';
import { TaskRun } from '../task-runs/types.ts';
import { LogFilter } from './filters.ts';
import { DEFAULT_LOG_SORT, LogSort } from './sort.ts';
import { Log } from './types.ts';

const logArgs = builder.args((t) => ({
  filter: t.field({ type: LogFilter.ref, description: LogFilter.argument }),
  sort: t.field({ type: LogSort.ref, defaultValue: DEFAULT_LOG_SORT, description: 'The order of the results; ties are broken by id.' }),
  ...listArgs,
}));

const logsOf = (name: string, parentColumn: string) =>
  listRelation({ name, model: 'Log', parentColumn, filter: LogFilter, orderBy: LogSort.orderBy, defaultSort: DEFAULT_LOG_SORT });

builder.prismaObjectField(FlowRun, 'logs', (t) =>
  t.prismaField({
    type: [Log],
    description: "The run's logs (flow_run_id = this run), filtered, sorted and paged like read_logs.",
    ...GRAPHQL_ONLY,
    args: logArgs,
    resolve: logsOf('FlowRun.logs', 'flow_run_id'),
  } as any),
);

builder.prismaObjectField(TaskRun, 'logs', (t) =>
  t.prismaField({
    type: [Log],
    description: "The task run's logs (task_run_id = this run), filtered, sorted and paged like read_logs.",
    ...GRAPHQL_ONLY,
    args: logArgs,
    resolve: logsOf('TaskRun.logs', 'task_run_id'),
  } as any),
);
