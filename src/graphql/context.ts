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
}
