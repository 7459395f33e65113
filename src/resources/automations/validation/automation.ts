// AutomationCreate / AutomationUpdate after GraphQL's input checks (name,
// description, enabled, tags, owner_resource, unknown keys): the trigger and
// the three action lists through their unions, then the loop guard (Prefect's
// model validator: a 422 item at the body's own loc).
import { ValidationError, type ValidationItem } from '../../../errors.ts';
import type { Action, Automation } from '../../../automations/types.ts';
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
export type AutomationFields = Omit<Automation, 'id' | 'created' | 'updated'>;

function actionList(list: unknown[] | null | undefined, loc: Loc, items: ValidationItem[]): Action[] {
  const out: Action[] = [];
  (list ?? []).forEach((action, i) => {
    const result = validateAction(action, [...loc, i]);
    if (result.ok) out.push(result.value);
    else items.push(...result.items);
  });
  return out;
}

/**
 * Fields with defaults may be omitted but not null (Pydantic's type errors).
 * Checked here: GraphQL input fields cannot be non-null with a default here
 * (graphql-jit's variable coercion does not fill them in).
 */
function nullItems(input: AutomationInput, loc: Loc): ValidationItem[] {
  const types: [keyof AutomationInput, string, string][] = [
    ['description', 'string_type', 'Input should be a valid string'],
    ['enabled', 'bool_type', 'Input should be a valid boolean'],
    ['tags', 'list_type', 'Input should be a valid list'],
  ];
  const items = types.filter(([key]) => input[key] === null).map(([key, type, msg]) => ({ type, loc: [...loc, key], msg, input: null }));
  return items;
}

const listNull = (key: string, loc: Loc): ValidationItem => ({ type: 'list_type', loc: [...loc, key], msg: 'Input should be a valid list', input: null });

/** Validates and normalises; throws Prefect's 422 envelope. `loc` is the body's (['body'] on REST). */
export function validateAutomation(input: AutomationInput, loc: Loc): AutomationFields {
  const items: ValidationItem[] = nullItems(input, loc);
  const trigger = validateTrigger(input.trigger, [...loc, 'trigger']);
  if (!trigger.ok) items.push(...trigger.items);
  const actions = actionList(input.actions, [...loc, 'actions'], items);
  if (input.actions_on_trigger === null) items.push(listNull('actions_on_trigger', loc));
  const onTrigger = actionList(input.actions_on_trigger, [...loc, 'actions_on_trigger'], items);
  if (input.actions_on_resolve === null) items.push(listNull('actions_on_resolve', loc));
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
