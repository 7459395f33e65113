import type { Db } from '../db/client.ts';
import type { DatabaseTarget } from '../db/url.ts';
import type { EventBus } from '../events/bus.ts';
import type { Settings } from '../settings.ts';
import type { Statement } from './sql-reads/plugin.ts';

/** What every resolver gets; one per request, shared by both doors. */
export interface Context {
  db: Db;
  target: DatabaseTarget;
  settings: Settings;
  /** The event bus: server-emitted events are published here after their transaction commits. */
  events: EventBus;
  /** A request header (lower-case name), for the few operations that read one. */
  header(name: string): string | undefined;
  /**
   * Aborted when the client goes away or (GraphQL) the execution timeout fires.
   * The database layer refuses new statements once it is aborted; a long
   * resolver can check it between steps.
   */
  signal: AbortSignal;
  /**
   * Set by the REST door before it runs a field whose status depends on
   * whether this request wrote (201) or found (200). Operations report it with
   * markCreated() from what the database told them (the insert that won the
   * unique index, the state row orchestration wrote), never from clocks.
   * A per-request flag rather than a GraphQL field: only REST has a status to
   * decide, and a field would add to Prefect's Flow, FlowRun and
   * OrchestrationResult shapes something Prefect's clients never see. The
   * GraphQL door leaves it unset; markCreated() is then a no-op.
   */
  outcome?: WriteOutcome;
  /**
   * Set by the GraphQL door: the SQL-read step (graphql/sql-reads/plugin.ts)
   * leaves the statements that answered the request here, for the door to
   * replay when the same request comes again (graphql/sql-reads/replay.ts).
   */
  sqlRead?: { statements?: Statement[] };
}

export interface WriteOutcome {
  /** This request inserted the row it answers with, or wrote the state it answers with. */
  created: boolean;
}

/** Records that this request created the row (or wrote the state) it answers with. */
export function markCreated(ctx: Context): void {
  if (ctx.outcome) ctx.outcome.created = true;
}
