// The actions service (events §6.1, §6.9): consumes the `actions` topic as
// 'actions' and runs each triggered action against this server's own API.
// It runs with the triggers (PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED).
import { createActionHandler, type ActionsConsumerOptions } from '../automations/actions/consumer.ts';
import { actionsTopic } from '../automations/channels.ts';
import type { Stoppable } from '../lifecycle.ts';
import type { ServiceDeps } from './index.ts';

export function createActionsService(deps: ServiceDeps, options: ActionsConsumerOptions = {}): Stoppable {
  const topic = actionsTopic(deps.db);
  const unsubscribe = topic.subscribe('actions', createActionHandler(deps, options));
  return {
    name: 'actions',
    async stop() {
      unsubscribe();
    },
  };
}

/** The starter for services/index.ts: null when the triggers (and so the actions) are off. */
export function startActions(deps: ServiceDeps): Stoppable | null {
  if (!deps.settings.triggers.enabled) return null;
  return createActionsService(deps);
}
