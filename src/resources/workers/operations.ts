// Root fields of the worker routes, named after Prefect's operations
// (api/workers.py: worker_heartbeat, read_workers, delete_worker).
import { builder } from '../../graphql/builder.ts';
import { own, toWhere } from '../../filters/related.ts';
import { listArgs, resolveLimit } from '../../pagination.ts';
import { WorkerFilter } from './filters.ts';
import { deleteWorker, poolIdByName, recordHeartbeat } from './service.ts';
import { Worker } from './types.ts';

builder.queryFields((t) => ({
  read_workers: t.prismaField({
    type: [Worker],
    description: "Read a work pool's workers, most recent heartbeat first.",
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      workers: t.arg({ type: WorkerFilter.ref, description: WorkerFilter.argument }),
      ...listArgs,
    },
    resolve: async (query, _root, args, ctx) => {
      const take = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
      const poolId = await poolIdByName(ctx, args.work_pool_name);
      return ctx.db.worker.findMany({
        ...query,
        where: { AND: [{ work_pool_id: poolId }, toWhere(own(WorkerFilter, args.workers as never, ctx))] },
        orderBy: [{ last_heartbeat_time: 'desc' }, { id: 'asc' }],
        take,
        skip: args.offset ?? 0,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  worker_heartbeat: t.boolean({
    description: 'Record a worker process heartbeat: the worker is ONLINE; a NOT_READY pool becomes READY.',
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      name: t.arg.string({ required: true, description: 'The worker process name' }),
      heartbeat_interval_seconds: t.arg.int({ description: "The worker's heartbeat interval in seconds" }),
    },
    resolve: (_root, args, ctx) => recordHeartbeat(ctx, args.work_pool_name, args.name, args.heartbeat_interval_seconds),
  }),
  delete_worker: t.boolean({
    description: "Delete a work pool's worker.",
    args: {
      work_pool_name: t.arg.string({ required: true, description: 'The work pool name' }),
      name: t.arg.string({ required: true, description: 'The worker name' }),
    },
    resolve: (_root, args, ctx) => deleteWorker(ctx, args.work_pool_name, args.name),
  }),
}));
