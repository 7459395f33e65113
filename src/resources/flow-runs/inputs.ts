// Bodies of POST /flow_runs/ and PATCH /flow_runs/{id} (flows-and-runs §2.2, §2.6).
import { builder } from '../../graphql/builder.ts';
import { StateCreate } from '../states/types.ts';
import { FlowRunPolicyInput } from './types.ts';

export const FlowRunCreate = builder.inputType('FlowRunCreate', {
  description: 'Data used to create a flow run.',
  fields: (t) => ({
    name: t.string({ description: 'Defaults to a random word-word slug (also for null and "").' }),
    flow_id: t.field({ type: 'UUID', required: true }),
    deployment_id: t.field({ type: 'UUID', deprecationReason: 'Create runs of deployments through the deployment.' }),
    flow_version: t.string(),
    parameters: t.field({ type: 'JSON', description: 'Defaults to {}.' }),
    context: t.field({ type: 'JSON', description: 'Defaults to {}.' }),
    parent_task_run_id: t.field({ type: 'UUID' }),
    infrastructure_document_id: t.field({ type: 'UUID' }),
    empirical_policy: t.field({ type: FlowRunPolicyInput }),
    tags: t.stringList({ defaultValue: [] }),
    labels: t.field({ type: 'KeyValueLabels' }),
    idempotency_key: t.string({ description: 'The same key for the same flow returns the existing run.' }),
    work_pool_name: t.string(),
    work_queue_name: t.string(),
    job_variables: t.field({ type: 'JSON' }),
    state: t.field({ type: StateCreate, description: 'The first state; defaults to PENDING.' }),
  }),
});

export const FlowRunUpdate = builder.inputType('FlowRunUpdate', {
  description: 'Data used to update a flow run; absent keys are left as they are.',
  fields: (t) => ({
    name: t.string({ description: 'null or "" gives a new random name.' }),
    flow_version: t.string(),
    parameters: t.field({ type: 'JSON' }),
    empirical_policy: t.field({ type: FlowRunPolicyInput }),
    tags: t.stringList(),
    infrastructure_pid: t.string(),
    job_variables: t.field({ type: 'JSON' }),
  }),
});
