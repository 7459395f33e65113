// Telling trigger engines that an automation changed (events §6.5): on
// PostgreSQL a NOTIFY on `prefect_automation_changes` inside the write's
// transaction (delivered to every listening replica when it commits), and,
// after commit, this process's own engine through announceAutomationChange.
import { announceAutomationChange } from '../../automations/channels.ts';
import type { AutomationChange } from '../../automations/types.ts';
import type { Db } from '../../db/client.ts';
import type { DatabaseTarget } from '../../db/url.ts';

export const AUTOMATION_CHANGES_CHANNEL = 'prefect_automation_changes';

type Tx = Pick<Db, '$executeRawUnsafe'>;

/** Inside the transaction: PostgreSQL's NOTIFY (nothing on SQLite). */
export async function notifyInTransaction(tx: Tx, target: DatabaseTarget, changes: AutomationChange[]): Promise<void> {
  if (target.provider !== 'postgresql') return;
  for (const change of changes) {
    // Only a UUID and a fixed word: nothing to escape, but quotes are doubled as SQL wants.
    const payload = JSON.stringify({ automation_id: change.automation_id, event_type: change.event_type }).replaceAll("'", "''");
    await tx.$executeRawUnsafe(`NOTIFY ${AUTOMATION_CHANGES_CHANNEL}, '${payload}'`);
  }
}

/** After commit: this process's trigger engine. */
export function announceCommitted(db: Db, changes: AutomationChange[]): void {
  for (const change of changes) announceAutomationChange(db, change);
}
