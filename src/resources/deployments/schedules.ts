// Deployment schedules: writing them as part of a deployment (create: replace
// wholesale; PATCH: replace or targeted by slug, §1.5) and the sub-routes (§1.14).
import { ValidationError, httpError, isUniqueViolation, notFound, type ValidationItem } from '../../errors.ts';
import type { Context } from '../../graphql/context.ts';
import { inRunTransaction } from '../../orchestration/transaction.ts';
import type { Tx } from '../../orchestration/types.ts';
import { scheduleToStore } from './schedule-input.ts';
import { deleteScheduledRuns } from './scheduled-runs.ts';
import { SCHEDULE_ORDER } from './types.ts';

type Json = Record<string, unknown>;

export interface ScheduleInput {
  active?: boolean | null;
  schedule?: unknown;
  max_scheduled_runs?: number | null;
  parameters?: Json | null;
  slug?: string | null;
  replaces?: string | null;
  /** Where the item sits in the body, for 422 items. */
  loc?: (string | number)[];
}

interface StoredSchedule {
  id: string;
  slug: string | null;
}

const DEPLOYMENT_NOT_FOUND = 'Deployment not found.';
const SCHEDULE_NOT_FOUND = 'Schedule not found.';
/** PREFECT_SERVER_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS */
export const maxScheduledRuns = (ctx?: Context) => (ctx?.settings as unknown as { deployments?: { maxScheduledRuns?: number } })?.deployments?.maxScheduledRuns ?? 50;

