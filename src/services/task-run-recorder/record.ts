// Writing one flush of task-run events (events-and-automations §4.5): events
// for the same task run (by id or by (flow_run_id, task_key, dynamic_key)) are
// merged, the one that occurred last sets the task-run row when it is newer
// than the row's state, and every event adds its state row (a state id already
// stored adds nothing). All in one transaction.
//
// Race safety: PostgreSQL takes a transaction-scoped advisory lock per task-run
// key (id and natural key, in one global order, so two recorders never
// deadlock), then locks existing rows FOR UPDATE, which also serialises with
// orchestration (set_state) on the same run. SQLite has one writer: the
// transaction begins with a write and queues in-process with orchestration's
// transactions (inRunTransaction).
import type { Db } from '../../db/client.ts';
import { tagRowsOnCreate, tagRowsOnReplace } from '../../db/tags.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { dialectOf, inRunTransaction, lockRun } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { nameOrRandom } from '../../resources/runs/names.ts';
import type { TaskRunColumns, TaskRunEvent } from './event.ts';
import { placeState, type PlacedState } from './placement.ts';

const idKey = (e: TaskRunEvent) => `id:${e.taskRunId}`;
const naturalKey = (e: TaskRunEvent) => (e.flowRunId ? `nk:${JSON.stringify([e.flowRunId, e.taskKey, e.dynamicKey])}` : null);
const keysOf = (e: TaskRunEvent) => [idKey(e), naturalKey(e)].filter((k): k is string => k !== null);

interface Group {
  /** Oldest first; ties keep arrival order. */
  events: TaskRunEvent[];
  keys: string[];
}

