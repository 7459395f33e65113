// Scheduled runs (deployments-and-work-pools §3.4–3.5), shared by the
// scheduler's loops and POST /deployments/{id}/schedule: which runs a
// deployment's schedules call for, and their idempotent insertion. Two
// servers (or the two loops, or a manual /schedule call) may insert the same
// run at once: the unique (flow_id, idempotency_key) index decides, through
// INSERT ... ON CONFLICT DO NOTHING, and only the rows a batch inserted get
// their state row, tags and state_id.
import type { Db } from '../../db/client.ts';
import { inRunTransaction, dialectOf } from '../../orchestration/transaction.ts';
import { fullStateDetails, type StateDetails } from '../../orchestration/state-details.ts';
import type { Tx } from '../../orchestration/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import { randomRunName } from '../../resources/runs/names.ts';
import { pythonDateString, scheduleClassName, scheduleDates, type ScheduleJson } from '../../schedules/index.ts';

/** The deployment columns run generation reads. */
export interface SchedulingDeployment {
  id: string;
  flow_id: string;
  version: string | null;
  work_queue_name: string | null;
  work_queue_id: string | null;
  parameters: unknown;
  infrastructure_document_id: string | null;
  tags: unknown;
  labels: unknown;
}

/** The schedule columns run generation reads (inactive schedules are skipped). */
export interface SchedulingSchedule {
  id: string;
  schedule: unknown;
  active?: boolean;
  parameters: unknown;
  slug: string | null;
}

export interface ScheduleWindow {
  start: Date;
  end: Date;
  /** Seconds after `start` the dates must reach before generation may stop. */
  minTime: number;
  minRuns: number;
  maxRuns: number;
  /** The state timestamps of the generated runs. */
  now: Date;
}

/** A run to insert, with its first state. */
export interface ScheduledRun {
  id: string;
  name: string;
  flow_id: string;
  deployment_id: string;
  deployment_version: string | null;
  work_queue_name: string | null;
  work_queue_id: string | null;
  parameters: Record<string, unknown>;
  infrastructure_document_id: string | null;
  idempotency_key: string;
  tags: string[];
  labels: Record<string, unknown>;
  auto_scheduled: true;
  created_by: { id: string; display_value: string; type: 'SCHEDULE' };
  /** The scheduled time: expected_start_time and next_scheduled_start_time. */
  scheduled_time: Date;
  state: { id: string; type: 'SCHEDULED'; name: 'Scheduled'; message: string; timestamp: Date; state_details: StateDetails };
}

const object = (v: unknown): Record<string, unknown> => {
  const parsed = typeof v === 'string' ? safeParse(v) : v;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};
const strings = (v: unknown): string[] => {
  const parsed = typeof v === 'string' ? safeParse(v) : v;
  return Array.isArray(parsed) ? parsed.map(String) : [];
};
function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * A schedule's dates for the window: up to maxRuns dates from `start`, none
 * after `end`, stopping at the first date that makes at least minRuns dates
 * and lies at or after start + minTime.
 */
export function windowDates(schedule: ScheduleJson, window: Pick<ScheduleWindow, 'start' | 'end' | 'minTime' | 'minRuns' | 'maxRuns'>): Date[] {
  const all = scheduleDates(schedule, { n: window.maxRuns, start: window.start, end: window.end });
  const horizon = window.start.getTime() + window.minTime * 1000;
  const dates: Date[] = [];
  for (const date of all) {
    dates.push(date);
    if (dates.length >= window.minRuns && date.getTime() >= horizon) break;
  }
  return dates;
}

/** The runs a deployment's active schedules call for in the window (nothing inserted). */
export function scheduledRunsFor(deployment: SchedulingDeployment, schedules: readonly SchedulingSchedule[], window: ScheduleWindow): ScheduledRun[] {
  const runs: ScheduledRun[] = [];
  // Always auto-scheduled here: the API and the services generate no other kind.
  const tags = ['auto-scheduled', ...strings(deployment.tags)];
  const labels = { ...object(deployment.labels), 'prefect.flow.id': deployment.flow_id, 'prefect.deployment.id': deployment.id };
  for (const row of schedules) {
    if (row.active === false) continue;
    const schedule = object(row.schedule) as unknown as ScheduleJson;
    const parameters = { ...object(deployment.parameters), ...object(row.parameters) };
    const createdBy = { id: row.id, display_value: row.slug || scheduleClassName(schedule), type: 'SCHEDULE' as const };
    for (const date of windowDates(schedule, window)) {
      runs.push({
        id: uuid7(window.now.getTime()),
        name: randomRunName(),
        flow_id: deployment.flow_id,
        deployment_id: deployment.id,
        deployment_version: deployment.version,
        work_queue_name: deployment.work_queue_name,
        work_queue_id: deployment.work_queue_id,
        parameters,
        infrastructure_document_id: deployment.infrastructure_document_id,
        // The date as Python prints it in the schedule's zone: 2024-03-01 09:00:00-05:00
        idempotency_key: `scheduled ${deployment.id} ${row.id} ${pythonDateString(schedule.timezone || 'UTC', date.getTime())}`,
        tags,
        labels,
        auto_scheduled: true,
        created_by: createdBy,
        scheduled_time: date,
        state: {
          id: uuid7(window.now.getTime()),
          type: 'SCHEDULED',
          name: 'Scheduled',
          message: 'Flow run scheduled',
          timestamp: window.now,
          state_details: fullStateDetails({ scheduled_time: date.toISOString() }),
        },
      });
    }
  }
  return runs;
}

