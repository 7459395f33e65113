// Who holds the slots of a pool or queue (§4.2 concurrency_status, §5.1
// /work_queues/{id}/concurrency_status): runs in slot-holding states, counted
// and listed by id, with how long they have been in their current state.
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { ValidationError, httpError } from '../../errors.ts';
import { resolveLimit } from '../../pagination.ts';
import { LEGACY_SLOT_STATES, POOL_SLOT_STATES } from './types.ts';

export interface SlotSummary {
  id: string;
  name: string;
  state_type: string | null;
  state_name: string | null;
  start_time: Date | null;
  state_timestamp: Date | null;
  time_in_current_state: number | null;
}

interface QueueSlots {
  queue_id: string;
  queue_name: string;
  active_slots: number;
  concurrency_limit: number | null;
  flow_runs: SlotSummary[];
  flow_run_count: number;
}

interface Paged {
  active_slots: number;
  concurrency_limit: number | null;
  count: number;
  limit: number;
  pages: number;
  page: number;
}

export const FlowRunSlotSummary = builder.objectRef<SlotSummary>('FlowRunSlotSummary').implement({
  description: 'A flow run holding a concurrency slot.',
  fields: (t) => ({
    id: t.field({ description: 'The id of the flow run.', type: 'UUID', resolve: (r) => r.id }),
    name: t.exposeString('name', { description: 'The name of the flow run.' }),
    state_type: t.exposeString('state_type', { description: 'The type of the current flow run state.', nullable: true }),
    state_name: t.exposeString('state_name', { description: 'The name of the current flow run state.', nullable: true }),
    start_time: t.field({ description: 'The actual start time.', type: 'DateTime', nullable: true, resolve: (r) => r.start_time }),
    state_timestamp: t.field({ description: 'When the flow run entered its current state.', type: 'DateTime', nullable: true, resolve: (r) => r.state_timestamp }),
    time_in_current_state: t.field({ type: 'Seconds', nullable: true, description: 'Seconds since state_timestamp.', resolve: (r) => r.time_in_current_state }),
  }),
});

const WorkQueueConcurrencyStatusDetail = builder.objectRef<QueueSlots>('WorkQueueConcurrencyStatusDetail').implement({
  description: "A pool queue's slot holders.",
  fields: (t) => ({
    queue_id: t.field({ description: 'The id of the work queue.', type: 'UUID', resolve: (r) => r.queue_id }),
    queue_name: t.exposeString('queue_name', { description: 'The name of the work queue.' }),
    active_slots: t.exposeInt('active_slots', { description: "How many of the queue's flow runs hold a slot (PENDING or RUNNING)." }),
    concurrency_limit: t.exposeInt('concurrency_limit', { description: "The queue's concurrency limit; null means no limit.", nullable: true }),
    flow_runs: t.field({ description: "The flow runs holding the queue's slots.", type: [FlowRunSlotSummary], resolve: (r) => r.flow_runs }),
    flow_run_count: t.exposeInt('flow_run_count', {
      description: 'Total flow run count for this queue (may differ from len(flow_runs) when flow_run_limit is applied).',
      nullable: true,
    }),
  }),
});

export const WorkPoolConcurrencyStatus = builder.objectRef<Paged & { queues: QueueSlots[] }>('WorkPoolConcurrencyStatus').implement({
  description: 'Slot holders of a work pool, per queue (queues by priority, paged).',
  fields: (t) => ({
    active_slots: t.exposeInt('active_slots', { description: 'How many of the pool’s flow runs hold a slot (PENDING or RUNNING).' }),
    concurrency_limit: t.exposeInt('concurrency_limit', { nullable: true, description: 'The pool’s concurrency limit; null means no limit.' }),
    queues: t.field({ type: [WorkQueueConcurrencyStatusDetail], description: 'One page of the pool’s queues, each with its slot-holding flow runs.', resolve: (r) => r.queues }),
    count: t.exposeInt('count', { description: 'Total number of queues.' }),
    limit: t.exposeInt('limit', { description: 'Page size.' }),
    pages: t.exposeInt('pages', { description: 'Total number of pages.' }),
    page: t.exposeInt('page', { description: 'Current page number (1-indexed).' }),
  }),
});

export const WorkQueueConcurrencyStatus = builder.objectRef<Paged & { flow_runs: SlotSummary[] }>('WorkQueueConcurrencyStatus').implement({
  description: 'Slot holders of a work queue (runs by id, paged).',
  fields: (t) => ({
    active_slots: t.exposeInt('active_slots', {
      description: 'How many of the queue’s flow runs hold a slot (PENDING or RUNNING; CANCELLING too for a queue outside a work pool).',
    }),
    concurrency_limit: t.exposeInt('concurrency_limit', { nullable: true, description: 'The queue’s concurrency limit; null means no limit.' }),
    flow_runs: t.field({ type: [FlowRunSlotSummary], description: 'One page of the flow runs holding the queue’s slots.', resolve: (r) => r.flow_runs }),
    count: t.exposeInt('count', { description: 'Total number of slot-holding flow runs.' }),
    limit: t.exposeInt('limit', { description: 'Page size.' }),
    pages: t.exposeInt('pages', { description: 'Total number of pages.' }),
    page: t.exposeInt('page', { description: 'Current page number (1-indexed).' }),
  }),
});

