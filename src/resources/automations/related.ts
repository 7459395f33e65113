// automation_related_resource rows (events §5.4 side effects): every
// run-deployment action with a selected deployment relates the automation to
// `prefect.deployment.<id>` (not owned); an owner resource is related as
// owned. The upsert ORs the owned flag, so an owner that is also a target
// stays owned.
import type { Action } from '../../automations/types.ts';
import type { Db } from '../../db/client.ts';

type Tx = Pick<Db, 'automationRelatedResource'>;

const DEPLOYMENT_PREFIX = 'prefect.deployment.';

export async function relateToResource(tx: Tx, automationId: string, resourceId: string, owned: boolean, now: Date): Promise<void> {
  await tx.automationRelatedResource.upsert({
    where: { automation_id_resource_id: { automation_id: automationId, resource_id: resourceId } },
    create: { automation_id: automationId, resource_id: resourceId, automation_owned_by_resource: owned, created: now, updated: now },
    update: owned ? { automation_owned_by_resource: true, updated: now } : { updated: now },
  });
}

/** Replaces the non-owned deployment relations with those of `actions`; owned ones stay. */
export async function syncDeploymentRelations(tx: Tx, automationId: string, actions: Action[], now: Date): Promise<void> {
  await tx.automationRelatedResource.deleteMany({
    where: { automation_id: automationId, resource_id: { startsWith: DEPLOYMENT_PREFIX }, automation_owned_by_resource: false },
  });
  const ids = new Set(actions.filter((a) => a.type === 'run-deployment' && a.source === 'selected').map((a) => String(a.deployment_id)));
  for (const id of ids) await relateToResource(tx, automationId, `${DEPLOYMENT_PREFIX}${id}`, false, now);
}
