// The triggers service (events §6.1): a trigger engine fed by the events bus
// (consumer `reactive-triggers`), a proactive pass every
// PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY seconds, housekeeping every 5 s
// (reconcile, lost followers, expired buckets), and automation changes from
// this process (onAutomationChange) and, on PostgreSQL, from every replica
// (LISTEN prefect_automation_changes). On unless
// PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED is false. The engine does the
// work; this file only wires its entry points to timers and the bus.
import { onAutomationChange } from '../automations/channels.ts';
import { TriggerEngine } from '../automations/triggers/engine.ts';
import { listenForAutomationChanges } from '../automations/triggers/pg-listen.ts';
import type { Db } from '../db/client.ts';
import type { Stoppable } from '../lifecycle.ts';
import { loggers } from '../logging/logger.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';

/** Seconds between housekeeping passes (Prefect's periodic granularity). */
const HOUSEKEEPING_SECONDS = 5;

const running = new WeakMap<Db, TriggerEngine>();

/** The engine the triggers service runs on this database in this process (tests look at what it loaded). */
export function runningTriggerEngine(db: Db): TriggerEngine | undefined {
  return running.get(db);
}

export function startTriggers(deps: ServiceDeps): Stoppable | null {
  const settings = deps.settings.triggers;
  if (!settings.enabled) return null;
  const warn = (message: string, error?: unknown) => loggers().server.warn({ service: 'triggers', err: error }, message);
  const engine = new TriggerEngine({ db: deps.db, events: deps.events, expiredBucketBuffer: settings.expiredBucketBuffer });
  running.set(deps.db, engine);
  // Everything waits for the first full load.
  const ready = engine.reconcile(true).catch((error) => warn('loading automations failed (retried by the reconcile)', error));

  const unsubscribeBus = deps.events.subscribe('reactive-triggers', async (event) => {
    await ready;
    await engine.handleEvent(event, new Date());
  });
  const unsubscribeChanges = onAutomationChange(deps.db, (change) => {
    void engine.automationChanged(change).catch((error) => warn('reloading a changed automation failed', error));
  });
  const proactive = startLoopService('triggers-proactive', settings.proactiveGranularity, async () => {
    await ready;
    await engine.evaluateProactiveTriggers(new Date());
  });
  const housekeeping = startLoopService('triggers-housekeeping', HOUSEKEEPING_SECONDS, async () => {
    await ready;
    await engine.periodicEvaluation(new Date());
  });
  const listener =
    deps.target.provider === 'postgresql'
      ? listenForAutomationChanges({
          url: deps.target.url,
          reconnectSeconds: settings.pgNotifyReconnectIntervalSeconds,
          heartbeatSeconds: settings.pgNotifyHeartbeatIntervalSeconds,
          connectTimeoutMs: deps.settings.database.connectionTimeout * 1000,
          onChange: (change) => void engine.automationChanged(change).catch((error) => warn('reloading a changed automation failed', error)),
          onConnect: () => engine.reconcile(),
          warn,
        })
      : null;

  return {
    name: 'triggers',
    async stop() {
      if (running.get(deps.db) === engine) running.delete(deps.db);
      unsubscribeBus();
      unsubscribeChanges();
      await listener?.stop();
      await proactive.stop();
      await housekeeping.stop();
    },
  };
}
