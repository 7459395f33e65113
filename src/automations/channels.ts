// How the automation parts of one server talk to each other (events §6.4–§6.5):
// the `actions` topic (trigger engine → actions service) and change notices
// (automation API → trigger engine). One set per database client, so that two
// servers in one process (tests) stay apart, and the API, which has no handle
// on the services, reaches the ones serving its database.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/client.ts';
import { createMemoryTopic, type Topic } from '../events/bus.ts';
import type { AutomationChange, TriggeredAction } from './types.ts';

interface Channels {
  actions: Topic<TriggeredAction>;
  changes: EventEmitter;
}

const byDb = new WeakMap<Db, Channels>();

function channels(db: Db): Channels {
  let found = byDb.get(db);
  if (!found) {
    // Actions are not deduplicated (§8.3): each triggered action has its own id.
    found = { actions: createMemoryTopic<TriggeredAction>({ name: 'action', idOf: (a) => a.id }), changes: new EventEmitter() };
    byDb.set(db, found);
  }
  return found;
}

/** The `actions` topic of the server on this database. */
export function actionsTopic(db: Db): Topic<TriggeredAction> {
  return channels(db).actions;
}

/** Tells this process's trigger engine that an automation changed (call after the write commits). */
export function announceAutomationChange(db: Db, change: AutomationChange): void {
  channels(db).changes.emit('change', change);
}

/** Listens for automation changes in this process; returns an unsubscribe. */
export function onAutomationChange(db: Db, listener: (change: AutomationChange) => void): () => void {
  const emitter = channels(db).changes;
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}
