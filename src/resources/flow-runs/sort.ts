// FlowRunSort (flows-and-runs §2.11). START_TIME sorts use the stored
// COALESCE(start_time, expected_start_time).
import { nullable, sortEnum } from '../../filters/sort.ts';

export const FlowRunSort = sortEnum('FlowRunSort', {
  ID_DESC: { description: 'By id, descending (not chronological)', orderBy: [{ id: 'desc' }] },
  START_TIME_ASC: { description: 'By start time (or expected start time), oldest first', orderBy: [{ effective_start_time: nullable('asc') }] },
  START_TIME_DESC: { description: 'By start time (or expected start time), newest first', orderBy: [{ effective_start_time: nullable('desc') }] },
  EXPECTED_START_TIME_ASC: { description: 'By expected start time, oldest first', orderBy: [{ expected_start_time: nullable('asc') }] },
  EXPECTED_START_TIME_DESC: { description: 'By expected start time, newest first', orderBy: [{ expected_start_time: nullable('desc') }] },
  NAME_ASC: { description: 'By name, A to Z', orderBy: [{ name: 'asc' }] },
  NAME_DESC: { description: 'By name, Z to A', orderBy: [{ name: 'desc' }] },
  NEXT_SCHEDULED_START_TIME_ASC: { description: 'By next scheduled start time, soonest first', orderBy: [{ next_scheduled_start_time: nullable('asc') }] },
  END_TIME_DESC: { description: 'By end time, latest first', orderBy: [{ end_time: nullable('desc') }] },
});
