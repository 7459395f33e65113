// The related resources of a flow run's state events (events §4.2), and the
// process-local cache of the data behind them (Prefect's
// _flow_run_resource_data_cache: up to 1000 runs, for
// PREFECT_SERVER_EVENTS_RELATED_RESOURCE_CACHE_TTL). Names and tags come from
// the cache while it holds the run, so a rename or a tag change within the
// window still shows the old value; created_by is read from the run each time.
import type { Tx } from '../../orchestration/types.ts';
import type { RelatedResource } from '../types.ts';
import { byCodePoint } from './format.ts';

interface ResourceDatum {
  id: string;
  name: string;
  tags: string[];
  role: string;
  /** work-pool only */
  type?: string;
}

/**
 * Prefect's resource data, in its order: the flow run itself (only its tags
 * are used), flow, deployment, work queue, work pool, parent task run. null
 * where the run has none. The deployment is still always null here (its reader
 * belongs here too).
 */
export interface ResourceData {
  'flow-run': ResourceDatum;
  flow: ResourceDatum | null;
  deployment: ResourceDatum | null;
  'work-queue': ResourceDatum | null;
  'work-pool': ResourceDatum | null;
  'task-run': ResourceDatum | null;
}

/** The flow-run columns the related resources are built from. */
export interface FlowRunForEvents {
  id: string;
  name: string;
  flow_id: string;
  tags: unknown;
  parent_task_run_id: string | null;
  created_by: unknown;
}

const MAX_CACHED_RUNS = 1000;

/** An LRU map whose entries expire `ttl` seconds after they were stored (cachetools' TTLCache). */
class RelatedResourceCache {
  private readonly entries = new Map<string, { at: number; data: ResourceData }>();

  get(runId: string, ttlSeconds: number, now = Date.now()): ResourceData | undefined {
    const entry = this.entries.get(runId);
    if (!entry) return undefined;
    this.entries.delete(runId);
    if (now - entry.at >= ttlSeconds * 1000) return undefined;
    this.entries.set(runId, entry); // most recently used last
    return entry.data;
  }

  set(runId: string, data: ResourceData, ttlSeconds: number, now = Date.now()): void {
    this.entries.delete(runId);
    this.entries.set(runId, { at: now, data });
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= MAX_CACHED_RUNS && now - entry.at < ttlSeconds * 1000) break;
      this.entries.delete(id);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One per process, shared by every request (Prefect's module-level cache). */
export const relatedResourceCache = new RelatedResourceCache();

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads the run's flow and parent task run in the caller's transaction (only on a cache miss). */
async function readResourceData(tx: Tx, run: FlowRunForEvents): Promise<ResourceData> {
  const [flow, taskRun, placed] = await Promise.all([
    tx.flow.findUnique({ where: { id: run.flow_id }, select: { id: true, name: true, tags: true } }),
    run.parent_task_run_id ? tx.taskRun.findUnique({ where: { id: run.parent_task_run_id }, select: { id: true, name: true, tags: true } }) : null,
    // The run's work queue and its pool (read here, so callers need not select work_queue_id).
    tx.flowRun.findUnique({ where: { id: run.id }, select: { work_queue: { select: { id: true, name: true, work_pool: { select: { id: true, name: true, type: true } } } } } }),
  ]);
  const queue = placed?.work_queue ?? null;
  return {
    'flow-run': { id: run.id, name: run.name, tags: stringList(run.tags), role: 'flow-run' },
    flow: flow && { id: flow.id, name: flow.name, tags: stringList(flow.tags), role: 'flow' },
    deployment: null,
    'work-queue': queue && { id: queue.id, name: queue.name, tags: [], role: 'work-queue' },
    'work-pool': queue && { id: queue.work_pool.id, name: queue.work_pool.name, tags: [], role: 'work-pool', type: queue.work_pool.type },
    'task-run': taskRun && { id: taskRun.id, name: taskRun.name, tags: stringList(taskRun.tags), role: 'task-run' },
  };
}

/** flow, deployment, work queue, work pool, parent task run (each with id, role, name), then the union of their and the run's tags, sorted. */
function asRelatedResources(data: ResourceData): { resources: RelatedResource[]; tags: RelatedResource[] } {
  const resources: RelatedResource[] = [];
  const tags = new Set<string>();
  for (const [kind, datum] of Object.entries(data) as [keyof ResourceData, ResourceDatum | null][]) {
    if (!datum) continue;
    for (const tag of datum.tags) tags.add(tag);
    if (kind === 'flow-run') continue;
    const resource: RelatedResource = {
      'prefect.resource.id': `prefect.${kind}.${datum.id}`,
      'prefect.resource.role': datum.role,
      'prefect.resource.name': datum.name,
    };
    if (kind === 'work-pool') resource['prefect.work-pool.type'] = datum.type ?? '';
    resources.push(resource);
  }
  return {
    resources,
    tags: [...tags].sort(byCodePoint).map((tag) => ({ 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' })),
  };
}

/** The creator, when the run was made by a deployment or an automation. */
export function creatorResource(createdBy: unknown): RelatedResource[] {
  if (typeof createdBy !== 'object' || createdBy === null) return [];
  const { id, type, display_value } = createdBy as Record<string, unknown>;
  const kind = type === 'DEPLOYMENT' ? 'deployment' : type === 'AUTOMATION' ? 'automation' : null;
  if (!kind || id == null) return [];
  const resource: RelatedResource = { 'prefect.resource.id': `prefect.${kind}.${String(id)}`, 'prefect.resource.role': 'creator' };
  if (typeof display_value === 'string' && display_value) resource['prefect.resource.name'] = display_value;
  return [resource];
}

export interface RelatedResourceOptions {
  /** Seconds the run's resource data stays cached. */
  relatedResourceCacheTtl: number;
  /** An event carries at most this many related resources (PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES). */
  maxRelatedResources: number;
}

/**
 * The related resources of a flow run's state event, in Prefect's order. Past
 * the related-resource bound Prefect fails the whole transition (its Event
 * model refuses the list); here the sorted tags are cut instead, so a run with
 * many tags still changes state and still emits.
 */
export async function flowRunRelatedResources(tx: Tx, run: FlowRunForEvents, options: RelatedResourceOptions): Promise<RelatedResource[]> {
  let data = relatedResourceCache.get(run.id, options.relatedResourceCacheTtl);
  if (!data) {
    data = await readResourceData(tx, run);
    relatedResourceCache.set(run.id, data, options.relatedResourceCacheTtl);
  }
  const { resources, tags } = asRelatedResources(data);
  const creator = creatorResource(run.created_by);
  const room = Math.max(0, options.maxRelatedResources - resources.length - creator.length);
  return [...resources, ...tags.slice(0, room), ...creator];
}