const SUMMARY_SELECT = { id: true, name: true, state_type: true, state_name: true, start_time: true, state_timestamp: true, work_queue_id: true } as const;

function summary(
  run: { id: string; name: string; state_type: string | null; state_name: string | null; start_time: Date | null; state_timestamp: Date | null },
  now: Date,
): SlotSummary {
  return {
    id: run.id,
    name: run.name,
    state_type: run.state_type || null,
    state_name: run.state_name || null,
    start_time: run.start_time,
    state_timestamp: run.state_timestamp,
    time_in_current_state: run.state_timestamp ? (now.getTime() - run.state_timestamp.getTime()) / 1000 : null,
  };
}

const pagesOf = (count: number, limit: number) => (limit > 0 ? Math.ceil(count / limit) : 0);

/** Python's repr of a str (what Prefect's `{name!r}` prints). */
export function pyStr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
  return `${quote}${quote === "'" ? escaped.replaceAll("'", "\\'") : escaped}${quote}`;
}

export async function poolConcurrencyStatus(ctx: Context, name: string, args: { page?: number | null; limit?: number | null; flow_run_limit?: number | null }, now = new Date()) {
  const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const page = args.page ?? 1;
  const flowRunLimit = args.flow_run_limit ?? 10;
  if (flowRunLimit < 0 || flowRunLimit > 200) {
    const [type, msg, bound] =
      flowRunLimit < 0
        ? ['greater_than_equal', 'Input should be greater than or equal to 0', { ge: 0 }]
        : ['less_than_equal', 'Input should be less than or equal to 200', { le: 200 }];
    throw new ValidationError([
      { type: type as string, loc: ['body', 'flow_run_limit'], msg: msg as string, input: flowRunLimit, ctx: bound as object as Record<string, unknown> },
    ]);
  }
  const pool = await ctx.db.workPool.findUnique({ where: { name } });
  if (!pool) throw httpError(404, `Work pool ${pyStr(name)} not found.`);
  const holders = { work_queue: { work_pool_id: pool.id }, state_type: { in: POOL_SLOT_STATES } };
  const [queues, count, byQueue] = await Promise.all([
    ctx.db.workQueue.findMany({ where: { work_pool_id: pool.id }, orderBy: [{ priority: 'asc' }, { id: 'asc' }], skip: (page - 1) * limit, take: limit }),
    ctx.db.workQueue.count({ where: { work_pool_id: pool.id } }),
    ctx.db.flowRun.groupBy({ by: ['work_queue_id'], where: holders, _count: { _all: true } }),
  ]);
  const counts = new Map(byQueue.map((g) => [g.work_queue_id!, g._count._all]));
  // The page's runs, per queue at most flow_run_limit, by id (one statement).
  const runs =
    queues.length === 0 || flowRunLimit === 0
      ? []
      : await ctx.db.flowRun.findMany({ where: { ...holders, work_queue_id: { in: queues.map((q) => q.id) } }, orderBy: { id: 'asc' }, select: SUMMARY_SELECT });
  const perQueue = new Map<string, SlotSummary[]>();
  for (const run of runs) {
    const list = perQueue.get(run.work_queue_id!) ?? [];
    if (list.length < flowRunLimit) list.push(summary(run, now));
    perQueue.set(run.work_queue_id!, list);
  }
  return {
    active_slots: [...counts.values()].reduce((a, b) => a + b, 0),
    concurrency_limit: pool.concurrency_limit,
    queues: queues.map((q) => ({
      queue_id: q.id,
      queue_name: q.name,
      active_slots: counts.get(q.id) ?? 0,
      concurrency_limit: q.concurrency_limit,
      flow_runs: perQueue.get(q.id) ?? [],
      flow_run_count: counts.get(q.id) ?? 0,
    })),
    count,
    limit,
    pages: pagesOf(count, limit),
    page,
  };
}

/** Legacy queues: PENDING/RUNNING/CANCELLING runs with this work_queue_id, or without one and this queue's name. */
export async function queueConcurrencyStatus(ctx: Context, id: string, args: { page?: number | null; limit?: number | null }, now = new Date()) {
  const limit = resolveLimit(args.limit, ctx.settings.api.defaultLimit);
  const page = args.page ?? 1;
  const queue = await ctx.db.workQueue.findUnique({ where: { id } });
  if (!queue) throw httpError(404, 'Work queue not found.');
  const where = { state_type: { in: LEGACY_SLOT_STATES }, OR: [{ work_queue_id: queue.id }, { work_queue_id: null, work_queue_name: queue.name }] };
  const [count, runs] = await Promise.all([
    ctx.db.flowRun.count({ where }),
    ctx.db.flowRun.findMany({ where, orderBy: { id: 'asc' }, skip: (page - 1) * limit, take: limit, select: SUMMARY_SELECT }),
  ]);
  return { active_slots: count, concurrency_limit: queue.concurrency_limit, flow_runs: runs.map((r) => summary(r, now)), count, limit, pages: pagesOf(count, limit), page };
}
