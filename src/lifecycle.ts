// Graceful shutdown. On SIGTERM or SIGINT: stop accepting connections, let the
// requests in flight finish (bounded by a drain timeout, after which the
// remaining connections are closed), stop the background services, disconnect
// the database, exit 0. A second signal during all this exits at once.
//
// Keep-alive is what makes this more than server.close(): an idle kept-alive
// connection is closed at once, and every response written during the drain
// carries `Connection: close`, so a client learns from the answer itself not
// to send another request on that connection instead of having it reset.
import type http from 'node:http';
import { constants } from 'node:os';

/** A background service main.ts started; stopped after the HTTP drain, last started first. */
export interface Stoppable {
  name: string;
  stop(): Promise<void> | void;
  /** Resolves once no pass is running (loop services); tests wait for the first pass so it cannot land inside a measured request. */
  idle?(): Promise<void>;
}

export interface RequestTracker {
  /** Responses not yet finished or aborted. */
  inFlight(): number;
  /**
   * Stops accepting, closes idle connections, lets in-flight requests finish;
   * after timeoutMs closes whatever is left and says how many requests it cut.
   */
  drain(timeoutMs: number): Promise<{ timedOut: boolean; cut: number }>;
}

/** Call before listen(): every request is seen from its first byte of handling. */
export function trackRequests(server: http.Server): RequestTracker {
  const open = new Set<http.ServerResponse>();
  let draining = false;
  // Prepended so the flag is set before the application handler may answer synchronously.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    open.add(res);
    res.once('close', () => {
      open.delete(res);
      // A response whose headers went out before the drain began kept its connection
      // alive; once it is done that connection is idle and can go.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    inFlight: () => open.size,
    drain(timeoutMs) {
      draining = true;
      // Node writes `Connection: close` and ends the socket after these responses.
      for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
      return new Promise((resolve) => {
        let settled = false;
        const settle = (timedOut: boolean, cut: number) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ timedOut, cut });
        };
        // Not waiting for close() after this: a socket the HTTP server no longer
        // owns (an upgraded websocket) would keep it open; exiting ends those.
        const timer = setTimeout(() => {
          const cut = open.size;
          server.closeAllConnections();
          settle(true, cut);
        }, timeoutMs);
        // The callback runs once the last connection is gone (or at once, with an
        // error, when the server was not listening: nothing to drain then).
        server.close(() => settle(false, 0));
        server.closeIdleConnections();
      });
    },
  };
}

export interface ShutdownPlan {
  requests: RequestTracker;
  drainMs: number;
  services: readonly Stoppable[];
  /** Closes the database pool; runs last. */
  disconnect(): Promise<void>;
  log(line: string): void;
}

class Timeout extends Error {}

/** Each service stop and the disconnect get the drain timeout, but at least this: a zero drain still closes the pool. */
const MIN_STOP_MS = 2_000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const messageOf = (error: unknown) => (error instanceof Timeout ? 'timed out' : error instanceof Error ? error.message : String(error));

/**
 * Drain → services (last started first) → database. Resolves with the exit code:
 * 0 when everything stopped, even if the drain timeout had to cut requests
 * (that is the bound doing its job); 1 when a service or the database failed
 * to stop or took longer than the drain timeout (at least 2 s) to do so.
 */
export async function shutDown(plan: ShutdownPlan, reason: string): Promise<number> {
  const { requests, drainMs, log } = plan;
  log(`${reason}: shutting down; ${requests.inFlight()} request(s) in flight, waiting up to ${drainMs / 1000} s`);
  const { timedOut, cut } = await requests.drain(drainMs);
  if (timedOut) log(`drain timeout: closed the connections of ${cut} unfinished request(s)`);

  const stopMs = Math.max(drainMs, MIN_STOP_MS);
  let code = 0;
  for (const service of [...plan.services].reverse()) {
    try {
      await within(
        stopMs,
        Promise.resolve().then(() => service.stop()),
      );
    } catch (error) {
      code = 1;
      log(`stopping ${service.name} failed: ${messageOf(error)}`);
    }
  }
  try {
    await within(stopMs, plan.disconnect());
  } catch (error) {
    code = 1;
    log(`disconnecting the database failed: ${messageOf(error)}`);
  }
  return code;
}

/**
 * Runs shutDown on the first SIGTERM or SIGINT and exits with its code; a second
 * signal exits at once with 128 + its number, the shell's convention.
 */
export function shutDownOnSignals(plan: ShutdownPlan, exit: (code: number) => void = (code) => process.exit(code)): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      plan.log(`${signal} again: exiting without waiting`);
      exit(128 + constants.signals[signal]);
      return;
    }
    stopping = true;
    void shutDown(plan, signal).then(exit, (error: unknown) => {
      plan.log(`shutdown failed: ${messageOf(error)}`);
      exit(1);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}
