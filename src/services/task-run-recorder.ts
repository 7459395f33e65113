// The task-run recorder (events-and-automations §4.5): Prefect's SDK does not
// call the task-run state API; it emits `prefect.task-run.<state>` events with
// `prefect.orchestration: client`, and this service turns them into task runs
// and task-run states as Prefect records them.
//
// Batching and failures, as Prefect's consumer: kept events are queued and
// written when the queue holds PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE
// events (default 1: each on arrival) and every _FLUSH_INTERVAL seconds. A
// flush that fails is tried once more at once; then its events are retried
// by later timed flushes and dropped (logged) after 6 failed attempts.
// Departures, each so that one bad event cannot hold up or sink others:
// - an event Prefect's models would reject (no task_key, a bad UUID...) is
//   logged and dropped on arrival instead of failing its flush six times;
// - a failed batch of several events is written again event by event at once,
//   so only the events that fail (say, one whose flow run does not exist)
//   wait for a retry;
// - retries wait for the timer instead of going ahead of newer events, and a
//   drop is only logged: it does not fail the bus message (nothing to retry);
// - _FLUSH_INTERVAL is used as given (Prefect truncates it to whole seconds).
// _READ_BATCH_SIZE is read for Prefect parity: the in-process bus hands over
// one event at a time.
import type { ReceivedEvent } from '../events/types.ts';
import type { Stoppable } from '../lifecycle.ts';
import type { ServiceDeps } from './index.ts';
import { InvalidTaskRunEvent, isClientTaskRunEvent, readTaskRunEvent, type TaskRunEvent } from './task-run-recorder/event.ts';
import { recordTaskRunEvents } from './task-run-recorder/record.ts';

/** Prefect's DEFAULT_PERSIST_MAX_RETRIES: dropped after 1 + 5 failed attempts. */
const MAX_PERSIST_RETRIES = 5;

interface Queued {
  event: TaskRunEvent;
  attempts: number;
}

export interface TaskRunRecorderOptions {
  batchSize: number;
  /** Seconds. */
  flushInterval: number;
  log?: (line: string) => void;
}

/** The error's code and its last non-empty message line (Prisma's messages start with the call site). */
function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const lines = String(e?.message ?? error)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return `${e?.code ? `${e.code} ` : ''}${lines.at(-1) ?? ''}`;
}

export function createTaskRunRecorder(deps: Pick<ServiceDeps, 'db' | 'events'>, options: TaskRunRecorderOptions): Stoppable {
  const { db, events } = deps;
  const log = options.log ?? ((line: string) => console.error(line));
  const batchSize = Math.max(1, options.batchSize);
  let queue: Queued[] = [];
  let retries: Queued[] = [];
  let stopped = false;
  // One flush at a time, in order.
  let flushing: Promise<void> = Promise.resolve();

  async function write(batch: Queued[]): Promise<Queued[]> {
    const attempt = () =>
      recordTaskRunEvents(
        db,
        batch.map((item) => item.event),
      );
    try {
      await attempt().catch(attempt);
      return [];
    } catch (error) {
      if (batch.length === 1) {
        log(`prefect-graphql: task-run-recorder: could not record event ${batch[0].event.eventId}: ${errorText(error)}`);
        return batch;
      }
      const failed: Queued[] = [];
      for (const item of batch) failed.push(...(await write([item])));
      return failed;
    }
  }

  function failed(items: Queued[]): void {
    for (const item of items) {
      item.attempts += 1;
      if (item.attempts <= MAX_PERSIST_RETRIES) retries.push(item);
      else log(`prefect-graphql: task-run-recorder: dropping event ${item.event.eventId} after ${item.attempts} failed attempts`);
    }
  }

  /** Writes queued events in batches; `all` also writes a last partial batch and the retries. */
  function flush(all: boolean): Promise<void> {
    flushing = flushing
      .then(async () => {
        if (all) {
          queue.push(...retries);
          retries = [];
        }
        while (queue.length >= batchSize || (all && queue.length > 0)) {
          const batch = queue.slice(0, batchSize);
          queue = queue.slice(batchSize);
          failed(await write(batch));
        }
      })
      .catch((error) => log(`prefect-graphql: task-run-recorder: flush failed: ${errorText(error)}`));
    return flushing;
  }

  async function handle(received: ReceivedEvent): Promise<void> {
    if (stopped || !isClientTaskRunEvent(received)) return;
    let event: TaskRunEvent;
    try {
      event = readTaskRunEvent(received);
    } catch (error) {
      const why = error instanceof InvalidTaskRunEvent ? error.message : errorText(error);
      log(`prefect-graphql: task-run-recorder: dropping event ${received.id}: ${why}`);
      return;
    }
    queue.push({ event, attempts: 0 });
    if (queue.length >= batchSize) await flush(false);
  }

  const unsubscribe = events.subscribe('task-run-recorder', handle);
  // A slow database must not pile up timed flushes: one at a time.
  let timedFlush: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      if (timedFlush || (queue.length === 0 && retries.length === 0)) return;
      timedFlush = flush(true).finally(() => (timedFlush = null));
    },
    Math.max(1, options.flushInterval * 1000),
  );
  timer.unref();

  return {
    name: 'task-run-recorder',
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      // What is queued is written once more before the service ends, as Prefect does on exit.
      await flush(true);
    },
  };
}

/** The starter for services/index.ts: null when PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED is false. */
export function startTaskRunRecorder(deps: ServiceDeps): Stoppable | null {
  const settings = deps.settings.taskRunRecorder;
  if (!settings.enabled) return null;
  return createTaskRunRecorder(deps, { batchSize: settings.batchSize, flushInterval: settings.flushInterval });
}
