// POST /events (events §2.1) as the root field create_events: validate the
// batch (one bad event rejects it, nothing published), stamp `received`, and
// publish; storage is the persister's job (§2.4).
import { builder } from '../graphql/builder.ts';
import { publishEvents } from './publish.ts';
import { receiveEvents, type EventInput as EventInputShape } from './validation.ts';

export const EventInput = builder.inputType('EventInput', {
  description: "An event as a client sends it (Prefect's Event). Unknown keys, a `received` among them, are ignored: the server stamps `received` itself.",
  extensions: { unknownKeys: 'ignore', modelName: 'Event' },
  fields: (t) => ({
    occurred: t.field({ type: 'DateTime', required: true, description: "When it happened, from the sender's point of view (no offset means UTC)." }),
    event: t.string({ required: true, description: 'The event name, e.g. `prefect.flow-run.Completed`.' }),
    resource: t.field({
      type: 'JSON',
      required: true,
      description: 'The primary resource: an object of string labels with a non-empty `prefect.resource.id`.',
    }),
    related: t.field({
      type: 'JSON',
      description: 'Related resources (default `[]`): a list of label objects, each with a non-empty `prefect.resource.id` and `prefect.resource.role`.',
    }),
    payload: t.field({ type: 'JSON', description: 'Free-form JSON object (default `{}`).' }),
    id: t.field({ type: 'UUID', required: true, description: "The client-chosen id: the event's identity for dedupe and storage." }),
    follows: t.field({ type: 'UUID', description: 'The id of an event known to have happened just before this one.' }),
  }),
});

builder.mutationFields((t) => ({
  create_events: t.boolean({
    description:
      'Record a batch of events (POST /events, 204). Each gets `received` = now and is published; events larger than PREFECT_SERVER_EVENTS_MAXIMUM_SIZE_BYTES and ids published in the last 5 minutes are dropped silently. Storage is asynchronous.',
    args: { events: t.arg({ description: 'The events to store.', type: [EventInput], required: true }) },
    resolve: (_root, args, ctx) => {
      const events = receiveEvents(args.events as EventInputShape[], ctx.settings.events);
      publishEvents(ctx.events, ctx.settings, events);
      return true;
    },
  }),
}));
