// Logs (logs §1): ingest in batches, filtered reads, the CSV download of a
// flow run's logs, and the deletion that follows a run's.
import { toWhere } from '../../filters/condition.ts';
import { own } from '../../filters/related.ts';
import type { Context } from '../../graphql/context.ts';
import { ValidationError, notFound, type ValidationItem } from '../../errors.ts';
import { LONE_SURROGATE_MESSAGE } from '../../db/unstorable-text.ts';
import { resolveLimit } from '../../pagination.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import { setResponseHeaders } from '../../rest/response-headers.ts';
import { LogFilter } from './filters.ts';
import { DEFAULT_LOG_SORT, LogSort } from './sort.ts';
import type { LogCreateInput } from './types.ts';

/**
 * Rows per INSERT, Prefect's: 32,767 bound parameters ÷ 9 fields. Each batch
 * is its own statement and transaction; a later batch's failure leaves the
 * earlier ones stored (logs §1.3).
 */
export const LOG_BATCH_SIZE = Math.floor(32_767 / 9);

/** Rows per page of the CSV download (Prefect's FLOW_RUN_LOGS_DOWNLOAD_PAGE_LIMIT). */
export const DOWNLOAD_PAGE_SIZE = 1000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this finds
const NUL = /\u0000/g;

let lastMs = 0;

/**
 * Ids in arrival order (within this process): UUID v7s of one millisecond,
 * sorted and handed out in order; a later request gets a later millisecond
 * (the clock's, or one past the previous request's when they share one).
 */
function newIds(n: number): string[] {
  const ms = Math.max(Date.now(), lastMs + 1);
  lastMs = ms;
  return Array.from({ length: n }, () => uuid7(ms)).sort();
}

/**
 * Text no database stores (an unpaired UTF-16 surrogate) is refused for the
 * whole request before the first batch, so a bad log in a later batch cannot
 * leave earlier batches written (the statement guard would refuse only its batch).
 */
function checkStorable(logs: readonly LogCreateInput[]): void {
  const items: ValidationItem[] = [];
  logs.forEach((log, i) => {
    for (const field of ['name', 'message'] as const) {
      if (!(log[field] as string & { isWellFormed(): boolean }).isWellFormed()) {
        items.push({ type: 'value_error', loc: ['body', i, field], msg: LONE_SURROGATE_MESSAGE, input: log[field], ctx: { error: {} } });
      }
    }
  });
  if (items.length > 0) throw new ValidationError(items);
}

export async function createLogs(ctx: Context, logs: readonly LogCreateInput[]): Promise<null> {
  checkStorable(logs);
  const ids = newIds(logs.length);
  const rows = logs.map((log, i) => ({
    id: ids[i],
    // PostgreSQL cannot store NUL; Prefect removes it from the two texts and keeps the log.
    name: log.name.replace(NUL, ''),
    level: log.level,
    message: log.message.replace(NUL, ''),
    timestamp: log.timestamp,
    flow_run_id: log.flow_run_id ?? null,
    task_run_id: log.task_run_id ?? null,
  }));
  for (let i = 0; i < rows.length; i += LOG_BATCH_SIZE) {
    await ctx.db.log.createMany({ data: rows.slice(i, i + LOG_BATCH_SIZE) });
  }
  return null;
}

export interface ReadLogsArgs {
  logs?: Record<string, unknown> | null;
  sort?: string | null;
  limit?: number | null;
  offset?: number | null;
}

export function readLogs(ctx: Context, args: ReadLogsArgs, query: object = {}) {
  return ctx.db.log.findMany({
    ...query,
    where: toWhere(own(LogFilter, args.logs, ctx)),
    orderBy: LogSort.orderBy((args.sort ?? DEFAULT_LOG_SORT) as never) as never,
    take: resolveLimit(args.limit, ctx.settings.api.defaultLimit),
    skip: args.offset ?? 0,
  });
}

// --- the CSV download (logs §1.6) ---

/** Python's csv "excel" dialect: quoted only when needed, inner quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const csvLine = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;

/** Python's str() of a UTC datetime: `2024-01-02 03:04:05.120000+00:00`, no fraction when zero. */
export function pythonUtc(date: Date): string {
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

/** RFC 5987 value: every byte percent-encoded except ASCII letters, digits and `_ . - ~` (Python's quote(safe='')). */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Every log of a flow run as CSV, oldest first. Read in pages of 1,000 (by
 * (timestamp, id) after the last row, which is Prefect's LIMIT/OFFSET order
 * without re-reading skipped rows), so the event loop is free between pages.
 */
export async function downloadFlowRunLogs(ctx: Context, flowRunId: string): Promise<string> {
  const run = await ctx.db.flowRun.findUnique({ where: { id: flowRunId }, select: { name: true } });
  if (!run) throw notFound('Flow run not found');
  const chunks = [csvLine(['timestamp', 'level', 'flow_run_id', 'task_run_id', 'message'])];
  let last: { timestamp: Date; id: string } | null = null;
  for (;;) {
    const after: object = last ? { OR: [{ timestamp: { gt: last.timestamp } }, { timestamp: last.timestamp, id: { gt: last.id } }] } : {};
    const page = await ctx.db.log.findMany({
      where: { flow_run_id: flowRunId, ...after },
      orderBy: [{ timestamp: 'asc' }, { id: 'asc' }],
      take: DOWNLOAD_PAGE_SIZE,
      select: { id: true, timestamp: true, level: true, flow_run_id: true, task_run_id: true, message: true },
    });
    if (page.length === 0) break;
    chunks.push(page.map((log) => csvLine([pythonUtc(log.timestamp), String(log.level), log.flow_run_id ?? '', log.task_run_id ?? '', log.message])).join(''));
    const end = page[page.length - 1];
    last = { timestamp: end.timestamp, id: end.id };
    if (page.length < DOWNLOAD_PAGE_SIZE) break;
  }
  setResponseHeaders(ctx, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="flow-run-logs.csv"; filename*=UTF-8''${percentEncode(`${run.name}-logs.csv`)}`,
  });
  return chunks.join('');
}

// --- deletion with a run (logs §1.7) ---

/**
 * Deletes the logs of deleted flow runs and task runs. Prefect schedules this
 * after answering (a background job, 5 attempts); here the run's delete
 * awaits it right after its own statement, outside that transaction, so the
 * logs are gone when the 204 arrives. The run is deleted either way: a
 * failure here is reported on the console, not to the client (as in Prefect,
 * the route does not depend on it); such logs are orphans, like Prefect's
 * after its attempts run out.
 */
export async function deleteRunLogs(ctx: Pick<Context, 'db'>, runs: { flowRunIds?: readonly string[]; taskRunIds?: readonly string[] }): Promise<void> {
  const OR: object[] = [];
  if (runs.flowRunIds?.length) OR.push({ flow_run_id: { in: [...runs.flowRunIds] } });
  if (runs.taskRunIds?.length) OR.push({ task_run_id: { in: [...runs.taskRunIds] } });
  if (OR.length === 0) return;
  try {
    await ctx.db.log.deleteMany({ where: { OR } });
  } catch (error) {
    console.error('Deleting the logs of deleted runs failed:', error);
  }
}
