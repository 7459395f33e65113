import type { Db } from '../db/client.ts';
import type { DatabaseTarget } from '../db/url.ts';
import type { Settings } from '../settings.ts';

/** What every resolver gets; one per request, shared by both doors. */
export interface Context {
  db: Db;
  target: DatabaseTarget;
  settings: Settings;
  /** A request header (lower-case name), for the few operations that read one. */
  header(name: string): string | undefined;
  /**
   * Aborted when the client goes away or (GraphQL) the execution timeout fires.
   * The database layer refuses new statements once it is aborted; a long
   * resolver can check it between steps.
   */
  signal: AbortSignal;
}