type Kind = 'uuid' | 'time' | 'json' | 'bool' | 'text';
const RUN_COLUMNS: [string, Kind, (r: ScheduledRun) => unknown][] = [
  ['id', 'uuid', (r) => r.id],
  ['created', 'time', (r) => r.state.timestamp],
  ['updated', 'time', (r) => r.state.timestamp],
  ['name', 'text', (r) => r.name],
  ['flow_id', 'uuid', (r) => r.flow_id],
  ['state_type', 'text', () => 'SCHEDULED'],
  ['state_name', 'text', () => 'Scheduled'],
  ['state_timestamp', 'time', (r) => r.state.timestamp],
  ['expected_start_time', 'time', (r) => r.scheduled_time],
  ['next_scheduled_start_time', 'time', (r) => r.scheduled_time],
  ['effective_start_time', 'time', (r) => r.scheduled_time],
  ['deployment_id', 'uuid', (r) => r.deployment_id],
  ['deployment_version', 'text', (r) => r.deployment_version],
  ['work_queue_name', 'text', (r) => r.work_queue_name],
  ['work_queue_id', 'uuid', (r) => r.work_queue_id],
  ['parameters', 'json', (r) => r.parameters],
  ['idempotency_key', 'text', (r) => r.idempotency_key],
  ['context', 'json', () => ({})],
  ['empirical_policy', 'json', () => ({})],
  ['tags', 'json', (r) => r.tags],
  ['labels', 'json', (r) => r.labels],
  ['created_by', 'json', (r) => r.created_by],
  ['created_by_id', 'text', (r) => r.created_by.id],
  ['created_by_type', 'text', (r) => r.created_by.type],
  ['job_variables', 'json', () => ({})],
  ['infrastructure_document_id', 'uuid', (r) => r.infrastructure_document_id],
  ['auto_scheduled', 'bool', () => true],
];
const PG_CASTS: Record<Kind, string> = { uuid: '::uuid', time: '::timestamptz', json: '::jsonb', bool: '::boolean', text: '' };

/** Bound values per statement: under PostgreSQL's 65,535 and SQLite's 32,766. */
const MAX_BIND_VALUES = 30_000;

/** INSERT ... ON CONFLICT (flow_id, idempotency_key) DO NOTHING RETURNING id, in the transaction's dialect. */
async function insertRunRows(tx: Tx, runs: ScheduledRun[]): Promise<Set<string>> {
  const pg = dialectOf(tx) === 'postgresql';
  const values: unknown[] = [];
  const tuples = runs.map((run) => {
    const slots = RUN_COLUMNS.map(([, kind, get]) => {
      const value = get(run);
      if (pg) {
        values.push(value instanceof Date ? value.toISOString() : kind === 'json' ? JSON.stringify(value) : value);
        return `$${values.length}${PG_CASTS[kind]}`;
      }
      // SQLite: Dates bound as Prisma writes them, JSON as text, booleans as 0/1.
      values.push(kind === 'json' ? JSON.stringify(value) : kind === 'bool' ? (value ? 1 : 0) : value);
      return '?';
    });
    return `(${slots.join(', ')})`;
  });
  const sql = `INSERT INTO flow_run (${RUN_COLUMNS.map(([c]) => c).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (flow_id, idempotency_key) DO NOTHING RETURNING ${pg ? 'id::text AS id' : 'id'}`;
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(sql, ...values);
  return new Set(rows.map((r) => r.id));
}

/** The new runs' state rows, tag rows and state_id, consistent with a run created through orchestration. */
async function completeInserted(tx: Tx, runs: ScheduledRun[]): Promise<void> {
  if (runs.length === 0) return;
  await tx.flowRunState.createMany({
    data: runs.map((r) => ({
      id: r.state.id,
      flow_run_id: r.id,
      type: r.state.type,
      name: r.state.name,
      message: r.state.message,
      timestamp: r.state.timestamp,
      created: r.state.timestamp,
      updated: r.state.timestamp,
      state_details: r.state.state_details as object,
    })),
  });
  const tagRows = runs.flatMap((r) => [...new Set(r.tags)].map((tag) => ({ flow_run_id: r.id, tag })));
  if (tagRows.length > 0) await tx.flowRunTag.createMany({ data: tagRows });
  const pg = dialectOf(tx) === 'postgresql';
  const ids = runs.map((r) => r.id);
  const list = ids.map((_, i) => (pg ? `$${i + 1}::uuid` : '?')).join(', ');
  await tx.$executeRawUnsafe(`UPDATE flow_run SET state_id = (SELECT s.id FROM flow_run_state s WHERE s.flow_run_id = flow_run.id) WHERE id IN (${list})`, ...ids);
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Inserts the runs, `batchSize` per transaction, skipping those whose
 * (flow_id, idempotency_key) is taken; returns the ids inserted.
 */
export async function insertScheduledRuns(db: Db, runs: readonly ScheduledRun[], batchSize = 500): Promise<string[]> {
  const inserted: string[] = [];
  const perStatement = Math.max(1, Math.floor(MAX_BIND_VALUES / RUN_COLUMNS.length));
  for (const batch of chunks(runs, Math.max(1, Math.min(batchSize, perStatement)))) {
    const ids = await inRunTransaction(db, async (tx) => {
      const added = await insertRunRows(tx, batch);
      const fresh = batch.filter((r) => added.has(r.id));
      await completeInserted(tx, fresh);
      return fresh.map((r) => r.id);
    });
    inserted.push(...ids);
  }
  return inserted;
}
