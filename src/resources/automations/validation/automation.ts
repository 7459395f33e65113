// AutomationCreate / AutomationUpdate after GraphQL's input checks (name,
// description, enabled, tags, owner_resource, unknown keys): the trigger and
// the three action lists through their unions, then the loop guard (Prefect's
// model validator: a 422 item at the body's own loc).
import { ValidationError, type ValidationItem } from '../../../errors.ts';
import type { Action, Trigger } from '../../../automations/types.ts';
import { loopProblem } from './loop-guard.ts';
import { valueErrorItem, type Loc } from './model.ts';
import { validateAction } from './actions.ts';
import { validateTrigger } from './triggers.ts';

export interface AutomationInput {
  name: string;
  description?: string | null;
  enabled?: boolean | null;
  tags?: string[] | null;
  trigger: unknown;
  actions: unknown[];
  actions_on_trigger?: unknown[] | null;
  actions_on_resolve?: unknown[] | null;
  owner_resource?: string | null;
}

/** What is stored: every field present, defaults filled (a PUT resets what it omits). */
export interface AutomationFields {
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: Trigger;
  actions: Action[];
  actions_on_trigger: Action[];
  actions_on_resolve: Action[];
}

function actionList(list: unknown[] | null | undefined, loc: Loc, items: ValidationItem[]): Action[] {
  const out: Action[] = [];
  (list ?? []).forEach((action, i) => {
    const result = validateAction(action, [...loc, i]);
    if (result.ok) out.push(result.value);
    else items.push(...result.items);
  });
  return out;
}

/** Validates and normalises; throws Prefect's 422 envelope. `loc` is the body's (['body'] on REST). */
export function validateAutomation(input: AutomationInput, loc: Loc): AutomationFields {
  const items: ValidationItem[] = [];
  const trigger = validateTrigger(input.trigger, [...loc, 'trigger']);
  if (!trigger.ok) items.push(...trigger.items);
  const actions = actionList(input.actions, [...loc, 'actions'], items);
  const onTrigger = actionList(input.actions_on_trigger, [...loc, 'actions_on_trigger'], items);
  const onResolve = actionList(input.actions_on_resolve, [...loc, 'actions_on_resolve'], items);
  if (items.length > 0 || !trigger.ok) throw new ValidationError(items);
  const fields: AutomationFields = {
    name: input.name,
    description: input.description ?? '',
    enabled: input.enabled ?? true,
    tags: input.tags ?? [],
    trigger: trigger.value,
    actions,
    actions_on_trigger: onTrigger,
    actions_on_resolve: onResolve,
  };
  const loop = loopProblem(fields);
  if (loop) throw new ValidationError([valueErrorItem(loc, loop, input)]);
  return fields;
}
