// The GraphQL execution timeout, and stopping work nobody waits for.
//
// Each GraphQL request gets one AbortSignal (Context.signal) that fires when
// the client disconnects or PREFECT_SERVER_GRAPHQL_EXECUTION_TIMEOUT seconds
// have passed. Execution runs with it as the database layer's current signal
// (withAbortSignal), so once it fires no new statement starts for the request
// and the resolvers still running fail fast; the client is answered at once,
// without waiting for them.
//
// Reading the signal (`aborted`, `throwIfAborted()`) also looks at the clock:
// on SQLite (a synchronous driver) a big query may never yield to the event
// loop, so the timer alone would only fire once all the work was done.
//
// The signal is not handed to the executor: on abort it drops the field
// promises still pending, and their later failures become unhandled rejections.
//
// On timeout the client gets:
//   HTTP 503, {"data": null, "errors": [{"message": "The query did not finish
//   within 30 seconds and was stopped.", "extensions": {"code": "TIMEOUT", "status": 503}}]}
// 503 (not 504, which names a gateway's upstream; not 408, which is about the
// client being slow to send): the server gave up on work it could not finish
// in time, and a retry, maybe narrower, may succeed. No partial data is sent.
import { setMaxListeners } from 'node:events';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withAbortSignal } from '../db/abort.ts';
import type { Context } from './context.ts';

/** The abort reason of a signal whose execution timeout passed. */
export class ExecutionTimeout extends Error {
  override name = 'ExecutionTimeout';
}

const abortedFlag = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;

/** Aborted on client disconnect (`clientGone`) or after `seconds`. */
export function executionSignal(clientGone: AbortSignal, seconds: number): AbortSignal {
  const controller = new AbortController();
  const { signal } = controller;
  // Every statement of the request listens to it (pg cancels on abort): no listener cap.
  setMaxListeners(0, signal);
  const deadline = Date.now() + seconds * 1000;
  const abortIfLate = () => {
    if (!abortedFlag.call(signal) && Date.now() >= deadline) {
      controller.abort(new ExecutionTimeout(`the GraphQL execution timeout (${seconds} s) passed`));
    }
  };
  // Still a real AbortSignal (fetch, AbortSignal.any and pg accept it); only these two read the clock first.
  Object.defineProperties(signal, {
    aborted: { get: () => (abortIfLate(), abortedFlag.call(signal)) },
    throwIfAborted: { value: () => (abortIfLate(), AbortSignal.prototype.throwIfAborted.call(signal)) },
  });
  const timer = setTimeout(abortIfLate, Math.max(0, deadline - Date.now()) + 1);
  timer.unref();
  const onGone = () => controller.abort(clientGone.reason);
  if (clientGone.aborted) onGone();
  else clientGone.addEventListener('abort', onGone, { once: true });
  // Once aborted (either way) nothing is left to watch.
  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      clientGone.removeEventListener('abort', onGone);
    },
    { once: true },
  );
  return signal;
}

export const timedOut = (signal: AbortSignal) => signal.aborted && signal.reason instanceof ExecutionTimeout;

function timeoutResult(seconds: number): ExecutionResult {
  const error = new GraphQLError(`The query did not finish within ${seconds} seconds and was stopped.`, {
    extensions: { code: 'TIMEOUT', status: 503, http: { status: 503 } },
  });
  return { data: null, errors: [error] };
}

/** Nobody reads it: the client has gone. */
const CLIENT_GONE: ExecutionResult = { data: null, errors: [new GraphQLError('The client closed the request.')] };

/**
 * Settles when the signal fires. `dispose` removes its listener once the
 * execution is over: left on the signal, which the pending timer keeps alive
 * for the whole timeout, it held the race promise and through it the request's
 * whole result (30 s of results at hundreds of requests/s: the heap grew by GBs).
 */
function whenAborted(signal: AbortSignal) {
  let listener: (() => void) | undefined;
  const promise = new Promise<typeof STOPPED>((resolve) => {
    if (signal.aborted) resolve(STOPPED);
    else signal.addEventListener('abort', (listener = () => resolve(STOPPED)), { once: true });
  });
  return { promise, dispose: () => listener && signal.removeEventListener('abort', listener) };
}
const STOPPED = Symbol('stopped');

/** Runs every execution under its request's signal, answering as soon as it fires (see above). */
export function executionTimeoutPlugin(seconds: number): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { signal } = args.contextValue as Context;
      setExecuteFn((executionArgs) =>
        withAbortSignal(signal, async () => {
          const stoppedAnswer = () => (timedOut(signal) ? timeoutResult(seconds) : CLIENT_GONE);
          try {
            const execution = Promise.resolve(executeFn(executionArgs) as ExecutionResult | Promise<ExecutionResult>);
            // If we stop waiting below, the execution's own end concerns no one.
            execution.catch(() => {});
            const stop = whenAborted(signal);
            const result = await Promise.race([execution, stop.promise]).finally(stop.dispose);
            if (result === STOPPED) return stoppedAnswer();
            // A result that completed cleanly stands, even if the deadline passed just after.
            return signal.aborted && result.errors?.length ? stoppedAnswer() : result;
          } catch (error) {
            if (signal.aborted) return stoppedAnswer();
            throw error;
          }
        }),
      );
    },
  };
}
