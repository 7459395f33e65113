// Workers (deployments-and-work-pools §4.1 WorkerResponse): a pool's worker
// processes, upserted by their heartbeats. `status` is the stored column
// (heartbeats set ONLINE, the foreman OFFLINE), never recomputed at read time.
import { builder } from '../../graphql/builder.ts';

export const WORKER_STATUSES = ['ONLINE', 'OFFLINE'] as const;

export const WorkerStatusEnum = builder.enumType('WorkerStatus', {
  description: 'Whether a worker has sent heartbeats recently (as last judged by the foreman).',
  values: {
    ONLINE: { description: 'The worker has sent a heartbeat recently.' },
    OFFLINE: { description: 'The worker has missed its heartbeats.' },
  } satisfies Record<(typeof WORKER_STATUSES)[number], { description: string }>,
});

export const Worker = builder.prismaObject('Worker', {
  description: 'A worker process of a work pool.',
  fields: (t) => ({
    id: t.expose('id', { description: 'The id of the worker.', type: 'UUID' }),
    created: t.expose('created', { description: 'When the worker was created.', type: 'DateTime' }),
    updated: t.expose('updated', { description: 'When the worker was last updated.', type: 'DateTime' }),
    name: t.exposeString('name', { description: 'The name of the worker.' }),
    work_pool_id: t.expose('work_pool_id', { description: 'The work pool with which the queue is associated.', type: 'UUID' }),
    last_heartbeat_time: t.expose('last_heartbeat_time', { description: 'The last time the worker process sent a heartbeat.', type: 'DateTime', nullable: true }),
    heartbeat_interval_seconds: t.exposeInt('heartbeat_interval_seconds', {
      description: 'The number of seconds to expect between heartbeats sent by the worker.',
      nullable: true,
    }),
    status: t.field({ description: 'Current status of the worker.', type: WorkerStatusEnum, resolve: (w) => w.status as (typeof WORKER_STATUSES)[number] }),
  }),
});
