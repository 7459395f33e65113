// WorkerFilter (deployments-and-work-pools §4.8): no pool criterion, the
// route is already scoped to one pool.
import { fieldFilter, resourceFilter } from '../../filters/define.ts';
import { after, anyOf, before, notAnyOf } from '../../filters/operators.ts';
import { WorkerStatusEnum } from './types.ts';

export const WorkerFilter = resourceFilter('WorkerFilter', {
  description: 'Filter by `Worker` fields. Only workers matching all criteria will be returned.',
  fields: {
    last_heartbeat_time: fieldFilter('WorkerFilterLastHeartbeatTime', {
      description: 'Filter by `Worker.last_heartbeat_time`.',
      ops: { before_: before('last_heartbeat_time'), after_: after('last_heartbeat_time') },
    }),
    status: fieldFilter('WorkerFilterStatus', {
      description: 'Filter by the stored `Worker.status`.',
      ops: { any_: anyOf('status', WorkerStatusEnum), not_any_: notAnyOf('status', WorkerStatusEnum) },
    }),
  },
});
