// Schedule validation (deployments-and-work-pools §2.1–2.4): the union's
// 422 items with Prefect's (Pydantic's) types, locs and messages.
import { describe, expect, it } from 'vitest';
import { parseSchedule, type RRuleScheduleJson } from '../../src/schedules/index.ts';
import { CRON, INTERVAL, itemsOf, RRULE } from './helpers.ts';

const NOW = new Date('2024-06-01T12:34:56.789Z');

describe('interval schedules', () => {
  it('takes seconds, ISO 8601 and HH:MM:SS durations, stores seconds, and fills anchor and timezone', () => {
    expect(parseSchedule({ interval: 3600 }, ['body'], NOW)).toEqual({ interval: 3600, anchor_date: '2024-06-01T12:34:56.789000Z', timezone: 'UTC' });
    expect(parseSchedule({ interval: 'P1D' }, ['body'], NOW)).toMatchObject({ interval: 86400 });
    expect(parseSchedule({ interval: 'PT1H30M' }, ['body'], NOW)).toMatchObject({ interval: 5400 });
    expect(parseSchedule({ interval: '01:00:00' }, ['body'], NOW)).toMatchObject({ interval: 3600 });
    expect(parseSchedule({ interval: '1 day, 01:00:00' }, ['body'], NOW)).toMatchObject({ interval: 90000 });
    expect(parseSchedule({ interval: 1.5, anchor_date: '2024-01-01T05:00:00-05:00', timezone: 'America/New_York' }, ['body'], NOW)).toEqual({
      interval: 1.5,
      anchor_date: '2024-01-01T10:00:00Z',
      timezone: 'America/New_York',
    });
    // a naive anchor is UTC; an empty timezone is kept (generation uses UTC)
    expect(parseSchedule({ interval: 60, anchor_date: '2024-01-01T00:00:00', timezone: '' }, ['body'], NOW)).toEqual({
      interval: 60,
      anchor_date: '2024-01-01T00:00:00Z',
      timezone: '',
    });
  });

  it('refuses a non-positive interval, listing every member of the union', () => {
    expect(itemsOf({ interval: 0 })).toEqual([
      { type: 'value_error', loc: ['body', 'schedule', INTERVAL, 'interval'], msg: 'Value error, interval must be positive', input: 0, ctx: { error: {} } },
      { type: 'missing', loc: ['body', 'schedule', CRON, 'cron'], msg: 'Field required', input: { interval: 0 } },
      { type: 'extra_forbidden', loc: ['body', 'schedule', CRON, 'interval'], msg: 'Extra inputs are not permitted', input: 0 },
      { type: 'missing', loc: ['body', 'schedule', RRULE, 'rrule'], msg: 'Field required', input: { interval: 0 } },
      { type: 'extra_forbidden', loc: ['body', 'schedule', RRULE, 'interval'], msg: 'Extra inputs are not permitted', input: 0 },
    ]);
    expect(itemsOf({ interval: '-01:00:00' })[0].msg).toBe('Value error, interval must be positive');
  });

  it('refuses a numeric string and other non-durations with Pydantic’s timedelta errors', () => {
    expect(itemsOf({ interval: '3600' })[0]).toEqual({
      type: 'time_delta_parsing',
      loc: ['body', 'schedule', INTERVAL, 'interval'],
      msg: 'Input should be a valid timedelta, "day" identifier in duration not correctly formatted',
      input: '3600',
      ctx: { error: '"day" identifier in duration not correctly formatted' },
    });
    expect(itemsOf({ interval: 'abc' })[0].msg).toBe('Input should be a valid timedelta, invalid digit in duration');
    expect(itemsOf({ interval: '' })[0].msg).toBe('Input should be a valid timedelta, input is too short');
    expect(itemsOf({ interval: [1] })[0]).toMatchObject({ type: 'time_delta_type', msg: 'Input should be a valid timedelta' });
    expect(itemsOf({ interval: 1e20 })[0].msg).toBe('Input should be a valid timedelta, durations may not exceed 999,999,999 days');
  });

  it('refuses an unknown timezone at the member (model validator), and a bad anchor', () => {
    const items = itemsOf({ interval: 60, timezone: 'Mars/Olympus' });
    expect(items[0]).toEqual({
      type: 'value_error',
      loc: ['body', 'schedule', INTERVAL],
      msg: 'Value error, Invalid timezone: "Mars/Olympus" (specify in IANA tzdata format, for example, America/New_York)',
      input: { interval: 60, timezone: 'Mars/Olympus' },
      ctx: { error: {} },
    });
    // zone names are case-sensitive, aliases are names too
    expect(itemsOf({ interval: 60, timezone: 'america/new_york' })[0].loc).toEqual(['body', 'schedule', INTERVAL]);
    expect(parseSchedule({ interval: 60, timezone: 'US/Eastern' }, ['body'])).toMatchObject({ timezone: 'US/Eastern' });
    expect(itemsOf({ interval: 60, anchor_date: 'soon' })[0]).toMatchObject({ type: 'datetime_from_date_parsing', loc: ['body', 'schedule', INTERVAL, 'anchor_date'] });
  });
});

