import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';

/** Aborted when the client goes away before its response is complete. */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Every statement of the request listens to it (pg cancels on abort): no listener cap.
  setMaxListeners(0, controller.signal);
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
