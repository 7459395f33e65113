// Root fields for logs (api/logs.py; the download is api/flow_runs.py):
// create_logs, read_logs, download_logs. Prefect has no count of logs.
import { builder } from '../../graphql/builder.ts';
import { listArgs } from '../../pagination.ts';
import { LogFilter } from './filters.ts';
import './relations.ts';
import { createLogs, downloadFlowRunLogs, readLogs } from './service.ts';
import { DEFAULT_LOG_SORT, LogSort } from './sort.ts';
import { Log, LogCreate, type LogCreateInput } from './types.ts';

builder.queryFields((t) => ({
  read_logs: t.prismaField({
    type: [Log],
    description: 'Query for logs.',
    args: {
      logs: t.arg({ type: LogFilter.ref, description: LogFilter.argument }),
      sort: t.arg({ description: 'The order of the logs; ties are broken by id.', type: LogSort.ref, defaultValue: DEFAULT_LOG_SORT }),
      ...listArgs,
    },
    resolve: (query, _root, args, ctx) => readLogs(ctx, args, query),
  }),
  download_logs: t.string({
    description:
      'Every log of a flow run as CSV (timestamp,level,flow_run_id,task_run_id,message; oldest first). ' + 'Over REST: text/csv with a Content-Disposition naming the run.',
    args: { id: t.arg({ type: 'UUID', required: true, description: 'The flow run id' }) },
    resolve: (_root, args, ctx) => downloadFlowRunLogs(ctx, args.id),
  }),
}));

builder.mutationFields((t) => ({
  create_logs: t.boolean({
    nullable: true,
    description: 'Create new logs (ids are made by the server). Answers null.',
    args: {
      logs: t.arg({ description: 'The logs to create.', type: [LogCreate], required: true, extensions: { sequence: true } }),
    },
    resolve: (_root, args, ctx) => createLogs(ctx, args.logs as LogCreateInput[]),
  }),
}));
