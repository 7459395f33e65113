// Firing (events §6.4). A firing whose trigger belongs to the automation
// "acts": the prefect.automation.triggered event and one TriggeredAction per
// action. A firing of a composite's child is weighed against its parent,
// which fires in turn when its children's firings are complete. Nothing is
// published here: the outbox is published once the transaction commits.
import type { ReceivedEvent } from '../../events/types.ts';
import type { Tx } from '../../orchestration/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { Action, CompositeTrigger, Firing, TriggeredAction } from '../types.ts';
import { clearChildFirings, clearOldChildFirings, lockCompositeTrigger, readChildFirings, upsertChildFiring } from './child-firings.ts';
import type { LoadedAutomation } from './loaded.ts';
import { automationTriggeredEvent } from './state-change.ts';

/** What one evaluation produced, published after its transaction commits. */
export interface Outbox {
  events: ReceivedEvent[];
  actions: TriggeredAction[];
}

export interface EvaluationContext {
  tx: Tx;
  loaded: LoadedAutomation;
  outbox: Outbox;
  /** Wall-clock time of this evaluation: every firing's `triggered`. */
  wallClock: Date;
}

export const emptyOutbox = (): Outbox => ({ events: [], actions: [] });

export async function fire(ctx: EvaluationContext, firing: Firing): Promise<void> {
  const parent = ctx.loaded.parents.get(firing.trigger.id) ?? null;
  if (parent === null) act(ctx, firing);
  else await evaluateComposite(ctx, parent, firing);
}

/** How many child firings the composite needs (`any` 1, `all` every child; a sequence needs every child). */
export function expectedFirings(trigger: CompositeTrigger): number {
  if (trigger.type === 'sequence') return trigger.triggers.length;
  if (trigger.require === 'any') return 1;
  if (trigger.require === 'all') return trigger.triggers.length;
  return Number(trigger.require);
}

/** compound: enough children fired; sequence: every child fired, in the children's order. */
export function readyToFire(trigger: CompositeTrigger, firings: readonly Firing[]): boolean {
  if (trigger.type === 'compound') return firings.length >= expectedFirings(trigger);
  const actual = [...firings].sort((a, b) => a.triggered.getTime() - b.triggered.getTime()).map((f) => f.trigger.id);
  const expected = trigger.triggers.map((t) => t.id);
  return actual.length === expected.length && actual.every((id, i) => id === expected[i]);
}

function parentFiring(ctx: EvaluationContext, parent: CompositeTrigger, children: Firing[], child: Firing): Firing {
  return {
    id: uuid7(ctx.wallClock.getTime()),
    trigger: parent,
    trigger_states: ['Triggered'],
    triggered: ctx.wallClock,
    triggering_labels: {},
    triggering_firings: children,
    triggering_event: child.triggering_event,
  };
}

async function evaluateComposite(ctx: EvaluationContext, parent: CompositeTrigger, firing: Firing): Promise<void> {
  const automationId = ctx.loaded.automation.id;
  // One child firing is enough: the parent fires at once, nothing is stored.
  if (expectedFirings(parent) === 1) return fire(ctx, parentFiring(ctx, parent, [firing], firing));

  await lockCompositeTrigger(ctx.tx, parent);
  if (parent.within !== null && parent.within !== undefined) {
    await clearOldChildFirings(ctx.tx, automationId, parent, new Date(firing.triggered.getTime() - parent.within * 1000));
  }
  await upsertChildFiring(ctx.tx, automationId, parent, firing);
  const firings = await readChildFirings(ctx.tx, automationId, parent);
  const ids = firings.map((f) => f.id);
  // A newer firing of the same child replaced this one: that evaluation decides.
  if (!ids.includes(firing.id)) return;
  if (!readyToFire(parent, firings)) return;
  // Claim exactly these firings; fire only if this transaction deleted them all.
  const deleted = await clearChildFirings(ctx.tx, automationId, parent, ids);
  if (deleted !== new Set(ids).size) return;
  await fire(ctx, parentFiring(ctx, parent, firings, firing));
}

/** The automation fired: its triggered event, then `actions` and `actions_on_trigger` as TriggeredActions. */
function act(ctx: EvaluationContext, firing: Firing): void {
  const { automation } = ctx.loaded;
  const triggeredEvent = automationTriggeredEvent(automation, firing);
  ctx.outbox.events.push(triggeredEvent);
  // `actions` react to the firing's event; `actions_on_trigger` to the triggered event itself.
  const sources: [ReceivedEvent | null, Action][] = [
    ...automation.actions.map((action): [ReceivedEvent | null, Action] => [firing.triggering_event, action]),
    ...automation.actions_on_trigger.map((action): [ReceivedEvent | null, Action] => [triggeredEvent, action]),
  ];
  sources.forEach(([triggeringEvent, action], index) => {
    ctx.outbox.actions.push({
      automation,
      firing,
      triggered: firing.triggered,
      triggering_labels: firing.triggering_labels,
      triggering_event: triggeringEvent,
      id: uuid7(firing.triggered.getTime()),
      action_index: index,
      action,
      automation_triggered_event_id: triggeredEvent.id,
    });
  });
}
