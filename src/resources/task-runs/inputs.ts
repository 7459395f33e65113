// Bodies of POST /task_runs/ and PATCH /task_runs/{id} (flows-and-runs §3.2, §3.6).
import { builder } from '../../graphql/builder.ts';
import { StateCreate } from '../states/types.ts';
import { TaskRunPolicyInput } from './types.ts';

export const TaskRunCreate = builder.inputType('TaskRunCreate', {
  description: 'Data used to create a task run (an upsert on flow_run_id, task_key and dynamic_key).',
  fields: (t) => ({
    id: t.field({ type: 'UUID', description: 'Optional: the id the new task run gets.' }),
    name: t.string({ description: 'Defaults to a random word-word slug (also for null and "").' }),
    flow_run_id: t.field({ type: 'UUID', description: 'null: a task run outside any flow run.' }),
    task_key: t.string({ description: 'A unique identifier for the task being run.', required: true }),
    dynamic_key: t.string({ description: 'A dynamic key used to differentiate between multiple runs of the same task within the same flow run.', required: true }),
    cache_key: t.string({ description: 'At most 2000 characters.' }),
    cache_expiration: t.field({ description: 'Specifies when the cached state should expire.', type: 'DateTime' }),
    task_version: t.string({ description: 'The version of the task being run.' }),
    empirical_policy: t.field({ description: "The task run's empirical retry policy.", type: TaskRunPolicyInput }),
    tags: t.stringList({ description: 'A list of tags for the task run.', defaultValue: [] }),
    labels: t.field({ description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.', type: 'KeyValueLabels' }),
    task_inputs: t.field({ type: 'JSON', description: 'Defaults to {}.' }),
    state: t.field({ type: StateCreate, description: 'The first state; defaults to PENDING.' }),
  }),
});

export const TaskRunUpdate = builder.inputType('TaskRunUpdate', {
  description: 'Data used to rename a task run.',
  fields: (t) => ({
    name: t.string({ description: 'null or "" gives a new random name.' }),
  }),
});