/** Events linked by a shared id or natural key, as Prefect coalesces them (union-find). */
function groupEvents(events: TaskRunEvent[]): Group[] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    const up = parent.get(key) ?? key;
    if (up === key) return key;
    const root = find(up);
    parent.set(key, root);
    return root;
  };
  for (const event of events) {
    const [first, ...rest] = keysOf(event);
    for (const key of rest) {
      const a = find(first);
      const b = find(key);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, Group>();
  for (const event of events) {
    const root = find(idKey(event));
    const group = groups.get(root) ?? { events: [], keys: [] };
    group.events.push(event);
    for (const key of keysOf(event)) if (!group.keys.includes(key)) group.keys.push(key);
    groups.set(root, group);
  }
  for (const group of groups.values()) {
    group.events.sort((a, b) => a.micros - b.micros);
    group.keys.sort();
  }
  // A fixed order of work, the same in every recorder.
  return [...groups.values()].sort((a, b) => (a.keys[0] < b.keys[0] ? -1 : a.keys[0] > b.keys[0] ? 1 : 0));
}

const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** The task-run columns an event writes, besides the ids and the state columns. */
function columnData(columns: TaskRunColumns) {
  const { empirical_policy, task_inputs, labels, tags, ...plain } = columns;
  return {
    ...plain,
    ...(empirical_policy !== undefined ? { empirical_policy: empirical_policy as Prisma.InputJsonObject } : {}),
    ...(task_inputs !== undefined ? { task_inputs: task_inputs as Prisma.InputJsonObject } : {}),
    ...(labels !== undefined ? { labels: json(labels) } : {}),
    ...(tags !== undefined ? { tags } : {}),
  };
}

async function lockKeys(tx: Tx, groups: Group[]): Promise<void> {
  if (dialectOf(tx) === 'sqlite') {
    // Take the write lock at once (see orchestration/transaction.ts).
    await lockRun(tx, 'task_run', groups[0].events[0].taskRunId);
    return;
  }
  const keys = [...new Set(groups.flatMap((g) => g.keys))].sort();
  for (const key of keys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`task-run-recorder:${key}`}, 0))`;
}

const rowSelect = { id: true, flow_run_id: true, task_key: true, dynamic_key: true, state_id: true, state_timestamp: true } as const;

async function matchingRows(tx: Tx, group: Group) {
  const ids = [...new Set(group.events.map((e) => e.taskRunId))];
  const natural = group.events.filter((e) => e.flowRunId).map((e) => ({ flow_run_id: e.flowRunId, task_key: e.taskKey, dynamic_key: e.dynamicKey }));
  const where = { OR: [{ id: { in: ids } }, ...natural] };
  const rows = await tx.taskRun.findMany({ where, select: rowSelect });
  if (rows.length === 0 || dialectOf(tx) === 'sqlite') return rows;
  for (const id of rows.map((r) => r.id).sort()) await lockRun(tx, 'task_run', id);
  // Read again under the locks: orchestration may have moved the state meanwhile.
  return tx.taskRun.findMany({ where, select: rowSelect });
}

type Row = Awaited<ReturnType<typeof matchingRows>>[number];

/** The row an event group writes to, as Prefect picks its conflict target. */
function targetRow(rows: Row[], group: Group, latest: TaskRunEvent): Row | undefined {
  const byNaturalKey = latest.flowRunId ? rows.find((r) => r.flow_run_id === latest.flowRunId && r.task_key === latest.taskKey && r.dynamic_key === latest.dynamicKey) : undefined;
  if (byNaturalKey) return byNaturalKey;
  const byId = rows.find((r) => r.id === latest.taskRunId);
  if (byId) return byId;
  for (const key of group.keys) {
    const row = rows.find((r) => key === `id:${r.id}` || (r.flow_run_id !== null && key === `nk:${JSON.stringify([r.flow_run_id, r.task_key, r.dynamic_key])}`));
    if (row) return row;
  }
  return undefined;
}

async function recordGroup(tx: Tx, group: Group): Promise<void> {
  // A state id already stored is a repeated event: it changes nothing (ON CONFLICT (id) DO NOTHING).
  const stored = new Set((await tx.taskRunState.findMany({ where: { id: { in: group.events.map((e) => e.state.id) } }, select: { id: true } })).map((s) => s.id));
  const seen = new Set<string>();
  const fresh = group.events.filter((e) => !stored.has(e.state.id) && !seen.has(e.state.id) && seen.add(e.state.id));
  if (fresh.length === 0) return;
  const latest = fresh[fresh.length - 1];

  const target = targetRow(await matchingRows(tx, group), group, latest);
  // Found by natural key under another id: the stored id stays, and the states go to it.
  const taskRunId = target?.id ?? latest.taskRunId;
  const keys = { flow_run_id: latest.flowRunId, task_key: latest.taskKey, dynamic_key: latest.dynamicKey };
  if (!target) {
    const { tags, ...rest } = columnData(latest.columns);
    await tx.taskRun.create({
      data: {
        ...rest,
        id: taskRunId,
        ...keys,
        name: nameOrRandom(latest.columns.name),
        ...(tags !== undefined ? { tags, tag_rows: tagRowsOnCreate(tags) } : {}),
      },
    });
  }

  const states = new Map<number, PlacedState>();
  if (target) {
    // A repeated event brings back the full-precision time of the state it stored.
    const micros = new Map(group.events.map((e) => [e.state.id, e.micros]));
    for (const s of await tx.taskRunState.findMany({ where: { task_run_id: taskRunId }, select: { id: true, timestamp: true } })) {
      const known = micros.get(s.id);
      states.set(s.timestamp.getTime(), { id: s.id, slot: s.timestamp.getTime(), ...(known !== undefined ? { micros: known } : {}) });
    }
  }
  let rowStamp = target?.state_timestamp?.getTime() ?? null;
  let rowStampMoved = false;
  let latestSlot = 0;
  const now = new Date();
  for (const event of fresh) {
    const { slot, shifts } = placeState(states, { id: event.state.id, micros: event.micros, follows: event.follows });
    for (const shift of shifts) {
      await tx.taskRunState.update({ where: { id: shift.id }, data: { timestamp: new Date(shift.slot) } });
      if (target && shift.id === target.state_id) {
        rowStamp = shift.slot;
        rowStampMoved = true;
      }
    }
    const { state } = event;
    await tx.taskRunState.create({
      data: {
        id: state.id,
        created: now,
        task_run_id: taskRunId,
        type: state.type,
        name: state.name,
        timestamp: new Date(slot),
        message: state.message,
        state_details: { ...state.state_details, task_run_id: taskRunId } as Prisma.InputJsonObject,
        data: json(state.data),
      },
    });
    if (event === latest) latestSlot = slot;
  }

  const stateColumns = {
    state_id: latest.state.id,
    state_type: latest.state.type,
    state_name: latest.state.name,
    state_timestamp: new Date(latestSlot),
  };
  if (!target) {
    await tx.taskRun.update({ where: { id: taskRunId }, data: stateColumns });
  } else if (rowStamp !== null && rowStamp < latestSlot) {
    // Only a row whose state is strictly older; exactly the columns this event sets.
    const { tags, ...rest } = columnData(latest.columns);
    await tx.taskRun.update({
      where: { id: taskRunId },
      data: { ...rest, ...keys, ...stateColumns, updated: now, ...(tags !== undefined ? { tags, tag_rows: tagRowsOnReplace(tags) } : {}) },
    });
  } else if (rowStampMoved) {
    await tx.taskRun.update({ where: { id: taskRunId }, data: { state_timestamp: new Date(rowStamp!) } });
  }
}

/** Records one flush of events in one transaction; throws (nothing written) when any of it fails. */
export async function recordTaskRunEvents(db: Db, events: TaskRunEvent[]): Promise<void> {
  if (events.length === 0) return;
  const groups = groupEvents(events);
  await inRunTransaction(db, async (tx) => {
    await lockKeys(tx, groups);
    for (const group of groups) await recordGroup(tx, group);
  });
}
