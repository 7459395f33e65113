// The schedule union (deployments-and-work-pools §2.1–2.4) validated the way
// Pydantic validates Prefect's `Union[IntervalSchedule, CronSchedule,
// RRuleSchedule]`: each member in turn; the one that validates wins; when
// none does, every member's errors are reported under the member's label.
// Interval and cron schedules carry a model validator (the timezone check),
// so Pydantic labels them `function-after[validate_timezone(), <Class>]`.
import { ValidationError, type ValidationItem } from '../errors.ts';
import { formatDateTime, parseDateTime } from '../validation/datetime.ts';
import { InvalidInput } from '../validation/invalid-input.ts';
import { InvalidCron, parseCron } from './cron.ts';
import { parseTimedelta } from './duration.ts';
import { normalizeRRule, rruleError } from './rrule.ts';
import { containsZoneName, isZoneName, ZONE_PATTERN } from './timezones.ts';
import type { CronScheduleJson, IntervalScheduleJson, RRuleScheduleJson, ScheduleJson } from './types.ts';

type Loc = (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const valueError = (loc: Loc, text: string, input: unknown): ValidationItem => ({ type: 'value_error', loc, msg: `Value error, ${text}`, input, ctx: { error: {} } });
const fromInvalid = (loc: Loc, error: InvalidInput, input: unknown): ValidationItem => ({ type: error.type, loc, msg: error.msg, input, ...(error.ctx ? { ctx: error.ctx } : {}) });

class Member {
  readonly items: ValidationItem[] = [];
  constructor(
    readonly loc: Loc,
    readonly input: Record<string, unknown>,
    readonly fields: string[],
  ) {}

  has = (key: string) => Object.hasOwn(this.input, key);

  missing(key: string) {
    this.items.push({ type: 'missing', loc: [...this.loc, key], msg: 'Field required', input: this.input });
  }

  string(key: string, nullable: boolean): string | null | undefined {
    const v = this.input[key];
    if (typeof v === 'string') return v;
    if (v === null && nullable) return null;
    this.items.push({ type: 'string_type', loc: [...this.loc, key], msg: 'Input should be a valid string', input: v });
    return undefined;
  }

  /** Unknown keys, reported after the fields as Pydantic does. */
  extras() {
    for (const [key, v] of Object.entries(this.input)) {
      if (!this.fields.includes(key)) this.items.push({ type: 'extra_forbidden', loc: [...this.loc, key], msg: 'Extra inputs are not permitted', input: v });
    }
  }
}

const TRUE = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE = ['0', 'off', 'f', 'false', 'n', 'no'];

function laxBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const bad = () => new InvalidInput('bool_parsing', 'Input should be a valid boolean, unable to interpret input');
  if (typeof value === 'number') {
    if (value === 1 || value === 0) return value === 1;
    throw bad();
  }
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (TRUE.includes(lower)) return true;
    if (FALSE.includes(lower)) return false;
    throw bad();
  }
  throw new InvalidInput('bool_type', 'Input should be a valid boolean');
}

const timezoneMessage = (tz: string) => `Invalid timezone: "${tz}" (specify in IANA tzdata format, for example, America/New_York)`;

function interval(m: Member, now: Date): IntervalScheduleJson | undefined {
  let seconds: number | undefined;
  if (!m.has('interval')) m.missing('interval');
  else {
    try {
      seconds = parseTimedelta(m.input.interval);
      if (seconds <= 0) {
        m.items.push(valueError([...m.loc, 'interval'], 'interval must be positive', m.input.interval));
        seconds = undefined;
      }
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      m.items.push(fromInvalid([...m.loc, 'interval'], error, m.input.interval));
    }
  }
  let anchor: Date | undefined = now;
  if (m.has('anchor_date')) {
    try {
      anchor = parseDateTime(m.input.anchor_date);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      m.items.push(fromInvalid([...m.loc, 'anchor_date'], error, m.input.anchor_date));
      anchor = undefined;
    }
  }
  const timezone = m.has('timezone') ? m.string('timezone', true) : null;
  m.extras();
  if (m.items.length > 0 || seconds === undefined || anchor === undefined || timezone === undefined) return undefined;
  if (timezone) {
    if (!isZoneName(timezone)) {
      m.items.push(valueError(m.loc, timezoneMessage(timezone), m.input));
      return undefined;
    }
  }
  // Omitted: taken from the anchor's zone, which for JSON input is an offset, hence UTC.
  return { interval: seconds, anchor_date: formatDateTime(anchor), timezone: timezone ?? 'UTC' };
}

