// A schedule object of a request body, checked and normalised before it is
// stored: the interval|cron|rrule union's rules and messages (src/schedules),
// so every deployment route validates alike.
import { parseSchedule } from '../../schedules/index.ts';

export function scheduleToStore(value: unknown, loc: (string | number)[]): Record<string, unknown> {
  return parseSchedule(value, loc) as unknown as Record<string, unknown>;
}
