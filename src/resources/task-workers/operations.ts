// POST /task_workers/filter (api/task_workers.py): the connected task workers.
import { builder } from '../../graphql/builder.ts';
import { taskWorkerTracker, type TaskWorker } from './tracker.ts';

const TaskWorkerResponse = builder.objectRef<TaskWorker>('TaskWorkerResponse').implement({
  description: 'A task worker connected to this server process.',
  fields: (t) => ({
    identifier: t.exposeString('identifier', { description: 'The client id it subscribed with.' }),
    task_keys: t.exposeStringList('task_keys', { description: 'The task keys it serves.' }),
    timestamp: t.field({ type: 'DateTime', description: 'When it was last seen.', resolve: (w) => w.timestamp }),
  }),
});

const TaskWorkerFilter = builder.inputType('TaskWorkerFilter', {
  description: 'Workers subscribed to any of the task keys; an empty list means all.',
  extensions: { unknownKeys: 'ignore' },
  fields: (t) => ({ task_keys: t.stringList({ description: 'Only include task workers subscribed to at least one of these task keys.', required: true }) }),
});

builder.queryFields((t) => ({
  read_task_workers: t.field({
    type: [TaskWorkerResponse],
    description: 'Read active task workers. Optionally filter by task keys.',
    args: { task_worker_filter: t.arg({ type: TaskWorkerFilter, description: 'The task worker filter' }) },
    resolve: (_root, args) => taskWorkerTracker.list(args.task_worker_filter?.task_keys ?? []),
  }),
}));
