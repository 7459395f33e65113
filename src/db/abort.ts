// The abort signal of the request being served, carried through async calls so
// that the database layer can refuse to start new statements for a request whose
// client left or whose time ran out (the GraphQL execution timeout, a closed socket).
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` with `signal` as the current request's abort signal.
 *
 * A Prisma query is a lazy promise: it starts when first awaited, in the
 * context of whoever awaits it. `withAbortSignal(s, () => db.flow.findMany())`
 * returns the unstarted query, which then runs outside the scope and unseen by
 * the signal; await it inside (`async () => await db.flow.findMany()`), as
 * resolvers run under GraphQL execution do.
 */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => T): T {
  return current.run(signal, fn);
}

/** The abort signal of the request this code runs for, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return current.getStore();
}
