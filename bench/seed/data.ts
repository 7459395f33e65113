// The bench data set as a pure function of (size, seed): 100 flows and `size`
// flow runs with their states, tags and task runs. Both databases get exactly
// the same rows, so their numbers are comparable.
//
// Times are spread around a fixed instant (BASE), not "now", so a seed gives
// the same rows every day; scenarios that need a time window use BASE too.

export const BASE = new Date('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;
/** Runs are expected over the 90 days before BASE and the 7 days after it. */
export const SPREAD = { from: new Date(BASE.getTime() - 90 * DAY), to: new Date(BASE.getTime() + 7 * DAY) };

export const FLOW_COUNT = 100;
const FLOW_VERBS = ['etl', 'ingest', 'report', 'sync', 'train', 'backup', 'score', 'export', 'clean', 'notify'];
const FLOW_NOUNS = ['orders', 'users', 'events', 'metrics', 'invoices', 'logs', 'models', 'payments', 'inventory', 'emails'];
const FLOW_TAGS = ['team-data', 'team-ml', 'critical'];
/** A run's tags: "prod" on about 40 % of runs, the rest from a small pool. */
const RUN_TAGS = ['staging', 'dev', 'nightly', 'hourly', 'backfill', 'eu', 'us', 'critical', 'team-data', 'team-ml'];
const ADJECTIVES =
  'amber brave calm daring eager fancy gentle happy icy jolly keen lively merry nimble odd proud quick rapid shy tidy upbeat vivid witty young zany bold crimson dusty fuzzy golden'.split(
    ' ',
  );
const ANIMALS =
  'otter badger falcon lynx heron panda koala moose raven tiger walrus zebra bison camel dingo eagle ferret gecko hyena ibis jackal lemur mole newt owl puffin quail rhino seal toad'.split(
    ' ',
  );
const TASKS = ['extract', 'transform', 'load', 'validate', 'publish', 'notify', 'aggregate'];

/** sfc32: small, fast, good enough for test data, and the same in every Node. */
export function random(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed | 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function hex(rand: () => number, digits: number): string {
  return Math.floor(rand() * 16 ** digits)
    .toString(16)
    .padStart(digits, '0');
}

// No closures per row here: tsx (esbuild keepNames) wraps each one created, which doubled the seeding time.
function uuid(rand: () => number): string {
  return `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${(8 + Math.floor(rand() * 4)).toString(16)}${hex(rand, 3)}-${hex(rand, 6)}${hex(rand, 6)}`;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Column values in table order; Dates and booleans are converted per database by the writer. */
export type Value = string | number | boolean | Date | null;
export type Row = Value[];

/** Columns written per table (the rest keep their defaults). JSON columns get JSON text. */
export const COLUMNS = {
  flow: ['id', 'created', 'updated', 'name', 'tags', 'labels'],
  flow_tag: ['flow_id', 'tag'],
  flow_run: [
    'id',
    'created',
    'updated',
    'name',
    'flow_id',
    'state_id',
    'state_type',
    'state_name',
    'state_timestamp',
    'run_count',
    'expected_start_time',
    'next_scheduled_start_time',
    'start_time',
    'end_time',
    'total_run_time',
    'effective_start_time',
    'work_queue_name',
    'flow_version',
    'parameters',
    'context',
    'empirical_policy',
    'tags',
    'labels',
    'job_variables',
    'auto_scheduled',
  ],
  flow_run_tag: ['flow_run_id', 'tag'],
  flow_run_state: ['id', 'created', 'updated', 'flow_run_id', 'type', 'timestamp', 'name', 'message', 'state_details'],
  task_run: [
    'id',
    'created',
    'updated',
    'name',
    'flow_run_id',
    'task_key',
    'dynamic_key',
    'flow_run_run_count',
    'tags',
    'labels',
    'state_id',
    'state_type',
    'state_name',
    'state_timestamp',
    'run_count',
    'expected_start_time',
    'start_time',
    'end_time',
    'total_run_time',
  ],
  task_run_state: ['id', 'created', 'updated', 'task_run_id', 'type', 'timestamp', 'name', 'message', 'state_details'],
} as const;

export type Table = keyof typeof COLUMNS;
export const TABLES = Object.keys(COLUMNS) as Table[];
export type Batch = Record<Table, Row[]>;

export const emptyBatch = (): Batch => Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Batch;

export interface Flow {
  id: string;
  name: string;
}

export function flows(seed: number): { flows: Flow[]; batch: Batch } {
  const rand = random(seed * 7919 + 1);
  const batch = emptyBatch();
  const list: Flow[] = [];
  for (let i = 0; i < FLOW_COUNT; i++) {
    const id = uuid(rand);
    const name = `${FLOW_VERBS[Math.floor(i / FLOW_NOUNS.length)]}-${FLOW_NOUNS[i % FLOW_NOUNS.length]}`;
    const created = new Date(SPREAD.from.getTime() - (FLOW_COUNT - i) * 3_600_000);
    const tags = FLOW_TAGS.filter(() => rand() < 0.3);
    batch.flow.push([id, created, created, name, JSON.stringify(tags), '{}']);
    for (const tag of tags) batch.flow_tag.push([id, tag]);
    list.push({ id, name });
  }
  return { flows: list, batch };
}

/** Final state type of a past run, with Prefect's state names. */
const OUTCOMES: [number, string, string][] = [
  [0.7, 'COMPLETED', 'Completed'],
  [0.82, 'FAILED', 'Failed'],
  [0.85, 'CRASHED', 'Crashed'],
  [0.89, 'CANCELLED', 'Cancelled'],
  [0.92, 'RUNNING', 'Running'],
  [0.94, 'PENDING', 'Pending'],
  [0.97, 'SCHEDULED', 'Late'],
  [0.98, 'PAUSED', 'Paused'],
  [1, 'COMPLETED', 'Completed'],
];

const OUTCOMES_FUTURE: [number, string, string] = [1, 'SCHEDULED', 'Scheduled'];
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED']);

/**
 * Rows of `count` flow runs starting at index `from`, one stream per seed:
 * call with consecutive ranges of one generator to get the whole set of
 * `total` runs. Expected start times rise with the index (each run at a random
 * point of its own slot of the spread), so the table is written in time order
 * as a server that schedules and runs flows day after day writes it: with the
 * runs in random order, every time-ordered read at 1M fetched one heap page
 * per row it skipped (the flat filter read 52k pages, 1.5 s).
 */
export function runGenerator(seed: number, flowList: Flow[], total: number) {
  const rand = random(seed * 104_729 + 2);
  const spread = SPREAD.to.getTime() - SPREAD.from.getTime();
  let index = 0;

  function addState(batch: Batch, runId: string, type: string, name: string, at: Date, details: Record<string, unknown>): string {
    const id = uuid(rand);
    batch.flow_run_state.push([id, at, at, runId, type, at, name, null, JSON.stringify({ flow_run_id: runId, ...details })]);
    return id;
  }

  return function next(count: number, batch: Batch): void {
    for (let n = 0; n < count; n++, index++) {
      const id = uuid(rand);
      const flow = flowList[Math.floor(rand() * flowList.length)];
      const name = `${pick(rand, ADJECTIVES)}-${pick(rand, ANIMALS)}`;
      const expected = new Date(SPREAD.from.getTime() + Math.floor(((index + rand()) * spread) / total));
      const scheduledAt = new Date(expected.getTime() - 3_600_000);
      const outcome = rand();
      const [, type, stateName] = expected > BASE ? OUTCOMES_FUTURE : OUTCOMES.find(([p]) => outcome < p)!;
      const lateness = Math.floor(rand() * 120_000);
      const runtime = 5_000 + Math.floor(rand() * rand() * 3_600_000);
      const started = type !== 'SCHEDULED' && type !== 'PENDING';
      const start = started ? new Date(expected.getTime() + lateness) : null;
      const end = started && TERMINAL.has(type) ? new Date(start!.getTime() + runtime) : null;

      let stateId = addState(batch, id, 'SCHEDULED', 'Scheduled', scheduledAt, { scheduled_time: expected.toISOString() });
      let stateAt = scheduledAt;
      const history: [string, string, Date][] = [];
      if (stateName === 'Late') history.push(['SCHEDULED', 'Late', new Date(expected.getTime() + 30_000)]);
      if (type !== 'SCHEDULED') history.push(['PENDING', 'Pending', new Date(expected.getTime() + lateness - 2_000)]);
      if (started) history.push(['RUNNING', 'Running', start!]);
      if (type === 'PAUSED') history.push(['PAUSED', 'Paused', new Date(start!.getTime() + runtime / 2)]);
      if (end) history.push([type, stateName, end]);
      for (const [t, nm, at] of history) {
        stateId = addState(batch, id, t, nm, at, {});
        stateAt = at;
      }

      const tags: string[] = rand() < 0.4 ? ['prod'] : [];
      for (const tag of RUN_TAGS) if (rand() < 0.15 && !tags.includes(tag)) tags.push(tag);
      if (tags.length === 0) tags.push(pick(rand, RUN_TAGS));
      for (const tag of tags) batch.flow_run_tag.push([id, tag]);
      const totalRunTime = end ? runtime / 1000 : 0;
      batch.flow_run.push([
        id,
        scheduledAt,
        stateAt,
        name,
        flow.id,
        stateId,
        type,
        stateName,
        stateAt,
        started ? 1 : 0,
        expected,
        type === 'SCHEDULED' ? expected : null,
        start,
        end,
        totalRunTime,
        start ?? expected,
        index % 3 === 0 ? 'default' : 'gpu',
        `v${1 + (index % 4)}`,
        JSON.stringify({ batch: index % 50, region: index % 2 ? 'eu' : 'us' }),
        '{}',
        '{}',
        JSON.stringify(tags),
        JSON.stringify({ 'prefect.flow.id': flow.id }),
        '{}',
        type === 'SCHEDULED',
      ]);

      const tasks = started ? Math.floor(rand() * 7) : 0;
      for (let k = 0; k < tasks; k++) {
        const taskId = uuid(rand);
        const taskStateId = uuid(rand);
        const task = TASKS[k % TASKS.length];
        const last = k === tasks - 1;
        const [tType, tName] = last && !end ? ['RUNNING', 'Running'] : last && type !== 'COMPLETED' ? ['FAILED', 'Failed'] : ['COMPLETED', 'Completed'];
        const tStart = new Date(start!.getTime() + k * 1_000);
        const tEnd = tType === 'RUNNING' ? null : new Date(tStart.getTime() + 500 + Math.floor(rand() * 5_000));
        const tAt = tEnd ?? tStart;
        batch.task_run.push([
          taskId,
          tStart,
          tAt,
          `${task}-${taskId.slice(0, 3)}`,
          id,
          `${task}-${flow.name}`,
          String(k),
          1,
          '[]',
          JSON.stringify({ 'prefect.flow.id': flow.id, 'prefect.flow-run.id': id }),
          taskStateId,
          tType,
          tName,
          tAt,
          1,
          tStart,
          tStart,
          tEnd,
          tEnd ? (tEnd.getTime() - tStart.getTime()) / 1000 : 0,
        ]);
        batch.task_run_state.push([taskStateId, tAt, tAt, taskId, tType, tAt, tName, null, JSON.stringify({ flow_run_id: id, task_run_id: taskId })]);
      }
    }
  };
}
