// Schedules (deployments-and-work-pools §2): pure validation with Prefect's
// 422 messages, rrule normalization, and date generation. No database here.
export { parseSchedule, checkSchedule } from './validate.ts';
export { scheduleDates, MAX_ITERATIONS, type DateOptions } from './dates.ts';
export { pythonDateString } from './timezones.ts';
export * from './types.ts';
