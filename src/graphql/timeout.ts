// The GraphQL execution timeout, and stopping work nobody waits for.
//
// Each GraphQL request gets one AbortSignal (Context.signal) that fires when
// the client disconnects or PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT seconds
// have passed. Execution runs under it twice over: the executor checks it
// between fields and gives up at once when it fires, and withAbortSignal makes
// it the database layer's current signal, so no new statement starts for it.
// The executor's checks also read the clock: on SQLite (synchronous driver) a
// big query may never yield to the event loop, so the timer alone would only
// fire after the work is done.
//
// On timeout the client gets, without waiting for resolvers in flight:
//   HTTP 503, {"data": null, "errors": [{"message": "The query did not finish
//   within 30 seconds and was stopped.", "extensions": {"code": "TIMEOUT", "status": 503}}]}
// 503 (not 504, which names a gateway's upstream; not 408, which is about the
// client being slow to send): the server gave up on work it could not finish
// in time, and a retry, maybe narrower, may succeed. No partial data is sent.
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withAbortSignal } from '../db/abort.ts';
import type { Context } from './context.ts';

const TIMEOUT_REASON = Symbol('graphql-execution-timeout');

/** For each execution signal: aborts it if its deadline has passed. */
const deadlineChecks = new WeakMap<AbortSignal, () => void>();

/** Aborted on client disconnect (`clientGone`) or after `seconds`. */
export function executionSignal(clientGone: AbortSignal, seconds: number): AbortSignal {
  const controller = new AbortController();
  const deadline = Date.now() + seconds * 1000;
  deadlineChecks.set(controller.signal, () => {
    if (!controller.signal.aborted && Date.now() >= deadline) controller.abort(TIMEOUT_REASON);
  });
  const timer = setTimeout(() => controller.abort(TIMEOUT_REASON), seconds * 1000);
  timer.unref();
  const onGone = () => controller.abort(clientGone.reason);
  if (clientGone.aborted) onGone();
  else clientGone.addEventListener('abort', onGone, { once: true });
  // Once aborted (either way) nothing is left to watch.
  controller.signal.addEventListener('abort', () => {
    clearTimeout(timer);
    clientGone.removeEventListener('abort', onGone);
  }, { once: true });
  return controller.signal;
}

/** The signal as the executor sees it: every check of it first looks at the clock. */
function clockedSignal(signal: AbortSignal): AbortSignal {
  const check = deadlineChecks.get(signal) ?? (() => {});
  return {
    get aborted() {
      check();
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    throwIfAborted() {
      check();
      signal.throwIfAborted();
    },
    addEventListener: signal.addEventListener.bind(signal),
    removeEventListener: signal.removeEventListener.bind(signal),
  } as AbortSignal;
}

export const timedOut = (signal: AbortSignal) => signal.aborted && signal.reason === TIMEOUT_REASON;

function timeoutResult(seconds: number): ExecutionResult {
  const error = new GraphQLError(`The query did not finish within ${seconds} seconds and was stopped.`, {
    extensions: { code: 'TIMEOUT', status: 503, http: { status: 503 } },
  });
  return { data: null, errors: [error] };
}

/** Runs every execution under its request's signal (see above). */
export function executionTimeoutPlugin(seconds: number): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { signal } = args.contextValue as Context;
      setExecuteFn((executionArgs) =>
        withAbortSignal(signal, async () => {
          try {
            const result = await executeFn({ ...executionArgs, signal: clockedSignal(signal) } as typeof executionArgs);
            // A result that completed stands, even if the timer fired just after.
            return timedOut(signal) && result.errors?.length ? timeoutResult(seconds) : result;
          } catch (error) {
            if (timedOut(signal)) return timeoutResult(seconds);
            throw error;
          }
        }),
      );
    },
  };
}
