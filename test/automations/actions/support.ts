// Fixtures of the actions tests: automations written straight to their table
// (the API's own tests are in test/automations/api/), triggered actions built
// as the trigger engine builds them, and a run that publishes them to the
// `actions` topic and collects the action events the service emits.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { actionsTopic } from '../../../src/automations/channels.ts';
import type { Action, Automation, Firing, Trigger, TriggeredAction } from '../../../src/automations/types.ts';
import type { ReceivedEvent } from '../../../src/events/types.ts';
import type { Stoppable } from '../../../src/lifecycle.ts';
import { uuid7 } from '../../../src/orchestration/uuid7.ts';
import { readAutomationRow, toAutomation } from '../../../src/resources/automations/model.ts';
import { createActionsService } from '../../../src/services/actions.ts';
import type { TestServer } from '../../support/server.ts';

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export const eventTrigger = (overrides: Partial<Trigger> = {}): Trigger =>
  ({
    type: 'event',
    id: randomUUID(),
    match: {},
    match_related: {},
    after: [],
    expect: ['some.event'],
    for_each: [],
    posture: 'Reactive',
    threshold: 1,
    within: 0,
    ...overrides,
  }) as Trigger;

/**
 * An automation created through POST /automations/, as the typed Automation
 * the engine would publish; `raw` writes the row directly instead, for actions
 * the API refuses today but a stored row may still hold.
 */
export async function createAutomation(
  server: TestServer,
  actions: Action[],
  options: { name?: string; trigger?: Trigger; enabled?: boolean; raw?: boolean } = {},
): Promise<Automation> {
  const body = { name: options.name ?? unique('automation'), trigger: options.trigger ?? eventTrigger(), actions, enabled: options.enabled ?? true };
  if (options.raw) return toAutomation(await server.db.automation.create({ data: { id: randomUUID(), ...body, trigger: body.trigger as never, actions: actions as never } }));
  const res = await server.rest('POST', '/automations/', body);
  if (res.status !== 201) throw new Error(`automation: ${res.status} ${res.text}`);
  return toAutomation((await readAutomationRow(server.db, res.body.id))!);
}

export function event(overrides: Partial<ReceivedEvent> = {}): ReceivedEvent {
  const now = new Date();
  return {
    occurred: now,
    event: 'some.event',
    resource: { 'prefect.resource.id': 'some.resource' },
    related: [],
    payload: {},
    id: uuid7(),
    follows: null,
    received: now,
    ...overrides,
  };
}

export interface TriggeredOptions {
  index?: number;
  event?: ReceivedEvent | null;
  labels?: Record<string, string>;
  triggered?: Date;
  automationTriggeredEventId?: string | null;
  id?: string;
}

/** The triggered action of `automation`'s action `index` (default 0), for `event`. */
export function triggeredAction(automation: Automation, options: TriggeredOptions = {}): TriggeredAction {
  const index = options.index ?? 0;
  const source = options.event === undefined ? event() : options.event;
  const at = options.triggered ?? new Date();
  const firing: Firing = {
    id: randomUUID(),
    trigger: automation.trigger,
    trigger_states: ['Triggered'],
    triggered: at,
    triggering_labels: options.labels ?? {},
    triggering_firings: [],
    triggering_event: source,
  };
  return {
    automation,
    firing,
    triggered: at,
    triggering_labels: options.labels ?? {},
    triggering_event: source,
    id: options.id ?? uuid7(),
    action_index: index,
    action: automation.actions[index],
    automation_triggered_event_id: options.automationTriggeredEventId === undefined ? uuid7() : options.automationTriggeredEventId,
  };
}

/**
 * Test servers for these tests: the server's own triggers and actions services
 * off (each file starts its actions consumer itself), loopback targets allowed
 * (webhooks go to a server the test starts).
 */
export const ACTIONS_ENV = { PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'false', PREFECT_SERVER_EVENTS_ACTIONS_ALLOW_PRIVATE_TARGETS: 'true' };

/** Starts the actions service on the test server, and collects the events it emits. */
export function useActions(server: () => TestServer) {
  let service: Stoppable | undefined;
  let seen: ReceivedEvent[] = [];
  beforeAll(() => {
    service = createActionsService(server(), { log: () => {} });
    server().events.subscribe('actions-test', (e) => {
      seen.push(e);
    });
  });
  afterAll(async () => {
    await service?.stop();
  });
  return {
    /** Publishes the triggered actions, waits until they ran, and answers their action events (per invocation order). */
    async run(...actions: TriggeredAction[]): Promise<ReceivedEvent[]> {
      const topic = actionsTopic(server().db);
      await server().events.drain();
      seen = [];
      topic.publish(actions);
      await topic.drain();
      await server().events.drain();
      const ids = new Set(actions.map((a) => a.id));
      return seen.filter((e) => e.event.startsWith('prefect.automation.action.') && ids.has(String(e.payload.invocation)));
    },
    /** Every event published during the last run (flow-run state events, …). */
    all: () => seen,
  };
}

/** The action's outcome: the second event's name suffix and its payload. */
export function outcome(events: ReceivedEvent[]) {
  if (events.length !== 2) throw new Error(`expected 2 action events, got ${events.map((e) => e.event).join(', ')}`);
  return { kind: events[1].event.replace('prefect.automation.action.', ''), payload: events[1].payload, related: events[1].related, events };
}
