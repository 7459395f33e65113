// A deterministic graph for the relation tests: flows × runs × task runs, each
// run and task run with a current state, and enough variety (tags, NULL times,
// state types, names, work queues) for every filter and sort to matter.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.ts';
import { random } from '../support/random.ts';

/** Server settings for the seeding blocks: the bulk statements outlast the 10 s statement timeout on a busy machine. */
export const SEED_ENV = { PREFECT_SERVER_DATABASE_TIMEOUT: '300' };

export interface SeedSize {
  flows: number;
  runsPerFlow: number;
  tasksPerRun: number;
  /** Name prefix, so seeds in one database stay apart. */
  prefix: string;
}

const STATE_TYPES = ['COMPLETED', 'FAILED', 'RUNNING', 'SCHEDULED', 'PENDING'];
const TAGS = ['db', 'etl', 'ml', 'nightly'];
const BASE = Date.UTC(2024, 0, 1);

export async function seedGraph(db: Db, provider: 'sqlite' | 'postgresql', size: SeedSize): Promise<{ flowIds: string[] }> {
  const rnd = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(rnd() * items.length)];
  const maybe = <T>(p: number, value: () => T) => (rnd() < p ? value() : null);
  const time = () => new Date(BASE + Math.floor(rnd() * 1000) * 60_000);
  const someTags = () => TAGS.filter(() => rnd() < 0.3);

  const flows = Array.from({ length: size.flows }, (_, i) => ({ id: randomUUID(), name: `${size.prefix}-${String(i).padStart(3, '0')}`, tags: someTags() }));
  const runs = flows.flatMap((f) =>
    Array.from({ length: size.runsPerFlow }, () => {
      const expected = maybe(0.9, time);
      const start = maybe(0.6, time);
      const type = pick(STATE_TYPES);
      return {
        id: randomUUID(),
        flow_id: f.id,
        // Duplicated names: sorts by name must fall back to id.
        name: `${f.name}-run-${String(Math.floor(rnd() * size.runsPerFlow)).padStart(3, '0')}`,
        tags: someTags(),
        state_type: type,
        state_name: type[0] + type.slice(1).toLowerCase(),
        // The current state's time (below), as the server keeps it beside state_id.
        state_timestamp: new Date(BASE + 1000),
        expected_start_time: expected,
        start_time: start,
        effective_start_time: start ?? expected,
        end_time: maybe(0.4, time),
        next_scheduled_start_time: maybe(0.5, time),
        work_queue_name: maybe(0.5, () => pick(['default', 'gpu'])),
      };
    }),
  );
  const tasks = runs.flatMap((r) =>
    Array.from({ length: size.tasksPerRun }, (_, i) => {
      const type = pick(STATE_TYPES);
      return {
        id: randomUUID(),
        flow_run_id: r.id,
        name: `task-${String(Math.floor(rnd() * size.tasksPerRun)).padStart(2, '0')}`,
        task_key: 't',
        dynamic_key: String(i),
        tags: someTags(),
        state_type: type,
        state_name: type[0] + type.slice(1).toLowerCase(),
        state_timestamp: new Date(BASE + 1000),
        expected_start_time: maybe(0.8, time),
        start_time: maybe(0.5, time),
        end_time: maybe(0.4, time),
        next_scheduled_start_time: maybe(0.5, time),
      };
    }),
  );
  await insertRows(db, 'flow', flows);
  await insertRows(
    db,
    'flow_tag',
    flows.flatMap((f) => f.tags.map((tag) => ({ flow_id: f.id, tag }))),
  );
  await insertRows(db, 'flow_run', runs);
  await insertRows(
    db,
    'flow_run_tag',
    runs.flatMap((r) => r.tags.map((tag) => ({ flow_run_id: r.id, tag }))),
  );
  await insertRows(db, 'task_run', tasks);
  await insertRows(
    db,
    'task_run_tag',
    tasks.flatMap((t) => t.tags.map((tag) => ({ task_run_id: t.id, tag }))),
  );
  // Two states per run, the later one current.
  const states = (owner: 'flow_run_id' | 'task_run_id', rows: { id: string; state_type: string; state_name: string }[]) =>
    rows.flatMap((r) => [
      { id: randomUUID(), [owner]: r.id, type: 'PENDING', name: 'Pending', timestamp: new Date(BASE) },
      { id: randomUUID(), [owner]: r.id, type: r.state_type, name: r.state_name, timestamp: new Date(BASE + 1000) },
    ]);
  await insertRows(db, 'flow_run_state', states('flow_run_id', runs));
  await insertRows(db, 'task_run_state', states('task_run_id', tasks));
  // Fresh statistics, or PostgreSQL plans the correlated updates below as nested scans.
  if (provider === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  await db.$executeRawUnsafe(
    `UPDATE flow_run SET state_id = (SELECT s.id FROM flow_run_state s WHERE s.flow_run_id = flow_run.id AND s.type = flow_run.state_type ORDER BY s.timestamp DESC LIMIT 1)`,
  );
  await db.$executeRawUnsafe(
    `UPDATE task_run SET state_id = (SELECT s.id FROM task_run_state s WHERE s.task_run_id = task_run.id AND s.type = task_run.state_type ORDER BY s.timestamp DESC LIMIT 1)`,
  );
  return { flowIds: flows.map((f) => f.id) };
}

/**
 * Bulk SQL (Prisma's createMany spends seconds per thousand rows in JavaScript):
 * multi-row INSERTs of literals, times written as Prisma writes them on SQLite
 * (`...+00:00`), which PostgreSQL also reads. Values are our own, not input.
 */
export async function insertRows(db: Db, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date();
  const withTimes = rows.map((r) => (table.endsWith('_tag') ? r : { created: now, updated: now, ...r }));
  const columns = Object.keys(withTimes[0]);
  for (let i = 0; i < withTimes.length; i += 500) {
    const values = withTimes.slice(i, i + 500).map((r) => `(${columns.map((c) => literal(r[c])).join(', ')})`);
    await db.$executeRawUnsafe(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`);
  }
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return `'${value.toISOString().replace('Z', '+00:00')}'`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}