export function checkMaxRuns(items: ScheduleInput[], max: number) {
  const errors: ValidationItem[] = [];
  for (const item of items) {
    const value = item.max_scheduled_runs;
    if (value == null) continue;
    const loc = [...(item.loc ?? ['body']), 'max_scheduled_runs'];
    if (value <= 0) errors.push({ type: 'greater_than', loc, msg: 'Input should be greater than 0', input: value, ctx: { gt: 0 } });
    else if (value > max)
      errors.push({ type: 'value_error', loc, msg: `Value error, \`max_scheduled_runs\` must be less than or equal to ${max}.`, input: value, ctx: { error: {} } });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

/** The schedule objects of items, validated before anything is written. */
function storedSchedules(items: ScheduleInput[]) {
  return items.map((item) => (item.schedule == null ? null : scheduleToStore(item.schedule, [...(item.loc ?? ['body']), 'schedule'])));
}

/**
 * Inserts schedules in request order; each gets an `updated` a millisecond
 * after the previous, so the deployment's schedules (newest-updated first)
 * list them in reverse request order, as Prefect's do.
 */
export async function insertSchedules(tx: Tx, deploymentId: string, items: ScheduleInput[], opts: { keepMaxRuns: boolean; now: Date }) {
  const schedules = storedSchedules(items);
  const ids: string[] = [];
  for (const [i, item] of items.entries()) {
    if (!schedules[i]) continue;
    const at = new Date(opts.now.getTime() + i);
    const row = await tx.deploymentSchedule.create({
      select: { id: true },
      data: {
        deployment_id: deploymentId,
        schedule: schedules[i] as never,
        active: item.active ?? true,
        max_scheduled_runs: opts.keepMaxRuns ? (item.max_scheduled_runs ?? null) : null,
        parameters: (item.parameters ?? {}) as never,
        slug: item.slug ?? null,
        created: at,
        updated: at,
      },
    });
    ids.push(row.id);
  }
  return ids;
}

export type SchedulePlan = { mode: 'replace'; items: ScheduleInput[] } | { mode: 'targeted'; patches: { id: string; item: ScheduleInput }[]; creates: ScheduleInput[] };

/** Decides PATCH's schedule mode and checks it (§1.5), before any write. */
export function planScheduleUpdates(existing: StoredSchedule[], provided: ScheduleInput[], maxRuns = 50): SchedulePlan {
  const items = provided.map((s, i) => ({ ...s, loc: ['body', 'schedules', i] }));
  checkMaxRuns(items, maxRuns);
  storedSchedules(items);
  if (existing.length === 0 || existing.some((s) => s.slug === null)) return { mode: 'replace', items: items.filter((i) => i.schedule != null) };
  if (items.some((i) => !i.slug)) throw httpError(422, 'Please provide a slug for each schedule in your request to ensure schedules are updated correctly.');
  const seen = new Set<string>();
  for (const item of items) {
    if (!item.replaces) continue;
    if (seen.has(item.replaces)) throw httpError(422, `Multiple schedules have 'replaces' targeting the same slug: ${item.replaces}`);
    seen.add(item.replaces);
  }
  const bySlug = new Map(existing.map((s) => [s.slug!, s]));
  for (const item of items) {
    if (item.replaces && item.slug !== item.replaces && bySlug.has(item.slug!) && !seen.has(item.slug!)) {
      throw httpError(422, `Cannot rename schedule from '${item.replaces}' to '${item.slug}': a schedule with slug '${item.slug}' already exists.`);
    }
  }
  const patches: { id: string; item: ScheduleInput }[] = [];
  const creates: ScheduleInput[] = [];
  for (const item of items) {
    const match = bySlug.get(item.replaces || item.slug!);
    if (match) patches.push({ id: match.id, item });
    else {
      if (item.schedule == null) throw httpError(422, 'Unable to create new deployment schedules without a schedule configuration.');
      creates.push(item);
    }
  }
  return { mode: 'targeted', patches, creates };
}

/** Fields a schedule update writes: the non-null ones, and always parameters. */
function patchData(item: ScheduleInput, now: Date) {
  return {
    ...(item.active != null ? { active: item.active } : {}),
    ...(item.schedule != null ? { schedule: scheduleToStore(item.schedule, [...(item.loc ?? ['body']), 'schedule']) as never } : {}),
    ...(item.max_scheduled_runs != null ? { max_scheduled_runs: item.max_scheduled_runs } : {}),
    ...(item.slug != null ? { slug: item.slug } : {}),
    parameters: (item.parameters ?? {}) as never,
    updated: now,
  };
}

export async function applyScheduleUpdates(tx: Tx, deploymentId: string, plan: SchedulePlan, now: Date) {
  if (plan.mode === 'replace') {
    await tx.deploymentSchedule.deleteMany({ where: { deployment_id: deploymentId } });
    await insertSchedules(tx, deploymentId, plan.items, { keepMaxRuns: false, now });
    return;
  }
  // Renames go by id; slugs being renamed are cleared first so chains and swaps
  // never meet the (deployment_id, slug) index half-way (NULL slugs never collide).
  const renamed = plan.patches.filter((p) => p.item.replaces).map((p) => p.id);
  if (renamed.length > 0) await tx.deploymentSchedule.updateMany({ where: { id: { in: renamed } }, data: { slug: null } });
  for (const { id, item } of plan.patches) {
    const { count } = await tx.deploymentSchedule.updateMany({ where: { id, deployment_id: deploymentId }, data: patchData(item, now) });
    if (count === 0) throw notFound(`Schedule with slug '${item.replaces ?? item.slug}' no longer exists.`);
  }
  await insertSchedules(tx, deploymentId, plan.creates, { keepMaxRuns: false, now });
}

async function requireDeployment(client: Tx | Context['db'], id: string) {
  const found = await client.deployment.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw notFound(DEPLOYMENT_NOT_FOUND);
}

export async function readDeploymentSchedules(ctx: Context, deploymentId: string, query: object = {}) {
  await requireDeployment(ctx.db, deploymentId);
  return ctx.db.deploymentSchedule.findMany({ ...query, where: { deployment_id: deploymentId }, orderBy: SCHEDULE_ORDER });
}

export async function createDeploymentSchedules(ctx: Context, deploymentId: string, schedules: ScheduleInput[], query: object = {}) {
  const items = schedules.map((s, i) => ({ ...s, loc: ['body', i] }));
  checkMaxRuns(items, maxScheduledRuns(ctx));
  storedSchedules(items);
  const slugs = items.map((i) => i.slug).filter((s): s is string => s != null);
  const duplicate = () => httpError(409, 'Schedule slugs must be unique within a deployment.');
  if (new Set(slugs).size !== slugs.length) throw duplicate();
  try {
    const ids = await inRunTransaction(ctx.db, async (tx) => {
      await requireDeployment(tx, deploymentId);
      return insertSchedules(tx, deploymentId, items, { keepMaxRuns: true, now: new Date() });
    });
    const rows = await ctx.db.deploymentSchedule.findMany({ ...query, where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

export async function updateDeploymentSchedule(ctx: Context, deploymentId: string, scheduleId: string, item: ScheduleInput) {
  const input = { ...item, loc: ['body'] };
  checkMaxRuns([input], maxScheduledRuns(ctx));
  await inRunTransaction(ctx.db, async (tx) => {
    await requireDeployment(tx, deploymentId);
    const now = new Date();
    const { count } = await tx.deploymentSchedule.updateMany({ where: { id: scheduleId, deployment_id: deploymentId }, data: patchData(input, now) });
    if (count === 0) throw notFound(SCHEDULE_NOT_FOUND);
    await deleteScheduledRuns(tx, [deploymentId], { autoOnly: true, futureOnly: true, now });
  });
  return true;
}

export async function deleteDeploymentSchedule(ctx: Context, deploymentId: string, scheduleId: string) {
  await inRunTransaction(ctx.db, async (tx) => {
    await requireDeployment(tx, deploymentId);
    const { count } = await tx.deploymentSchedule.deleteMany({ where: { id: scheduleId, deployment_id: deploymentId } });
    if (count === 0) throw notFound(SCHEDULE_NOT_FOUND);
    await deleteScheduledRuns(tx, [deploymentId], { autoOnly: true, futureOnly: false, now: new Date() });
  });
  return true;
}
