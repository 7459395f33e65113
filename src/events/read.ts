// Reading events back (events §3.1–3.4): the EventFilter input, the
// ReceivedEvent and EventPage shapes, and the root fields read_events
// (POST /events/filter) and read_account_events_page (GET
// /events/filter/next?page-token=). count_account_events is count-by.ts.
import { httpError, ValidationError } from '../errors.ts';
import type { Context } from '../graphql/context.ts';
import { builder } from '../graphql/builder.ts';
import './count-by.ts';
import './out-socket.ts';
import { EventFilterInput } from './filter-input.ts';
import { checkEventFilterSize, parseEventFilter } from './filters.ts';
import { decodeBase64, INTERACTIVE_PAGE_SIZE, InvalidTokenError, queryEvents, queryNextPage, type EventPageData } from './store.ts';
import type { ReceivedEvent } from './types.ts';

export const ReceivedEventRef = builder.objectRef<ReceivedEvent>('ReceivedEvent').implement({
  description: 'An event as stored: what the client sent, with `received` stamped by the server.',
  fields: (t) => ({
    occurred: t.expose('occurred', { description: "When the event happened from the sender's perspective", type: 'DateTime' }),
    event: t.exposeString('event', { description: 'The name of the event that happened' }),
    resource: t.expose('resource', { description: 'The primary Resource this event concerns', type: 'JSON' }),
    related: t.expose('related', { description: 'A list of additional Resources involved in this event', type: 'JSON' }),
    payload: t.expose('payload', { description: 'An open-ended set of data describing what happened', type: 'JSON' }),
    id: t.expose('id', { description: 'The client-provided identifier of this event', type: 'UUID' }),
    follows: t.expose('follows', {
      description:
        'The ID of an event that is known to have occurred prior to this one. If set, this may be used to establish a more precise ordering of causally-related events when they occur close enough together in time that the system may receive them out-of-order.',
      type: 'UUID',
      nullable: true,
    }),
    received: t.expose('received', { description: 'When the event was received by Prefect Cloud', type: 'DateTime' }),
  }),
});

interface EventPageShape {
  events: ReceivedEvent[];
  total: number;
  next_page: string | null;
}

const EventPage = builder.objectRef<EventPageShape>('EventPage').implement({
  description: 'One page of events, the total across pages, and the absolute URL of the next page (null on the last).',
  fields: (t) => ({
    events: t.expose('events', { description: 'The Events matching the query', type: [ReceivedEventRef] }),
    total: t.exposeInt('total', { description: 'The total number of matching Events' }),
    next_page: t.exposeString('next_page', { description: 'The URL for the next page of results, if there are more', nullable: true }),
  }),
});

/**
 * Prefect's generate_next_page_link: the request's origin, the API base path,
 * `/events/filter/next?page-token=` and the storage token base64-encoded again.
 */
function nextPageLink(ctx: Context, token: string | null): string | null {
  if (!token) return null;
  const host = ctx.header('host') ?? `${ctx.settings.api.host}:${ctx.settings.api.port}`;
  const outer = Buffer.from(token, 'utf8').toString('base64');
  return `http://${host}${ctx.settings.api.basePath}/events/filter/next?page-token=${outer}`;
}

const toPage = (ctx: Context, data: EventPageData): EventPageShape => ({ events: data.events, total: data.total, next_page: nextPageLink(ctx, data.nextToken) });

builder.queryFields((t) => ({
  read_events: t.field({
    type: EventPage,
    description:
      'Events matching the filter (POST /events/filter): the first page (`limit` 0–50, default 50), the total, and the URL of the next page. ' +
      "Ordered by `occurred` (then id) in the filter's order.",
    args: {
      filter: t.arg({ type: EventFilterInput, description: 'Additional optional filter criteria to narrow down the set of Events' }),
      limit: t.arg.int({ defaultValue: INTERACTIVE_PAGE_SIZE, description: 'The number of events to return with each page (0–50)' }),
    },
    resolve: async (_root, args, ctx) => {
      const items = [];
      const limit = args.limit ?? INTERACTIVE_PAGE_SIZE;
      if (limit < 0) items.push({ type: 'greater_than_equal', loc: ['body', 'limit'], msg: 'Input should be greater than or equal to 0', input: limit, ctx: { ge: 0 } });
      if (limit > INTERACTIVE_PAGE_SIZE) {
        items.push({
          type: 'less_than_equal',
          loc: ['body', 'limit'],
          msg: `Input should be less than or equal to ${INTERACTIVE_PAGE_SIZE}`,
          input: limit,
          ctx: { le: INTERACTIVE_PAGE_SIZE },
        });
      }
      let filter;
      try {
        filter = parseEventFilter(args.filter ?? null, ['body', 'filter']);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        items.push(...error.items);
      }
      if (items.length > 0 || !filter) throw new ValidationError(items);
      checkEventFilterSize(filter, ctx.settings.api.maxFilterValues, ['body', 'filter']);
      return toPage(ctx, await queryEvents(ctx.db, filter, limit));
    },
  }),
  read_account_events_page: t.field({
    type: EventPage,
    description: 'The next page of a previous read_events query (GET /events/filter/next?page-token=): the token freezes the filter and the total. A bad token is 403.',
    args: {
      page_token: t.arg.string({ required: true, description: 'The `page-token` of a next_page URL', extensions: { queryName: 'page-token' } }),
    },
    resolve: async (_root, args, ctx) => {
      const token = decodeBase64(args.page_token);
      if (!token) throw httpError(403, 'Forbidden');
      try {
        return toPage(ctx, await queryNextPage(ctx.db, token));
      } catch (error) {
        if (error instanceof InvalidTokenError) throw httpError(403, 'Forbidden');
        throw error;
      }
    },
  }),
}));