describe('cron schedules', () => {
  it('accepts croniter’s grammar: 5, 6 (seconds last) and 7 (year) fields, names, aliases, L, #, ?', () => {
    for (const cron of [
      '0 9 * * *',
      '*/5 * * * * 30',
      '0 0 1 1 * 0 2030',
      '@daily',
      '@MIDNIGHT',
      '@annually',
      '0 0 L * *',
      '0 0 * * fri#2',
      '0 0 * * L5',
      '0 0 ? * sat-sun',
      '0 0 * jan-mar,dec *',
      '0 0 * * 7',
      '0 0 * * fri-mon',
    ]) {
      expect(parseSchedule({ cron }, ['body'])).toEqual({ cron, timezone: null, day_or: true });
    }
    expect(parseSchedule({ cron: '0 0 13 * 5', timezone: 'Europe/Berlin', day_or: 'false' }, ['body'])).toEqual({ cron: '0 0 13 * 5', timezone: 'Europe/Berlin', day_or: false });
  });

  it('refuses what croniter refuses with Prefect’s message', () => {
    for (const cron of [
      'bad',
      '* * * *',
      '* * * * * * * *',
      '60 * * * *',
      '* 24 * * *',
      '0 0 0 * *',
      '0 0 * 13 *',
      '0 0 * * 8',
      '*/0 * * * *',
      '0 0 * * mon#6',
      'H * * * *',
      '0 0 * * 7 0',
      '0 0 * * 1,fri#2',
      '0 0 1 1 * 0 2100',
      '? * * * *',
      '@every_minute',
      '-1 * * * *',
    ]) {
      const items = itemsOf({ cron });
      const item = items.find((i) => i.loc.includes(CRON));
      expect(item, cron).toEqual({
        type: 'value_error',
        loc: ['body', 'schedule', CRON, 'cron'],
        msg: `Value error, Invalid cron string: "${cron}"`,
        input: cron,
        ctx: { error: {} },
      });
    }
  });

  it('refuses random expressions with their own message', () => {
    const cron = 'R * * * *';
    expect(itemsOf({ cron }).find((i) => i.loc.includes(CRON))?.msg).toBe(`Value error, Random and Hashed expressions are unsupported, received: "${cron}"`);
  });

  it('checks the timezone and day_or', () => {
    expect(itemsOf({ cron: '* * * * *', timezone: 'Nowhere' }).find((i) => i.loc.at(-1) === CRON)?.msg).toBe(
      'Value error, Invalid timezone: "Nowhere" (specify in IANA tzdata format, for example, America/New_York)',
    );
    expect(itemsOf({ cron: '* * * * *', day_or: 'maybe' }).find((i) => i.loc.includes(CRON))).toEqual({
      type: 'bool_parsing',
      loc: ['body', 'schedule', CRON, 'day_or'],
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: 'maybe',
    });
  });
});