function cron(m: Member): CronScheduleJson | undefined {
  let text: string | null | undefined;
  if (!m.has('cron')) m.missing('cron');
  else {
    text = m.string('cron', false);
    if (typeof text === 'string') {
      let problem: string | undefined;
      try {
        if (parseCron(text).random) problem = `Random and Hashed expressions are unsupported, received: "${text}"`;
      } catch (error) {
        if (!(error instanceof InvalidCron)) throw error;
        problem = `Invalid cron string: "${text}"`;
      }
      if (problem) {
        m.items.push(valueError([...m.loc, 'cron'], problem, text));
        text = undefined;
      }
    }
  }
  const timezone = m.has('timezone') ? m.string('timezone', true) : null;
  let dayOr: boolean | undefined = true;
  if (m.has('day_or')) {
    try {
      dayOr = laxBool(m.input.day_or);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      m.items.push(fromInvalid([...m.loc, 'day_or'], error, m.input.day_or));
      dayOr = undefined;
    }
  }
  m.extras();
  if (m.items.length > 0 || typeof text !== 'string' || timezone === undefined || dayOr === undefined) return undefined;
  if (timezone && !isZoneName(timezone)) {
    m.items.push(valueError(m.loc, timezoneMessage(timezone), m.input));
    return undefined;
  }
  return { cron: text, timezone, day_or: dayOr };
}

function rrule(m: Member, now: Date): RRuleScheduleJson | undefined {
  let text: string | null | undefined;
  if (!m.has('rrule')) m.missing('rrule');
  else {
    text = m.string('rrule', false);
    if (typeof text === 'string') {
      const problem = rruleError(text);
      if (problem) {
        m.items.push(valueError([...m.loc, 'rrule'], problem, text));
        text = undefined;
      }
    }
  }
  let timezone: string | null | undefined = 'UTC';
  if (m.has('timezone')) {
    timezone = m.string('timezone', true);
    // Prefect's TimeZone pattern has no anchors: any text containing a zone name passes.
    if (typeof timezone === 'string' && !containsZoneName(timezone)) {
      m.items.push({
        type: 'string_pattern_mismatch',
        loc: [...m.loc, 'timezone'],
        msg: `String should match pattern '${ZONE_PATTERN}'`,
        input: timezone,
        ctx: { pattern: ZONE_PATTERN },
      });
      timezone = undefined;
    }
  }
  m.extras();
  if (m.items.length > 0 || typeof text !== 'string' || timezone === undefined) return undefined;
  return { rrule: normalizeRRule(text, timezone, now), timezone };
}

const MEMBERS = [
  { label: 'function-after[validate_timezone(), IntervalSchedule]', name: 'IntervalSchedule', fields: ['interval', 'anchor_date', 'timezone'], validate: interval },
  { label: 'function-after[validate_timezone(), CronSchedule]', name: 'CronSchedule', fields: ['cron', 'timezone', 'day_or'], validate: (m: Member) => cron(m) },
  { label: 'RRuleSchedule', name: 'RRuleSchedule', fields: ['rrule', 'timezone'], validate: rrule },
] as const;

/** The schedule's validation errors (empty when valid) and the value to store. */
export function checkSchedule(value: unknown, loc: Loc, now: Date): { schedule?: ScheduleJson; items: ValidationItem[] } {
  const items: ValidationItem[] = [];
  for (const member of MEMBERS) {
    const memberLoc = [...loc, member.label];
    if (!isObject(value)) {
      items.push({ type: 'model_type', loc: memberLoc, msg: `Input should be a valid dictionary or instance of ${member.name}`, input: value, ctx: { class_name: member.name } });
      continue;
    }
    const m = new Member(memberLoc, value, [...member.fields]);
    const schedule = member.validate(m, now);
    if (schedule) return { schedule, items: [] };
    items.push(...m.items);
  }
  return { items };
}

/** Validates a schedule; throws Prefect's 422 (ValidationError) at `loc`. */
export function parseSchedule(value: unknown, loc: Loc, now: Date = new Date()): ScheduleJson {
  const { schedule, items } = checkSchedule(value, loc, now);
  if (!schedule) throw new ValidationError(items);
  return schedule;
}
