// What the deployment-concurrency rules share (logs-variables-concurrency
// §4.7): a flow run's deployment limit (the v2 row `deployment:<id>` linked by
// deployment.concurrency_limit_id), its collision strategy and grace period,
// and the client versions the rules treat specially.
import { limitById, type LimitRow } from '../../resources/concurrency-limits/slots.ts';
import type { FlowContext } from '../context.ts';
import { isPlainObject } from '../state-details.ts';

/** PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION's default (seconds). */
export const DEFAULT_DEPLOYMENT_LEASE_SECONDS = 300;
/** PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS' default (seconds). */
export const DEFAULT_SLOT_WAIT_SECONDS = 30;

export const LIMIT_REACHED = 'Deployment concurrency limit reached.';

export interface DeploymentLimit {
  limit: LimitRow;
  strategy: 'ENQUEUE' | 'CANCEL_NEW';
  /** Lease TTL in seconds. */
  gracePeriod: number;
}

/** undefined: the run's deployment row is missing; null: no deployment or no linked limit. */
export async function deploymentLimitOf(ctx: FlowContext): Promise<DeploymentLimit | null | undefined> {
  const id = ctx.run.deployment_id;
  if (!id) return null;
  const deployment = await ctx.tx.deployment.findUnique({ where: { id }, select: { concurrency_limit_id: true, concurrency_options: true } });
  if (!deployment) return undefined;
  if (!deployment.concurrency_limit_id) return null;
  const limit = await limitById(ctx.tx, deployment.concurrency_limit_id);
  if (!limit) return null;
  const options = isPlainObject(deployment.concurrency_options) ? deployment.concurrency_options : {};
  const grace = typeof options.grace_period_seconds === 'number' ? options.grace_period_seconds : DEFAULT_DEPLOYMENT_LEASE_SECONDS;
  return { limit, strategy: options.collision_strategy === 'CANCEL_NEW' ? 'CANCEL_NEW' : 'ENQUEUE', gracePeriod: grace };
}

export const leaseIdOf = (details: Record<string, unknown> | undefined | null): string | null => {
  const id = details?.deployment_concurrency_lease_id;
  return typeof id === 'string' && id !== '' ? id : null;
};

/** `3.4.11` and later renew deployment leases; an unknown version counts as older (pre-releases of 3.4.11 too). */
export function clientRenewsLeases(version: string | null): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version ?? '');
  if (!m) return false;
  const [a, b, c] = m.slice(1, 4).map(Number);
  if (a !== 3) return a > 3;
  if (b !== 4) return b > 4;
  if (c !== 11) return c > 11;
  return !/^\.?(a|b|rc|dev)/i.test(m[4]);
}

/** The client's Prefect version from its User-Agent, `prefect/<version> (API <x>)`, as Prefect reads it; else null. */
export function clientVersionFromUserAgent(userAgent: string | null | undefined): string | null {
  return /^prefect\/(\d+\.\d+\.\d+(?:[a-z.+0-9]+)?) \(API \S+\)$/.exec(userAgent ?? '')?.[1] ?? null;
}

/** Workers of these versions managed deployment concurrency themselves. */
export const SELF_MANAGING_CLIENTS = new Set(['3.0.0rc20', '3.0.0', '3.0.1', '3.0.2', '3.0.3']);
