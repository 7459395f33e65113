// The abort signal of the request being served, carried through async calls so
// that the database layer can refuse to start new statements for a request whose
// client left or whose time ran out (the GraphQL execution timeout, a closed socket).
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the current request's abort signal. */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => T): T {
  return current.run(signal, fn);
}

/** The abort signal of the request this code runs for, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return current.getStore();
}
