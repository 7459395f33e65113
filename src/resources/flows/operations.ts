// Root fields for flows, named after Prefect's operations (api/flows.py).
import { builder } from '../../graphql/builder.ts';
import { defineListOperations } from '../list-operations.ts';
import { BulkDeleteResponse } from '../bulk.ts';
import { bulkLimitArgs } from '../../pagination.ts';
import { FlowFilter } from './filters.ts';
import { bulkDeleteFlows, createFlow, deleteFlow, readFlowById, readFlowByName, updateFlow } from './service.ts';
import { flowWhere } from './where.ts';
import { FlowRunFilter } from '../flow-runs/filters.ts';
import { TaskRunFilter } from '../task-runs/filters.ts';
import { WorkPoolFilter } from '../work-pools/filters.ts';
import { DeploymentFilter } from '../deployments/filters.ts';
import { Flow, FlowCreate, FlowPaginationResponse, FlowSort, FlowUpdate } from './types.ts';

// Keys of the list routes' bodies (flows-and-runs §1.8). deployments joins as
// that resource arrives; there is no work_pool_queues key here.
const filterArgs = builder.args((t) => ({
  flows: t.field({ type: FlowFilter.ref, description: FlowFilter.argument }),
  flow_runs: t.field({ type: FlowRunFilter.ref, description: FlowRunFilter.argument }),
  task_runs: t.field({ type: TaskRunFilter.ref, description: TaskRunFilter.argument }),
  work_pools: t.field({ type: WorkPoolFilter.ref, description: WorkPoolFilter.argument }),
  deployments: t.field({ type: DeploymentFilter.ref, description: DeploymentFilter.argument }),
}));

defineListOperations({
  plural: 'flows',
  lean: 'Flow',
  type: Flow,
  pagination: FlowPaginationResponse,
  model: (ctx) => ctx.db.flow,
  filterArgs,
  sort: { ref: FlowSort.ref, orderBy: FlowSort.orderBy, default: 'NAME_ASC' },
  where: flowWhere,
});

builder.queryFields((t) => ({
  read_flow: t.prismaField({
    type: Flow,
    description: 'Get a flow by id.',
    args: { id: t.arg({ description: 'The flow id', type: 'UUID', required: true }) },
    resolve: (query, _root, args, ctx) => readFlowById(ctx, args.id, query),
  }),
  read_flow_by_name: t.prismaField({
    type: Flow,
    description: 'Get a flow by name.',
    args: { name: t.arg.string({ description: 'The name of the flow', required: true }) },
    resolve: (query, _root, args, ctx) => readFlowByName(ctx, args.name, query),
  }),
}));

builder.mutationFields((t) => ({
  create_flow: t.prismaField({
    type: Flow,
    description: 'Creates a new flow from the provided schema. If a flow with the same name already exists, the existing flow is returned.',
    args: { flow: t.arg({ description: 'Data used by the Prefect REST API to create a flow.', type: FlowCreate, required: true }) },
    resolve: (query, _root, args, ctx) => createFlow(ctx, args.flow, query),
  }),
  update_flow: t.prismaField({
    type: Flow,
    description: 'Updates a flow (only its tags); returns it.',
    args: {
      id: t.arg({ description: 'The flow id', type: 'UUID', required: true }),
      flow: t.arg({ description: 'Data used by the Prefect REST API to update a flow.', type: FlowUpdate, required: true }),
    },
    resolve: (query, _root, args, ctx) => updateFlow(ctx, args.id, args.flow, query),
  }),
  bulk_delete_flows: t.field({
    type: BulkDeleteResponse,
    description: 'Delete up to `limit` flows matching the filter (by name, A to Z).',
    args: { flows: t.arg({ type: FlowFilter.ref, description: FlowFilter.argument }), ...bulkLimitArgs },
    resolve: (_root, args, ctx) => bulkDeleteFlows(ctx, flowWhere({ flows: args.flows }, ctx), args.limit ?? 50),
  }),
  delete_flow: t.boolean({
    description: 'Delete a flow by id, with its runs and deployments.',
    args: { id: t.arg({ description: 'The flow id', type: 'UUID', required: true }) },
    resolve: (_root, args, ctx) => deleteFlow(ctx, args.id),
  }),
}));