describe('rrule schedules', () => {
  it('normalizes on write: DTSTART 2020-01-01 for most rules, a recent phase-equivalent anchor for MINUTELY/SECONDLY', () => {
    expect(parseSchedule({ rrule: 'FREQ=DAILY' }, ['body'], NOW)).toEqual({ rrule: 'DTSTART:20200101T000000\nFREQ=DAILY', timezone: 'UTC' });
    expect((parseSchedule({ rrule: 'FREQ=MINUTELY;COUNT=5' }, ['body'], NOW) as RRuleScheduleJson).rrule.startsWith('DTSTART:20200101T000000\n')).toBe(true);
    // 12:34:56 now, every 10 minutes → 12:30 on the schedule zone's wall clock
    expect(parseSchedule({ rrule: 'FREQ=MINUTELY;INTERVAL=10' }, ['body'], NOW)).toEqual({ rrule: 'DTSTART:20240601T123000\nFREQ=MINUTELY;INTERVAL=10', timezone: 'UTC' });
    expect((parseSchedule({ rrule: 'FREQ=MINUTELY;INTERVAL=10', timezone: 'America/New_York' }, ['body'], NOW) as RRuleScheduleJson).rrule).toBe(
      'DTSTART:20240601T083000\nFREQ=MINUTELY;INTERVAL=10',
    );
    const anchored = 'DTSTART:20240101T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO';
    expect(parseSchedule({ rrule: anchored, timezone: null }, ['body'], NOW)).toEqual({ rrule: anchored, timezone: null });
  });

  it('refuses unparsable rules with dateutil’s reason, and rules over 6500 characters', () => {
    const bad = (rrule: string) => itemsOf({ rrule }).find((i) => i.loc.includes(RRULE))?.msg;
    expect(bad('FREQ=BOGUS')).toBe(`Value error, Invalid RRule string "FREQ=BOGUS": invalid 'FREQ': BOGUS`);
    expect(bad('FREQ=DAILY;FOO=1')).toBe(`Value error, Invalid RRule string "FREQ=DAILY;FOO=1": unknown parameter 'FOO'`);
    expect(bad('FOO:BAR')).toBe('Value error, Invalid RRule string "FOO:BAR": unsupported property: FOO');
    expect(bad('')).toBe('Value error, Invalid RRule string "": empty string');
    const long = `DTSTART:20200101T000000\nRRULE:FREQ=DAILY\nRDATE:${Array.from({ length: 500 }, () => '20240101T000000').join(',')}`;
    expect(bad(long)).toBe(`Value error, Invalid RRule string "${long.slice(0, 40)}..."\nMax length is 6500, got ${long.length}`);
  });

  it('checks the timezone with Prefect’s unanchored pattern', () => {
    expect(parseSchedule({ rrule: 'FREQ=DAILY', timezone: 'xxUTCxx' }, ['body'])).toMatchObject({ timezone: 'xxUTCxx' });
    const item = itemsOf({ rrule: 'FREQ=DAILY', timezone: 'nowhere' }).find((i) => i.loc.includes(RRULE))!;
    expect(item.type).toBe('string_pattern_mismatch');
    expect(item.loc).toEqual(['body', 'schedule', RRULE, 'timezone']);
    expect(item.msg.startsWith("String should match pattern 'Africa/Abidjan|Africa/Accra|")).toBe(true);
  });
});

describe('the union', () => {
  it('refuses a non-object with one model_type item per member', () => {
    expect(itemsOf('daily')).toEqual([
      {
        type: 'model_type',
        loc: ['body', 'schedule', INTERVAL],
        msg: 'Input should be a valid dictionary or instance of IntervalSchedule',
        input: 'daily',
        ctx: { class_name: 'IntervalSchedule' },
      },
      {
        type: 'model_type',
        loc: ['body', 'schedule', CRON],
        msg: 'Input should be a valid dictionary or instance of CronSchedule',
        input: 'daily',
        ctx: { class_name: 'CronSchedule' },
      },
      {
        type: 'model_type',
        loc: ['body', 'schedule', RRULE],
        msg: 'Input should be a valid dictionary or instance of RRuleSchedule',
        input: 'daily',
        ctx: { class_name: 'RRuleSchedule' },
      },
    ]);
  });

  it('refuses mixed keys in every member', () => {
    const items = itemsOf({ interval: 60, cron: '* * * * *' }, ['body', 'schedules', 0, 'schedule']);
    expect(items.map((i) => [i.type, i.loc.slice(4).join('.')])).toEqual([
      ['extra_forbidden', `${INTERVAL}.cron`],
      ['extra_forbidden', `${CRON}.interval`],
      ['missing', `${RRULE}.rrule`],
      ['extra_forbidden', `${RRULE}.interval`],
      ['extra_forbidden', `${RRULE}.cron`],
    ]);
  });
});
