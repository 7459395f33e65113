// Per-request DataLoaders, keyed by what they load (relation + arguments +
// nested selection): the parents of one level that ask for the same thing
// share one batch, hence one statement per level instead of one per parent.
import DataLoader from 'dataloader';

/**
 * Parents per statement: bound parameters stay under SQLite's (32,766) and
 * PostgreSQL's (65,535) limits. Two levels of 200 give 40,000 parents at most.
 */
export const MAX_PARENTS_PER_STATEMENT = 10_000;

const registries = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/** The request's loader for `key`, made on first use; `ctx` is the request's context object. */
export function loaderFor<V>(ctx: object, key: string, batch: (parents: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
  let registry = registries.get(ctx);
  if (!registry) registries.set(ctx, (registry = new Map()));
  let loader = registry.get(key);
  if (!loader) registry.set(key, (loader = new DataLoader<string, unknown>(batch, { maxBatchSize: MAX_PARENTS_PER_STATEMENT })));
  return loader as DataLoader<string, V>;
}
