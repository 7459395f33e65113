// Helpers for the trigger engine tests: automations inserted as stored rows
// (the API validates and fills defaults; here the stored shape is written
// directly), an engine on the test server's database and bus, events with an
// explicit `occurred`, and the actions the engine publishes.
import { randomUUID } from 'node:crypto';
import { actionsTopic } from '../../../src/automations/channels.ts';
import { TriggerEngine } from '../../../src/automations/triggers/engine.ts';
import type { Action, Automation, CompoundTrigger, EventTrigger, SequenceTrigger, Trigger, TriggeredAction } from '../../../src/automations/types.ts';
import type { Db } from '../../../src/db/client.ts';
import type { ReceivedEvent } from '../../../src/events/types.ts';
import { toAutomation } from '../../../src/resources/automations/model.ts';
import type { TestServer } from '../../support/server.ts';

export const T0 = new Date('2026-06-01T12:00:00.000Z');
export const at = (seconds: number, base: Date = T0) => new Date(base.getTime() + seconds * 1000);

export function eventTrigger(fields: Partial<EventTrigger> = {}): EventTrigger {
  return { type: 'event', id: randomUUID(), match: {}, match_related: {}, after: [], expect: [], for_each: [], posture: 'Reactive', threshold: 1, within: 0, ...fields };
}

export function compound(require: CompoundTrigger['require'], triggers: Trigger[], within: number | null = 300): CompoundTrigger {
  return { type: 'compound', id: randomUUID(), triggers, within, require };
}

export function sequence(triggers: Trigger[], within: number | null = 300): SequenceTrigger {
  return { type: 'sequence', id: randomUUID(), triggers, within };
}

export interface AutomationFields {
  name?: string;
  enabled?: boolean;
  trigger: Trigger;
  actions?: Action[];
  actions_on_trigger?: Action[];
}

export async function insertAutomation(db: Db, fields: AutomationFields): Promise<Automation> {
  const row = await db.automation.create({
    data: {
      name: fields.name ?? 'test automation',
      enabled: fields.enabled ?? true,
      trigger: fields.trigger as object,
      actions: (fields.actions ?? [{ type: 'do-nothing' }]) as object[],
      actions_on_trigger: (fields.actions_on_trigger ?? []) as object[],
    },
  });
  return toAutomation(row);
}

/** A fresh engine over no automations but the ones the test inserts next (reconcile before use). */
export async function freshEngine(server: TestServer): Promise<TriggerEngine> {
  await server.db.automation.deleteMany();
  return new TriggerEngine({ db: server.db, events: server.events, expiredBucketBuffer: server.settings.triggers.expiredBucketBuffer });
}

let counter = 0;

export function event(name: string, occurred: Date, fields: Partial<ReceivedEvent> = {}): ReceivedEvent {
  counter += 1;
  return {
    occurred,
    event: name,
    resource: { 'prefect.resource.id': `test.resource.${counter}` },
    related: [],
    payload: {},
    id: randomUUID(),
    follows: null,
    received: occurred,
    ...fields,
  };
}

/** Collects what the engine publishes to the actions topic of this server's database. */
export function collectActions(db: Db): { all: TriggeredAction[]; take(): Promise<TriggeredAction[]>; stop(): void } {
  const all: TriggeredAction[] = [];
  const stop = actionsTopic(db).subscribe(`test-${randomUUID()}`, (action) => {
    all.push(action);
  });
  return {
    all,
    /** Everything published since the last take(). */
    async take() {
      await actionsTopic(db).drain();
      return all.splice(0);
    },
    stop,
  };
}
