// A schedule as stored in deployment_schedule.schedule and returned by the
// API: Prefect's IntervalSchedule | CronSchedule | RRuleSchedule, with the
// interval in seconds and the anchor as UTC ISO text.

export interface IntervalScheduleJson {
  interval: number;
  anchor_date: string;
  timezone: string | null;
}

export interface CronScheduleJson {
  cron: string;
  timezone: string | null;
  day_or: boolean;
}

export interface RRuleScheduleJson {
  rrule: string;
  timezone: string | null;
}

export type ScheduleJson = IntervalScheduleJson | CronScheduleJson | RRuleScheduleJson;

export const isInterval = (s: ScheduleJson): s is IntervalScheduleJson => 'interval' in s;
export const isCron = (s: ScheduleJson): s is CronScheduleJson => 'cron' in s;
export const isRRule = (s: ScheduleJson): s is RRuleScheduleJson => 'rrule' in s;

/** Prefect's class name of a schedule (created_by.display_value of scheduled runs without a slug). */
export const scheduleClassName = (s: ScheduleJson): 'IntervalSchedule' | 'CronSchedule' | 'RRuleSchedule' =>
  isInterval(s) ? 'IntervalSchedule' : isCron(s) ? 'CronSchedule' : 'RRuleSchedule';
