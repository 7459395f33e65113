// Date generation (deployments-and-work-pools §2.1–2.4, house rule 3): DST
// behaviour of each schedule kind, start/end/n rules.
import { describe, expect, it } from 'vitest';
import { parseSchedule, scheduleDates } from '../../src/schedules/index.ts';
import { local, utc } from './helpers.ts';

const NY = 'America/New_York';
const SPRING = new Date('2024-03-08T00:00:00Z'); // spring forward on 2024-03-10
const FALL = new Date('2024-11-01T00:00:00Z'); // fall back on 2024-11-03

describe('cron', () => {
  const daily9 = parseSchedule({ cron: '0 9 * * *', timezone: NY }, ['body']);

  it('keeps a daily 09:00 America/New_York at 09:00 local across spring-forward and fall-back', () => {
    expect(local(daily9, { n: 4, start: SPRING })).toEqual(['2024-03-08 09:00:00-05:00', '2024-03-09 09:00:00-05:00', '2024-03-10 09:00:00-04:00', '2024-03-11 09:00:00-04:00']);
    expect(utc(scheduleDates(daily9, { n: 4, start: SPRING }))).toEqual([
      '2024-03-08T14:00:00.000Z',
      '2024-03-09T14:00:00.000Z',
      '2024-03-10T13:00:00.000Z',
      '2024-03-11T13:00:00.000Z',
    ]);
    expect(local(daily9, { n: 4, start: FALL })).toEqual(['2024-11-01 09:00:00-04:00', '2024-11-02 09:00:00-04:00', '2024-11-03 09:00:00-05:00', '2024-11-04 09:00:00-05:00']);
  });

  it('fires an hourly cron on every new local hour: the skipped hour is skipped, the repeated hour fires once', () => {
    const hourly = parseSchedule({ cron: '0 * * * *', timezone: NY }, ['body']);
    expect(local(hourly, { n: 5, start: new Date('2024-03-10T04:00:00Z') })).toEqual([
      '2024-03-09 23:00:00-05:00',
      '2024-03-10 00:00:00-05:00',
      '2024-03-10 01:00:00-05:00',
      '2024-03-10 03:00:00-04:00',
      '2024-03-10 04:00:00-04:00',
    ]);
    expect(local(hourly, { n: 5, start: new Date('2024-11-03T03:00:00Z') })).toEqual([
      '2024-11-02 23:00:00-04:00',
      '2024-11-03 00:00:00-04:00',
      '2024-11-03 01:00:00-04:00',
      '2024-11-03 02:00:00-05:00',
      '2024-11-03 03:00:00-05:00',
    ]);
  });

  it('reads an ambiguous fall-back hour as its first occurrence east of UTC too (Europe/Berlin)', () => {
    const hourly = parseSchedule({ cron: '0 * * * *', timezone: 'Europe/Berlin' }, ['body']);
    expect(local(hourly, { n: 4, start: new Date('2024-10-26T22:00:00Z') })).toEqual([
      '2024-10-27 00:00:00+02:00',
      '2024-10-27 01:00:00+02:00',
      '2024-10-27 02:00:00+02:00',
      '2024-10-27 03:00:00+01:00',
    ]);
    // a daily 02:30 on the spring-forward day lands after the gap
    const daily = parseSchedule({ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, ['body']);
    expect(local(daily, { n: 2, start: new Date('2024-03-30T12:00:00Z') })).toEqual(['2024-03-31 03:30:00+02:00', '2024-04-01 02:30:00+02:00']);
  });

  it('includes a start exactly on a tick, rounds a sub-second start up, and stops after end (end included)', () => {
    const every5 = parseSchedule({ cron: '*/5 * * * *' }, ['body']);
    expect(utc(scheduleDates(every5, { n: 2, start: new Date('2024-01-01T00:05:00Z') }))).toEqual(['2024-01-01T00:05:00.000Z', '2024-01-01T00:10:00.000Z']);
    expect(utc(scheduleDates(every5, { n: 1, start: new Date('2024-01-01T00:05:00.001Z') }))).toEqual(['2024-01-01T00:10:00.000Z']);
    expect(utc(scheduleDates(every5, { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-01-01T00:15:00Z') }))).toHaveLength(4);
    // without end, n defaults to 1
    expect(scheduleDates(every5, { start: new Date('2024-01-01T00:00:00Z') })).toHaveLength(1);
  });

  it('reads seconds last, the year seventh, and day_or', () => {
    expect(utc(scheduleDates(parseSchedule({ cron: '0 12 * * * 30' }, ['body']), { n: 1, start: new Date('2024-01-01T00:00:00Z') }))).toEqual(['2024-01-01T12:00:30.000Z']);
    expect(utc(scheduleDates(parseSchedule({ cron: '0 0 1 1 * 0 2030' }, ['body']), { n: 3, start: new Date('2024-06-01T00:00:00Z') }))).toEqual(['2030-01-01T00:00:00.000Z']);
    const friday13 = { cron: '0 0 13 * fri' };
    const and = scheduleDates(parseSchedule({ ...friday13, day_or: false }, ['body']), { n: 2, start: new Date('2024-01-01T00:00:00Z') });
    expect(utc(and)).toEqual(['2024-09-13T00:00:00.000Z', '2024-12-13T00:00:00.000Z']);
    const or = scheduleDates(parseSchedule(friday13, ['body']), { n: 3, start: new Date('2024-01-01T00:00:00Z') });
    expect(utc(or)).toEqual(['2024-01-05T00:00:00.000Z', '2024-01-12T00:00:00.000Z', '2024-01-13T00:00:00.000Z']);
    expect(utc(scheduleDates(parseSchedule({ cron: '0 0 * * L5' }, ['body']), { n: 2, start: new Date('2024-01-01T00:00:00Z') }))).toEqual([
      '2024-01-26T00:00:00.000Z',
      '2024-02-23T00:00:00.000Z',
    ]);
    expect(utc(scheduleDates(parseSchedule({ cron: '0 0 L 2 *' }, ['body']), { n: 2, start: new Date('2024-01-01T00:00:00Z') }))).toEqual([
      '2024-02-29T00:00:00.000Z',
      '2025-02-28T00:00:00.000Z',
    ]);
  });
});

describe('interval', () => {
  it('steps an hourly interval in elapsed time: local 23, 0, 1, 3 in spring, 23, 0, 1, 1, 2 in fall (every UTC hour kept)', () => {
    const hourly = parseSchedule({ interval: 3600, anchor_date: '2024-01-01T00:00:00Z', timezone: NY }, ['body']);
    expect(local(hourly, { n: 5, start: new Date('2024-03-10T04:00:00Z') })).toEqual([
      '2024-03-09 23:00:00-05:00',
      '2024-03-10 00:00:00-05:00',
      '2024-03-10 01:00:00-05:00',
      '2024-03-10 03:00:00-04:00',
      '2024-03-10 04:00:00-04:00',
    ]);
    expect(local(hourly, { n: 5, start: new Date('2024-11-03T03:00:00Z') })).toEqual([
      '2024-11-02 23:00:00-04:00',
      '2024-11-03 00:00:00-04:00',
      '2024-11-03 01:00:00-04:00',
      '2024-11-03 01:00:00-05:00',
      '2024-11-03 02:00:00-05:00',
    ]);
  });

  it('steps whole days on the wall clock: a daily 09:00 stays 09:00 local', () => {
    const daily = parseSchedule({ interval: 86400, anchor_date: '2024-03-07T14:00:00Z', timezone: NY }, ['body']);
    expect(local(daily, { n: 4, start: SPRING })).toEqual(['2024-03-08 09:00:00-05:00', '2024-03-09 09:00:00-05:00', '2024-03-10 09:00:00-04:00', '2024-03-11 09:00:00-04:00']);
  });

  it('keeps the UTC phase of an anchor on the other side of a DST change (the first step is absolute)', () => {
    const daily = parseSchedule({ interval: 86400, anchor_date: '2024-01-01T14:00:00Z', timezone: NY }, ['body']);
    expect(local(daily, { n: 2, start: new Date('2024-07-01T00:00:00Z') })).toEqual(['2024-07-01 10:00:00-04:00', '2024-07-02 10:00:00-04:00']);
  });

  it('produces dates before the anchor too, and honours end and n', () => {
    const every10 = parseSchedule({ interval: 600, anchor_date: '2030-01-01T00:00:00Z' }, ['body']);
    expect(utc(scheduleDates(every10, { start: new Date('2024-01-01T00:00:01Z'), end: new Date('2024-01-01T00:30:00Z') }))).toEqual([
      '2024-01-01T00:10:00.000Z',
      '2024-01-01T00:20:00.000Z',
      '2024-01-01T00:30:00.000Z',
    ]);
    expect(scheduleDates(every10, { n: 1000, start: new Date('2024-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z') })).toHaveLength(1000);
  });
});

describe('rrule', () => {
  it('keeps a daily rule at its local clock time across DST, re-labelling DTSTART in the schedule zone', () => {
    const daily = parseSchedule({ rrule: 'DTSTART:20240101T090000\nRRULE:FREQ=DAILY', timezone: NY }, ['body']);
    expect(local(daily, { n: 4, start: SPRING })).toEqual(['2024-03-08 09:00:00-05:00', '2024-03-09 09:00:00-05:00', '2024-03-10 09:00:00-04:00', '2024-03-11 09:00:00-04:00']);
    expect(local(daily, { n: 3, start: FALL })).toEqual(['2024-11-01 09:00:00-04:00', '2024-11-02 09:00:00-04:00', '2024-11-03 09:00:00-05:00']);
    // an offset on DTSTART is replaced, not converted
    const zulu = parseSchedule({ rrule: 'DTSTART:20240101T090000Z\nRRULE:FREQ=DAILY', timezone: NY }, ['body']);
    expect(local(zulu, { n: 1, start: SPRING })).toEqual(['2024-03-08 09:00:00-05:00']);
  });

  it('expands sets (EXDATE), counts and the normalized default anchor', () => {
    const set = parseSchedule({ rrule: 'DTSTART:20240101T000000\nRRULE:FREQ=DAILY;COUNT=4\nEXDATE:20240102T000000' }, ['body']);
    expect(utc(scheduleDates(set, { start: new Date('2023-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z') }))).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-03T00:00:00.000Z',
      '2024-01-04T00:00:00.000Z',
    ]);
    const weekly = parseSchedule({ rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=8' }, ['body']);
    expect(utc(scheduleDates(weekly, { n: 2, start: new Date('2024-06-05T00:00:00Z') }))).toEqual(['2024-06-10T08:00:00.000Z', '2024-06-17T08:00:00.000Z']);
  });
});
