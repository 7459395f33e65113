// Root fields for flow-run inputs (api/flow_runs.py, /flow_runs/{id}/input...).
import { builder } from '../../graphql/builder.ts';
import { createFlowRunInput, deleteFlowRunInput, filterFlowRunInputs, readFlowRunInput } from './service.ts';

export const FlowRunInput = builder.prismaObject('FlowRunInput', {
  description: 'A keyed value a flow run received.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the flow run input.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the flow run input was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the flow run input was last updated.', type: 'DateTime' }),
    flow_run_id: t.expose('flow_run_id', { description: 'The flow run ID associated with the input.', type: 'UUID' }),
    key: t.exposeString('key', { description: 'The key of the input.' }),
    value: t.exposeString('value', { description: 'The value of the input.' }),
    sender: t.exposeString('sender', { description: 'The sender of the input.', nullable: true }),
  }),
});

builder.queryFields((t) => ({
  filter_flow_run_input: t.prismaField({
    type: [FlowRunInput],
    description: 'Inputs of a flow run whose key starts with `prefix`, oldest first.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      prefix: t.arg.string({ description: 'The input key prefix', required: true }),
      limit: t.arg.int({ description: 'The maximum number of results to return', defaultValue: 1 }),
      exclude_keys: t.arg.stringList({ description: 'Exclude inputs with these keys', defaultValue: [] }),
    },
    resolve: (_query, _root, args, ctx) => filterFlowRunInputs(ctx, args.id, args.prefix, args.limit ?? 1, args.exclude_keys ?? []),
  }),
  read_flow_run_input: t.string({
    description: 'The value of one input of a flow run.',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }), key: t.arg.string({ description: 'The input key', required: true }) },
    resolve: (_root, args, ctx) => readFlowRunInput(ctx, args.id, args.key),
  }),
}));

builder.mutationFields((t) => ({
  create_flow_run_input: t.boolean({
    nullable: true,
    description: 'Store a value for a flow run under a key (lower-case letters, digits and -). Answers null.',
    args: {
      id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }),
      key: t.arg.string({ description: 'The input key', required: true }),
      value: t.arg.string({ description: 'The value of the input', required: true }),
      sender: t.arg.string({ description: 'The sender of the input' }),
    },
    resolve: (_root, args, ctx) => createFlowRunInput(ctx, args.id, args),
  }),
  delete_flow_run_input: t.boolean({
    description: 'Delete one input of a flow run.',
    args: { id: t.arg({ description: 'The flow run id', type: 'UUID', required: true }), key: t.arg.string({ description: 'The input key', required: true }) },
    resolve: (_root, args, ctx) => deleteFlowRunInput(ctx, args.id, args.key),
  }),
}));
