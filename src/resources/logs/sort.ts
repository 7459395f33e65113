// LogSort (logs §1.5): Prefect has only the two timestamp orders. `id` (UUID v7,
// time-ordered) breaks ties in the same direction, so equal timestamps keep
// their arrival order ascending (house rule 2).
import { sortEnum } from '../../filters/sort.ts';

export const LogSort = sortEnum('LogSort', {
  TIMESTAMP_ASC: { description: 'By timestamp, oldest first', orderBy: [{ timestamp: 'asc' }, { id: 'asc' }] },
  TIMESTAMP_DESC: { description: 'By timestamp, newest first', orderBy: [{ timestamp: 'desc' }, { id: 'desc' }] },
});

export const DEFAULT_LOG_SORT = 'TIMESTAMP_ASC';
