// A stored automation row → the typed Automation (src/automations/types.ts).
// The API validates and fills defaults before it writes, so the JSON columns
// already hold the shared shapes; this only gives them their types and keeps
// a broken row (a hand edit) from reaching the engine as non-arrays.
import type { Db } from '../../db/client.ts';
import type { Action, Automation, Trigger } from '../../automations/types.ts';

/** The columns of an `automation` row, as Prisma returns them (JSON already parsed). */
export interface AutomationRow {
  id: string;
  created: Date;
  updated: Date;
  name: string;
  description: string;
  enabled: boolean;
  tags: unknown;
  trigger: unknown;
  actions: unknown;
  actions_on_trigger: unknown;
  actions_on_resolve: unknown;
}

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The row as the typed Automation, keys in Prefect's response order. */
export function toAutomation(row: AutomationRow): Automation {
  return {
    name: row.name,
    description: row.description,
    enabled: row.enabled,
    tags: list<string>(row.tags),
    trigger: row.trigger as Trigger,
    actions: list<Action>(row.actions),
    actions_on_trigger: list<Action>(row.actions_on_trigger),
    actions_on_resolve: list<Action>(row.actions_on_resolve),
    id: row.id,
    created: row.created,
    updated: row.updated,
  };
}

/** One automation row by id, or null. */
export async function readAutomationRow(db: Db, id: string): Promise<AutomationRow | null> {
  return db.automation.findUnique({ where: { id } });
}
