// POST /events/count-by/{countable} (events §3.5): event and resource groups,
// dense time buckets aligned on 2024-04-01Z, the bucket bound, the 422s.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { ev, FLUSH_EACH, newPrefix, store } from './helpers.ts';

describeEachDatabase(
  'POST /events/count-by/{countable}',
  (server) => {
    const count = (countable: string, body: unknown) => server().rest('POST', `/events/count-by/${countable}`, body);
    const window = { since: '2024-05-06T00:00:00Z', until: '2024-05-08T23:59:59Z' };

    it('event: per name, count DESC then label ASC, min/max occurred', async () => {
      const p = newPrefix();
      await store(server(), [
        ev(p, { name: 'b', occurred: '2024-05-06T01:00:00Z' }),
        ev(p, { name: 'b', occurred: '2024-05-07T02:00:00.5Z' }),
        ev(p, { name: 'c', occurred: '2024-05-06T03:00:00Z' }),
        ev(p, { name: 'a', occurred: '2024-05-06T04:00:00Z' }),
      ]);
      const res = await count('event', { filter: { event: { prefix: [p] }, occurred: window } });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual([
        { value: `${p}b`, label: `${p}b`, count: 2, start_time: '2024-05-06T01:00:00Z', end_time: '2024-05-07T02:00:00.500000Z' },
        { value: `${p}a`, label: `${p}a`, count: 1, start_time: '2024-05-06T04:00:00Z', end_time: '2024-05-06T04:00:00Z' },
        { value: `${p}c`, label: `${p}c`, count: 1, start_time: '2024-05-06T03:00:00Z', end_time: '2024-05-06T03:00:00Z' },
      ]);
    });

    it('resource: per primary resource id, labelled from its latest event (name, prefect.name, else the id)', async () => {
      const p = newPrefix();
      const r1 = `${p}r1`;
      const r2 = `${p}r2`;
      const r3 = `${p}r3`;
      await store(server(), [
        ev(p, { resource: { 'prefect.resource.id': r1, 'prefect.resource.name': 'old' }, occurred: '2024-05-06T01:00:00Z' }),
        ev(p, { resource: { 'prefect.resource.id': r1, 'prefect.resource.name': 'new' }, occurred: '2024-05-06T02:00:00Z' }),
        ev(p, { resource: { 'prefect.resource.id': r2, 'prefect.name': 'legacy' }, occurred: '2024-05-06T03:00:00Z' }),
        ev(p, { resource: { 'prefect.resource.id': r3 }, occurred: '2024-05-06T04:00:00Z' }),
      ]);
      const res = await count('resource', { filter: { event: { prefix: [p] }, occurred: window } });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual([
        { value: r1, label: 'new', count: 2, start_time: '2024-05-06T01:00:00Z', end_time: '2024-05-06T02:00:00Z' },
        { value: r2, label: 'legacy', count: 1, start_time: '2024-05-06T03:00:00Z', end_time: '2024-05-06T03:00:00Z' },
        { value: r3, label: r3, count: 1, start_time: '2024-05-06T04:00:00Z', end_time: '2024-05-06T04:00:00Z' },
      ]);
    });

    it('day and time: dense buckets with positions, +00:00 labels, .999999 ends', async () => {
      const p = newPrefix();
      await store(server(), [ev(p, { occurred: '2024-05-06T00:00:00Z' }), ev(p, { occurred: '2024-05-06T23:59:59.999Z' }), ev(p, { occurred: '2024-05-08T12:00:00Z' })]);
      const day = await count('day', { filter: { event: { prefix: [p] }, occurred: { since: '2024-05-06T00:00:00Z', until: '2024-05-08T13:00:00Z' } } });
      expect(day.status, day.text).toBe(200);
      expect(day.body).toEqual([
        { value: '0', label: '2024-05-06T00:00:00+00:00', count: 2, start_time: '2024-05-06T00:00:00Z', end_time: '2024-05-06T23:59:59.999999Z' },
        { value: '1', label: '2024-05-07T00:00:00+00:00', count: 0, start_time: '2024-05-07T00:00:00Z', end_time: '2024-05-07T23:59:59.999999Z' },
        { value: '2', label: '2024-05-08T00:00:00+00:00', count: 1, start_time: '2024-05-08T00:00:00Z', end_time: '2024-05-08T23:59:59.999999Z' },
      ]);
      const hours = await count('time', {
        filter: { event: { prefix: [p] }, occurred: { since: '2024-05-06T00:00:00Z', until: '2024-05-06T23:59:59.999Z' } },
        time_unit: 'hour',
        time_interval: 6,
      });
      expect(hours.status, hours.text).toBe(200);
      expect(hours.body.map((b: { label: string; count: number }) => [b.label, b.count])).toEqual([
        ['2024-05-06T00:00:00+00:00', 1],
        ['2024-05-06T06:00:00+00:00', 0],
        ['2024-05-06T12:00:00+00:00', 0],
        ['2024-05-06T18:00:00+00:00', 1],
      ]);
      expect(hours.body[3].end_time).toBe('2024-05-06T23:59:59.999999Z');
      // Stable buckets: a later `since` inside the first bucket gives the same bucket starts.
      const later = await count('time', {
        filter: { event: { prefix: [p] }, occurred: { since: '2024-05-06T05:00:00Z', until: '2024-05-06T23:59:59.999Z' } },
        time_unit: 'hour',
        time_interval: 6,
      });
      expect(later.body.map((b: { start_time: string }) => b.start_time)).toEqual(hours.body.map((b: { start_time: string }) => b.start_time));
      // Weeks start on Mondays (2024-04-01 was one).
      const weeks = await count('time', { filter: { event: { prefix: [p] }, occurred: { since: '2024-05-08T00:00:00Z', until: '2024-05-10T00:00:00Z' } }, time_unit: 'week' });
      expect(weeks.body).toEqual([{ value: '0', label: '2024-05-06T00:00:00+00:00', count: 1, start_time: '2024-05-06T00:00:00Z', end_time: '2024-05-12T23:59:59.999999Z' }]);
    });

    it("day with another unit groups per day in SQL and lists buckets of the request's unit", async () => {
      const p = newPrefix();
      await store(server(), [ev(p, { occurred: '2024-05-06T05:00:00Z' })]);
      const res = await count('day', {
        filter: { event: { prefix: [p] }, occurred: { since: '2024-05-06T00:00:00Z', until: '2024-05-06T11:59:59Z' } },
        time_unit: 'hour',
        time_interval: 6,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.map((b: { label: string }) => b.label)).toEqual(['2024-05-06T00:00:00+00:00', '2024-05-06T06:00:00+00:00']);
    });

    it('a range reaching into the future stops at the end of the current period', async () => {
      const res = await count('time', {
        filter: { occurred: { since: new Date(Date.now() - 2 * 3_600_000).toISOString(), until: new Date(Date.now() + 48 * 3_600_000).toISOString() } },
        time_unit: 'hour',
      });
      expect(res.status, res.text).toBe(200);
      const last = res.body[res.body.length - 1];
      const endOfHour = new Date((Math.floor(Date.now() / 3_600_000) + 1) * 3_600_000 - 1);
      expect(last.end_time).toBe(`${endOfHour.toISOString().slice(0, 19)}.999999Z`);
      expect(res.body).toHaveLength(3);
    });

    it('more than 1000 buckets is a 422 with the exact detail, for every countable', async () => {
      const filter = { occurred: { since: '2024-01-01T00:00:00Z', until: '2024-01-01T00:16:41Z' } };
      for (const countable of ['time', 'day', 'event', 'resource']) {
        const res = await count(countable, { filter, time_unit: 'second' });
        expect(res.status).toBe(422);
        expect(res.body).toEqual({
          detail: 'The given interval would create 1001 buckets, which is too many. Please increase the interval or reduce the time range to produce 1000 buckets or fewer.',
        });
      }
      const ok = await count('event', { filter: { occurred: { since: '2024-01-01T00:00:00Z', until: '2024-01-01T00:16:40Z' } }, time_unit: 'second' });
      expect(ok.status).toBe(200);
    });

    it('422 envelopes: filter missing, time_interval below 0.01, an unknown countable or unit', async () => {
      const missing = await count('event', {});
      expect(missing.status).toBe(422);
      expect(missing.body.exception_detail).toEqual([{ type: 'missing', loc: ['body', 'filter'], msg: 'Field required', input: null }]);
      const small = await count('time', { filter: {}, time_interval: 0.001 });
      expect(small.status).toBe(422);
      expect(small.body.exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'time_interval'] });
      expect(small.body.exception_detail[0].msg).toContain('0.01');
      // A bucket past the year 9999 (Prefect: a timedelta/datetime overflow, a 500) is a 422 naming the bound.
      const huge = await count('day', { filter: {}, time_unit: 'week', time_interval: 1e21 });
      expect(huge.status).toBe(422);
      expect(huge.body.exception_detail[0]).toMatchObject({ type: 'less_than_equal', loc: ['body', 'time_interval'] });
      expect(huge.body.exception_detail[0].msg).toContain('past the year 9999');
      expect((await count('day', { filter: {}, time_unit: 'week', time_interval: 1000 })).status).not.toBe(500);
      const countable = await count('month', { filter: {} });
      expect(countable.status).toBe(422);
      expect(countable.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['path', 'countable'] });
      const unit = await count('time', { filter: {}, time_unit: 'year' });
      expect(unit.status).toBe(422);
      expect(unit.body.exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'time_unit'] });
    });

    it('GraphQL count_account_events', async () => {
      const p = newPrefix();
      await store(server(), [ev(p, { occurred: '2024-05-06T01:00:00Z' })]);
      const res = await server().gql<any, any>('query($f: EventFilter!) { count_account_events(countable: event, filter: $f) { value label count start_time end_time } }', {
        f: { event: { prefix: [p] }, occurred: window },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.count_account_events).toEqual([
        { value: `${p}happened`, label: `${p}happened`, count: 1, start_time: '2024-05-06T01:00:00Z', end_time: '2024-05-06T01:00:00Z' },
      ]);
    });
  },
  FLUSH_EACH,
);
