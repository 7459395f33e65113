// A service that runs one pass now and then every `seconds`, one pass at a
// time (a slow pass delays the next instead of overlapping it). A failed pass
// is logged and retried on the next tick; stop() waits for the running pass.
import type { Stoppable } from '../lifecycle.ts';
import { loggers } from '../logging/logger.ts';
import { observeServiceLoop } from '../metrics/metrics.ts';

/** The longest delay setInterval takes; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function startLoopService(name: string, seconds: number, pass: () => Promise<void>): Stoppable {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    if (stopped) return;
    const started = process.hrtime.bigint();
    const took = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      await pass();
      observeServiceLoop(name, 'ok', took());
    } catch (error) {
      observeServiceLoop(name, 'failed', took());
      if (!stopped) loggers().server.warn({ service: name, err: error }, `${name} pass failed (retried next loop)`);
    }
  };
  const tick = () => {
    if (!stopped) running = running.then(runOnce);
  };
  tick(); // what became due while no server ran
  const timer = setInterval(tick, Math.min(seconds * 1000, MAX_TIMER_MS));
  timer.unref();
  return {
    name,
    idle: () => running,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
