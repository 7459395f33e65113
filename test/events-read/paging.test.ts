// GET /events/filter/next (events §3.2, §3.4): next_page links, tokens that
// freeze the filter and the total, and 403 for bad tokens.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { ev, FLUSH_EACH, filter, newPrefix, store, type Ev } from './helpers.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describeEachDatabase(
  'GET /events/filter/next',
  (server) => {
    const next = (url: string) => server().rest('GET', url.slice(url.indexOf('/api') + '/api'.length));

    it('pages through every event once, with a frozen total; next_page is an absolute URL under /api', async () => {
      const p = newPrefix();
      const events = Array.from({ length: 7 }, (_, i) => ev(p, { occurred: new Date(Date.now() - 600_000 + i * 1000).toISOString() }));
      await store(server(), events);
      const first = await filter(server(), { filter: { event: { prefix: [p] } }, limit: 3 });
      expect(first.status).toBe(200);
      expect(first.body.total).toBe(7);
      const host = new URL(server().url).host;
      expect(first.body.next_page).toMatch(new RegExp(`^http://${host.replace(/\./g, '\\.')}/api/events/filter/next\\?page-token=[A-Za-z0-9+/=]+$`));
      // The token is base64 of base64 of {filter, count, page_size, offset}.
      const outer = new URL(first.body.next_page).searchParams.get('page-token')!;
      const inner = JSON.parse(Buffer.from(Buffer.from(outer, 'base64').toString(), 'base64').toString());
      expect(Object.keys(inner)).toEqual(['filter', 'count', 'page_size', 'offset']);
      expect(inner).toMatchObject({ count: 7, page_size: 3, offset: 3, filter: { event: { prefix: [p] }, order: 'DESC' } });
      expect(inner.filter.occurred.since).toMatch(/Z$/);

      // A new matching event after the first page: the total stays frozen.
      // (Its `occurred` is the oldest, so the last page, limited by the page size only, shows it: as in Prefect.)
      const late = ev(p, { occurred: new Date(Date.now() - 700_000).toISOString() });
      await store(server(), [late]);
      const seen: string[] = first.body.events.map((e: Ev) => e.id);
      let url: string | null = first.body.next_page;
      const totals: number[] = [];
      while (url) {
        const page = await next(url);
        expect(page.status, page.text).toBe(200);
        totals.push(page.body.total);
        seen.push(...page.body.events.map((e: Ev) => e.id));
        url = page.body.next_page;
      }
      expect(totals).toEqual([7, 7]);
      expect(seen).toEqual([...[...events].reverse().map((e) => e.id), late.id]);
    });

    it('next_page is null when limit ≥ total', async () => {
      const p = newPrefix();
      await store(server(), [ev(p), ev(p)]);
      const res = await filter(server(), { filter: { event: { prefix: [p] } }, limit: 2 });
      expect(res.body.next_page).toBeNull();
    });

    it('a missing page-token is a 422 envelope; a bad one is 403 Forbidden', async () => {
      const missing = await server().rest('GET', '/events/filter/next');
      expect(missing.status).toBe(422);
      expect(missing.body.exception_detail).toEqual([{ type: 'missing', loc: ['query', 'page-token'], msg: 'Field required', input: null }]);
      const forbidden = [
        'just-bad',
        '',
        b64('not base64 at all!'),
        b64(b64('not json')),
        b64(b64('[1, 2]')),
        b64(b64('{"filter": {}, "count": 3}')),
        b64(b64('{"filter": {"nope": 1}, "count": 3, "page_size": 1, "offset": 1}')),
        b64(b64('{"filter": {}, "count": -1, "page_size": 1, "offset": 1}')),
      ];
      for (const token of forbidden) {
        const res = await server().rest('GET', `/events/filter/next?page-token=${encodeURIComponent(token)}`);
        expect(res.status, token).toBe(403);
        expect(res.body).toEqual({ detail: 'Forbidden' });
      }
    });

    it('a hand-made valid token is honoured (offset, page size, frozen count)', async () => {
      const p = newPrefix();
      const events = Array.from({ length: 3 }, (_, i) => ev(p, { occurred: new Date(Date.now() - 300_000 + i * 1000).toISOString() }));
      await store(server(), events);
      const token = b64(b64(JSON.stringify({ filter: { event: { prefix: [p] }, order: 'ASC' }, count: 99, page_size: 1, offset: 1 })));
      const res = await server().rest('GET', `/events/filter/next?page-token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(99);
      expect(res.body.events.map((e: Ev) => e.id)).toEqual([events[1].id]);
      expect(res.body.next_page).toMatch(/page-token=/);
    });

    it('GraphQL read_account_events_page takes the page token', async () => {
      const p = newPrefix();
      const events = [ev(p), ev(p, { occurred: new Date(Date.now() - 120_000).toISOString() })];
      await store(server(), events);
      const first = await filter(server(), { filter: { event: { prefix: [p] } }, limit: 1 });
      const token = new URL(first.body.next_page).searchParams.get('page-token')!;
      const res = await server().gql<any, any>('query($t: String!) { read_account_events_page(page_token: $t) { total next_page events { id } } }', { t: token });
      expect(res.errors).toBeUndefined();
      expect(res.data.read_account_events_page).toEqual({ total: 2, next_page: null, events: [{ id: events[1].id }] });
    });
  },
  FLUSH_EACH,
);
