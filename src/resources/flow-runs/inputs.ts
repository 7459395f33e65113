// Bodies of POST /flow_runs/ and PATCH /flow_runs/{id} (flows-and-runs §2.2, §2.6).
import { builder } from '../../graphql/builder.ts';
import { StateCreate } from '../states/types.ts';
import { FlowRunPolicyInput } from './types.ts';

export const FlowRunCreate = builder.inputType('FlowRunCreate', {
  description: 'Data used to create a flow run.',
  fields: (t) => ({
    name: t.string({ description: 'Defaults to a random word-word slug (also for null and "").' }),
    flow_id: t.field({ description: 'The id of the flow being run.', type: 'UUID', required: true }),
    deployment_id: t.field({
      description: 'DEPRECATED: The id of the deployment associated with this flow run, if available.',
      type: 'UUID',
      deprecationReason: 'Create runs of deployments through the deployment.',
    }),
    flow_version: t.string({ description: 'The version of the flow being run.' }),
    parameters: t.field({ type: 'JSON', description: 'Defaults to {}.' }),
    context: t.field({ type: 'JSON', description: 'Defaults to {}.' }),
    parent_task_run_id: t.field({ description: "If the flow run is a subflow, the id of the 'dummy' task in the parent flow used to track subflow state.", type: 'UUID' }),
    infrastructure_document_id: t.field({ description: 'The block document defining infrastructure to use this flow run.', type: 'UUID' }),
    empirical_policy: t.field({ description: 'The empirical policy for the flow run.', type: FlowRunPolicyInput }),
    tags: t.stringList({ description: 'A list of tags for the flow run.', defaultValue: [] }),
    labels: t.field({ description: 'A dictionary of key-value labels. Values can be strings, numbers, or booleans.', type: 'KeyValueLabels' }),
    idempotency_key: t.string({ description: 'The same key for the same flow returns the existing run.' }),
    work_pool_name: t.string({ description: 'The name of the work pool to run the flow run in.' }),
    work_queue_name: t.string({ description: 'The name of the work queue to place the flow run in.' }),
    job_variables: t.field({ description: 'The job variables to use when setting up flow run infrastructure.', type: 'JSON' }),
    state: t.field({ type: StateCreate, description: 'The first state; defaults to PENDING.' }),
  }),
});

export const FlowRunUpdate = builder.inputType('FlowRunUpdate', {
  description: 'Data used to update a flow run; absent keys are left as they are.',
  fields: (t) => ({
    name: t.string({ description: 'null or "" gives a new random name.' }),
    flow_version: t.string({ description: 'The version of the flow executed in this flow run.' }),
    parameters: t.field({ description: 'Parameters for the flow run.', type: 'JSON' }),
    empirical_policy: t.field({ description: 'The empirical policy for the flow run.', type: FlowRunPolicyInput }),
    tags: t.stringList({ description: 'A list of tags on the flow run' }),
    infrastructure_pid: t.string({ description: 'The id of the flow run as returned by an infrastructure block.' }),
    job_variables: t.field({ description: 'Variables used as overrides in the base job template', type: 'JSON' }),
  }),
});
