import { ValidationError, type ValidationItem } from '../../src/errors.ts';
import { parseSchedule, pythonDateString, scheduleDates, type DateOptions, type ScheduleJson } from '../../src/schedules/index.ts';

/** The 422 items parseSchedule throws (fails the test when it does not throw). */
export function itemsOf(value: unknown, loc: (string | number)[] = ['body', 'schedule']): ValidationItem[] {
  try {
    parseSchedule(value, loc);
  } catch (error) {
    if (error instanceof ValidationError) return error.items;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

/** Dates rendered as Python's str(datetime) in the schedule's zone. */
export function local(schedule: ScheduleJson, opts: DateOptions): string[] {
  return scheduleDates(schedule, opts).map((d) => pythonDateString(schedule.timezone || 'UTC', d.getTime()));
}

export const utc = (ds: Date[]) => ds.map((d) => d.toISOString());

export const INTERVAL = 'function-after[validate_timezone(), IntervalSchedule]';
export const CRON = 'function-after[validate_timezone(), CronSchedule]';
export const RRULE = 'RRuleSchedule';
