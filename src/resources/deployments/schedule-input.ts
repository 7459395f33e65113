// A schedule object of a request body, checked and normalised before it is
// stored. The interval|cron|rrule union's rules (src/schedules, parseSchedule)
// are wired in here so every deployment route validates alike.
import { ValidationError } from '../../errors.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function scheduleToStore(value: unknown, loc: (string | number)[]): Json {
  if (!isObject(value) || !['interval', 'cron', 'rrule'].some((k) => k in value)) {
    throw new ValidationError([{ type: 'model_type', loc, msg: 'Input should be a valid dictionary or instance of IntervalSchedule, CronSchedule or RRuleSchedule', input: value }]);
  }
  return value;
}
