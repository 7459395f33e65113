// The database vacuum (events §2.5), events part: every
// PREFECT_SERVER_SERVICES_DB_VACUUM_LOOP_SECONDS, when "events" is among
// PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED and the event persister is on,
// deletes events (resource rows first: there is no cascade) whose `occurred`
// is older than PREFECT_SERVER_EVENTS_RETENTION_PERIOD, then, per entry of
// _EVENT_RETENTION_OVERRIDES, events of exactly that name older than
// min(override, global retention). Deletes run in batches of
// _DB_VACUUM_BATCH_SIZE rows, one statement (its own transaction) each, so a
// second replica doing the same only finds fewer rows.
import type { Db } from '../db/client.ts';
import type { Provider } from '../db/layout.ts';
import type { Stoppable } from '../lifecycle.ts';
import type { Settings } from '../settings.ts';
import type { ServiceDeps } from './index.ts';
import { startLoopService } from './loop.ts';

interface Condition {
  /** SQL over the table's columns, with one placeholder per value in order (`?`, renumbered for PostgreSQL). */
  where: string;
  values: unknown[];
}

/** `?` placeholders → `$1, $2, ...` with their casts on PostgreSQL. */
function dialect(provider: Provider, sql: string, casts: string[]): string {
  if (provider === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${n + 1}${casts[n++] ?? ''}`);
}

/** A bound time: a Date on SQLite (stored as Prisma writes it), ISO text cast to timestamptz on PostgreSQL. */
const timeValue = (provider: Provider, date: Date) => (provider === 'postgresql' ? date.toISOString() : date);

/** Deletes the rows of `table` matching the condition, `batchSize` at a time; returns how many. */
async function batchDelete(db: Db, provider: Provider, table: string, condition: Condition, casts: string[], batchSize: number): Promise<number> {
  const sql = dialect(provider, `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${condition.where} LIMIT ${Math.floor(batchSize)})`, casts);
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRawUnsafe(sql, ...condition.values);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Deletes events older than the retention period and their resource rows. */
export async function vacuumOldEvents(db: Db, provider: Provider, settings: Settings, now = new Date()): Promise<{ events: number; resources: number }> {
  const cutoff = new Date(now.getTime() - settings.events.retentionPeriod * 1000);
  const older: Condition = { where: 'occurred < ?', values: [timeValue(provider, cutoff)] };
  const batch = settings.dbVacuum.batchSize;
  const resources = await batchDelete(db, provider, 'event_resources', older, ['::timestamptz'], batch);
  const events = await batchDelete(db, provider, 'events', older, ['::timestamptz'], batch);
  return { events, resources };
}

/** Deletes events of each overridden name older than min(override, retention), resource rows first. */
export async function vacuumEventsWithOverrides(db: Db, provider: Provider, settings: Settings, now = new Date()): Promise<{ events: number; resources: number }> {
  let events = 0;
  let resources = 0;
  const batch = settings.dbVacuum.batchSize;
  for (const [name, seconds] of Object.entries(settings.dbVacuum.eventRetentionOverrides)) {
    const retention = Math.min(seconds, settings.events.retentionPeriod);
    const cutoff = timeValue(provider, new Date(now.getTime() - retention * 1000));
    resources += await batchDelete(
      db,
      provider,
      'event_resources',
      { where: 'event_id IN (SELECT id FROM events WHERE event = ? AND occurred < ?)', values: [name, cutoff] },
      ['', '::timestamptz'],
      batch,
    );
    events += await batchDelete(db, provider, 'events', { where: 'event = ? AND occurred < ?', values: [name, cutoff] }, ['', '::timestamptz'], batch);
  }
  return { events, resources };
}

/** Whether the events vacuum runs: "events" enabled and the persister on (Prefect's rule). */
export const eventVacuumEnabled = (settings: Settings) => settings.dbVacuum.enabled.includes('events') && settings.eventPersister.enabled;

export function startDbVacuum(deps: ServiceDeps): Stoppable | null {
  const { settings, db, target } = deps;
  if (!eventVacuumEnabled(settings)) return null;
  return startLoopService('db-vacuum', settings.dbVacuum.loopSeconds, async () => {
    const overridden = await vacuumEventsWithOverrides(db, target.provider, settings);
    const old = await vacuumOldEvents(db, target.provider, settings);
    const events = overridden.events + old.events;
    const resources = overridden.resources + old.resources;
    if (events || resources) console.info(`prefect-graphql: database vacuum deleted ${events} events and ${resources} event resources`);
  });
}
