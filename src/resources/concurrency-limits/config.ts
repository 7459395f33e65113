// The settings orchestration rules read for tag limits. Rules get no settings
// through the orchestration context, so the server registers its settings
// here when its services start (src/services/repossessor.ts); before that,
// Prefect's defaults apply (10 s tag wait, 30 s maximum wait).
import type { Settings } from '../../settings.ts';
import type { SlotWaits } from './slots.ts';

let current: SlotWaits = { tag: 10, max: 30 };

export function registerConcurrencySettings(settings: Settings): void {
  current = { tag: settings.concurrency.tagSlotWaitSeconds, max: settings.concurrency.maxSlotWaitSeconds };
}

/** PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS and _CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS. */
export const concurrencyWaits = (): SlotWaits => current;
