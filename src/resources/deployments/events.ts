// prefect.deployment.created / .updated / .deleted / .ready / .not-ready
// (events-and-automations §4): the deployment as resource with its name; its
// flow, queue and pool as related resources.
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { ReceivedEvent } from '../../events/types.ts';

export interface DeploymentForEvents {
  id: string;
  name: string;
  flow_id: string;
  flow?: { name: string } | null;
  work_queue_id?: string | null;
  work_queue?: { name: string; work_pool: { id: string; name: string; type: string } } | null;
  concurrency_limit_id?: string | null;
}

/** Columns and relations an event needs: select them on the row you publish. */
export const EVENT_SELECT = {
  id: true,
  name: true,
  flow_id: true,
  work_queue_id: true,
  concurrency_limit_id: true,
  flow: { select: { name: true } },
  work_queue: { select: { name: true, work_pool: { select: { id: true, name: true, type: true } } } },
} as const;

function related(d: DeploymentForEvents): Record<string, string>[] {
  const out: Record<string, string>[] = [
    { 'prefect.resource.id': `prefect.flow.${d.flow_id}`, 'prefect.resource.role': 'flow', ...(d.flow ? { 'prefect.resource.name': d.flow.name } : {}) },
  ];
  if (d.work_queue_id && d.work_queue) {
    out.push({ 'prefect.resource.id': `prefect.work-queue.${d.work_queue_id}`, 'prefect.resource.role': 'work-queue', 'prefect.resource.name': d.work_queue.name });
    const pool = d.work_queue.work_pool;
    out.push({
      'prefect.resource.id': `prefect.work-pool.${pool.id}`,
      'prefect.resource.role': 'work-pool',
      'prefect.resource.name': pool.name,
      'prefect.work-pool.type': pool.type,
    });
  }
  if (d.concurrency_limit_id) out.push({ 'prefect.resource.id': `prefect.concurrency-limit.${d.concurrency_limit_id}`, 'prefect.resource.role': 'concurrency-limit' });
  return out;
}

export function deploymentEvent(
  action: 'created' | 'updated' | 'deleted' | 'ready' | 'not-ready',
  d: DeploymentForEvents,
  payload: Record<string, unknown> = {},
  occurred = new Date(),
): ReceivedEvent {
  return {
    occurred,
    event: `prefect.deployment.${action}`,
    resource: { 'prefect.resource.id': `prefect.deployment.${d.id}`, 'prefect.resource.name': d.name },
    related: related(d),
    payload,
    id: uuid7(occurred.getTime()),
    follows: null,
    received: occurred,
  };
}

/** The `updated` payload: the changed fields, from → to; null when nothing changed. */
export function updatedPayload(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]) {
  const changed = fields.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
  if (changed.length === 0) return null;
  return { updated_fields: changed, updates: Object.fromEntries(changed.map((f) => [f, { from: before[f] ?? null, to: after[f] ?? null }])) };
}
