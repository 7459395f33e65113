// TaskRunSort (flows-and-runs §3.9).
import { nullable, sortEnum } from '../../filters/sort.ts';

export const TaskRunSort = sortEnum('TaskRunSort', {
  ID_DESC: { description: 'By id, descending', orderBy: [{ id: 'desc' }] },
  EXPECTED_START_TIME_ASC: { description: 'By expected start time, oldest first', orderBy: [{ expected_start_time: nullable('asc') }] },
  EXPECTED_START_TIME_DESC: { description: 'By expected start time, newest first', orderBy: [{ expected_start_time: nullable('desc') }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
  NEXT_SCHEDULED_START_TIME_ASC: { description: 'By next scheduled start time, soonest first', orderBy: [{ next_scheduled_start_time: nullable('asc') }] },
  END_TIME_DESC: { description: 'By end time, latest first', orderBy: [{ end_time: nullable('desc') }] },
});
