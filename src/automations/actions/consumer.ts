// The actions consumer (events §6.9): each triggered action from the
// `actions` topic is run unless its invocation already succeeded in the last
// hour, then reported with its two events. An expected failure (ActionFailed)
// is reported and not retried; anything else rejects, so the topic retries.
import { loggers } from '../../logging/logger.ts';
import type { TriggeredAction } from '../types.ts';
import type { ApiDeps } from './api.ts';
import { publishActionEvents } from './events.ts';
import { ActionFailed, newOutcome } from './outcome.ts';
import { act } from './run.ts';

/** Invocations that succeeded recently (Prefect: a TTL cache of 10 000 for an hour; per process). */
export class RecentInvocations {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly size = 10_000,
    private readonly ttlMs = 3_600_000,
  ) {}

  has(id: string, now = Date.now()): boolean {
    const at = this.seen.get(id);
    return at !== undefined && now - at < this.ttlMs;
  }

  add(id: string, now = Date.now()): void {
    this.seen.delete(id);
    this.seen.set(id, now);
    for (const [oldest, t] of this.seen) {
      if (this.seen.size <= this.size && now - t < this.ttlMs) break;
      this.seen.delete(oldest);
    }
  }
}

export interface ActionsConsumerOptions {
  log?: (line: string) => void;
  /** The clock of scheduled times (run-deployment, suspend-flow-run); tests pass one. */
  now?: () => Date;
}

export function createActionHandler(deps: ApiDeps, options: ActionsConsumerOptions = {}) {
  const recent = new RecentInvocations();
  const log = options.log ?? ((line: string) => loggers().server.warn({ service: 'actions' }, line));
  const now = options.now ?? (() => new Date());
  return async function handle(triggered: TriggeredAction): Promise<void> {
    if (recent.has(triggered.id)) return;
    const outcome = newOutcome();
    try {
      await act({ deps, triggered, outcome, now: now() });
    } catch (error) {
      if (!(error instanceof ActionFailed)) throw error;
      log(`action ${triggered.action_index} (${triggered.action.type}) of automation ${triggered.automation.id} failed: ${error.reason}`);
      publishActionEvents(deps.events, triggered, outcome, error.reason);
      return;
    }
    publishActionEvents(deps.events, triggered, outcome, null);
    recent.add(triggered.id);
  };
}
