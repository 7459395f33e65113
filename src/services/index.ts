// Background services (architecture: "Background work"): each is a loop or a
// bus consumer with settings-driven intervals, started here after the server
// listens and stopped on shutdown, last started first. main.ts and the tests'
// server start the same list.
import type { Db } from '../db/client.ts';
import type { DatabaseTarget } from '../db/url.ts';
import type { EventBus } from '../events/bus.ts';
import type { Stoppable } from '../lifecycle.ts';
import type { Settings } from '../settings.ts';
import { startActions } from './actions.ts';
import { startDbVacuum } from './db-vacuum.ts';
import { startEventPersister } from './event-persister.ts';
import { startForeman } from './foreman.ts';
import { startLateRuns } from './late-runs.ts';
import { startRepossessor } from './repossessor.ts';
import { startRecentDeploymentsScheduler, startScheduler } from './scheduler.ts';
import { startTaskRunRecorder } from './task-run-recorder.ts';
import { startTriggers } from './triggers.ts';

export interface ServiceDeps {
  settings: Settings;
  db: Db;
  target: DatabaseTarget;
  events: EventBus;
}

/** A service starter returns its handle, or null when its setting disables it. */
type StartService = (deps: ServiceDeps) => Stoppable | null;

const services: StartService[] = [
  startEventPersister,
  startDbVacuum,
  startTaskRunRecorder,
  startRepossessor,
  startForeman,
  startScheduler,
  startRecentDeploymentsScheduler,
  startLateRuns,
  startActions,
  startTriggers,
];

export function startServices(deps: ServiceDeps): Stoppable[] {
  return services.map((start) => start(deps)).filter((s): s is Stoppable => s !== null);
}

/** Stops services in reverse start order. */
export async function stopServices(started: readonly Stoppable[]): Promise<void> {
  for (const service of [...started].reverse()) await service.stop();
}
