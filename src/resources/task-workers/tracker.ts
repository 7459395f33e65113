// Task workers (blocks-and-ui-routes §11): the clients subscribed to scheduled
// task runs, tracked in memory only, as Prefect does (lost on restart, not
// shared between processes). The subscription socket records a worker under
// its client id with its task keys (again about once a second and after each
// acknowledged delivery) and forgets it when the socket closes.
export interface TaskWorker {
  identifier: string;
  task_keys: string[];
  timestamp: Date;
}

export class TaskWorkerTracker {
  private workers = new Map<string, { keys: Set<string>; seen: Date }>();

  observe(workerId: string, taskKeys: readonly string[], now = new Date()): void {
    const known = this.workers.get(workerId);
    const keys = known?.keys ?? new Set<string>();
    for (const key of taskKeys) keys.add(key);
    this.workers.set(workerId, { keys, seen: now });
  }

  forget(workerId: string): void {
    this.workers.delete(workerId);
  }

  /** Every worker, or those subscribed to any of `taskKeys` (an empty list means every worker). */
  list(taskKeys: readonly string[] = []): TaskWorker[] {
    const wanted = new Set(taskKeys);
    return [...this.workers.entries()]
      .filter(([, w]) => wanted.size === 0 || [...w.keys].some((key) => wanted.has(key)))
      .map(([identifier, w]) => ({ identifier, task_keys: [...w.keys], timestamp: w.seen }));
  }

  reset(): void {
    this.workers.clear();
  }
}

/** The process's tracker (Prefect's task_worker_tracker). */
export const taskWorkerTracker = new TaskWorkerTracker();
