// Which deployments a scheduler pass visits (deployments-and-work-pools
// §3.2–3.3), a page at a time in id order after a cursor. One statement per
// page; a schedule's runs are found through flow_run.created_by_id (the
// schedule id the scheduler stores in created_by).
import type { Db } from '../../db/client.ts';
import { dialectOf } from '../../orchestration/transaction.ts';

interface Page {
  now: Date;
  batchSize: number;
  /** The last id of the previous page (null: first page). */
  afterId: string | null;
}

class Params {
  readonly values: unknown[] = [];
  constructor(readonly pg: boolean) {}
  time(date: Date) {
    this.values.push(this.pg ? date.toISOString() : date);
    return this.pg ? `$${this.values.length}::timestamptz` : '?';
  }
  int(n: number) {
    this.values.push(Math.floor(n));
    return this.pg ? `$${this.values.length}::int` : '?';
  }
  uuid(id: string) {
    this.values.push(id);
    return this.pg ? `$${this.values.length}::uuid` : '?';
  }
}

async function page(db: Db, where: (p: Params) => string, { batchSize, afterId }: Page): Promise<string[]> {
  const p = new Params(dialectOf(db) === 'postgresql');
  const conditions = where(p);
  const cursor = afterId ? ` AND d.id > ${p.uuid(afterId)}` : '';
  const limit = p.int(batchSize);
  const id = p.pg ? 'd.id::text AS id' : 'd.id';
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT ${id} FROM deployment d WHERE NOT d.paused AND ${conditions}${cursor} ORDER BY d.id LIMIT ${limit}`, ...p.values);
  return rows.map((r) => r.id);
}

/**
 * Deployments (not paused) with an active schedule that needs runs: fewer
 * than minRuns of its auto-scheduled runs still to come, or the last of them
 * before now + minScheduledTime.
 */
export function deploymentsNeedingRuns(db: Db, opts: Page & { minRuns: number; minScheduledTime: number }): Promise<string[]> {
  return page(
    db,
    (p) => {
      const scheduleId = p.pg ? 's.id::text' : 's.id';
      const runs = (select: string, now: string) =>
        `(SELECT ${select} FROM flow_run r WHERE r.deployment_id = s.deployment_id AND r.state_type = 'SCHEDULED' AND r.next_scheduled_start_time >= ${now} AND r.auto_scheduled AND r.created_by_id = ${scheduleId})`;
      return `EXISTS (SELECT 1 FROM deployment_schedule s WHERE s.deployment_id = d.id AND s.active AND (${runs('count(*)', p.time(opts.now))} < ${p.int(opts.minRuns)} OR ${runs('max(r.next_scheduled_start_time)', p.time(opts.now))} < ${p.time(new Date(opts.now.getTime() + opts.minScheduledTime * 1000))}))`;
    },
    opts,
  );
}

/** Deployments (not paused) updated in the last loopSeconds + 1 s with an active schedule. */
export function recentlyUpdatedDeployments(db: Db, opts: Page & { loopSeconds: number }): Promise<string[]> {
  return page(
    db,
    (p) =>
      `d.updated >= ${p.time(new Date(opts.now.getTime() - (opts.loopSeconds + 1) * 1000))} AND EXISTS (SELECT 1 FROM deployment_schedule s WHERE s.deployment_id = d.id AND s.active)`,
    opts,
  );
}
