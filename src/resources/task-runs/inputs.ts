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
    task_key: t.string({ required: true }),
    dynamic_key: t.string({ required: true }),
    cache_key: t.string({ description: 'At most 2000 characters.' }),
    cache_expiration: t.field({ type: 'DateTime' }),
    task_version: t.string(),
    empirical_policy: t.field({ type: TaskRunPolicyInput }),
    tags: t.stringList({ defaultValue: [] }),
    labels: t.field({ type: 'KeyValueLabels' }),
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
