// The automations one trigger engine evaluates (events §6.1 "In-memory
// state"): the enabled ones with at least one event trigger, each event
// trigger indexed by its `expect ∪ after` patterns (or `*`), so an event is
// tested against the triggers of the patterns its name matches, not all.
import type { ReceivedEvent } from '../../events/types.ts';
import type { Automation, CompositeTrigger, EventTrigger, Trigger } from '../types.ts';
import { covers, indexKeys, nameMatches } from './matching.ts';

/** An automation with each of its triggers' parent (null: the automation itself). */
export interface LoadedAutomation {
  automation: Automation;
  parents: Map<string, CompositeTrigger | null>;
}

export interface LoadedTrigger {
  trigger: EventTrigger;
  loaded: LoadedAutomation;
}

/** Every trigger of the tree, with its parent, depth first (Prefect's all_triggers order). */
export function allTriggers(root: Trigger, parent: CompositeTrigger | null = null): { trigger: Trigger; parent: CompositeTrigger | null }[] {
  const here = [{ trigger: root, parent }];
  if (root.type === 'event') return here;
  return [...here, ...(root.triggers ?? []).flatMap((child) => allTriggers(child, root))];
}

export class LoadedAutomations {
  readonly automations = new Map<string, LoadedAutomation>();
  readonly triggers = new Map<string, LoadedTrigger>();
  /** Pattern → ids of the triggers indexed under it. */
  private readonly index = new Map<string, Set<string>>();
  /** Proactive trigger id → when its next proactive evaluation is due. */
  readonly nextProactiveRuns = new Map<string, Date>();

  /** Loads (or reloads) an automation; a disabled one, or one without event triggers, is forgotten. */
  load(automation: Automation): void {
    this.forget(automation.id);
    const tree = allTriggers(automation.trigger);
    const eventTriggers = tree.filter((t): t is { trigger: EventTrigger; parent: CompositeTrigger | null } => t.trigger.type === 'event');
    if (!automation.enabled || eventTriggers.length === 0) return;
    const loaded: LoadedAutomation = { automation, parents: new Map(tree.map((t) => [t.trigger.id, t.parent])) };
    this.automations.set(automation.id, loaded);
    for (const { trigger } of eventTriggers) {
      this.triggers.set(trigger.id, { trigger, loaded });
      this.nextProactiveRuns.delete(trigger.id);
      for (const key of indexKeys(trigger)) {
        let ids = this.index.get(key);
        if (!ids) this.index.set(key, (ids = new Set()));
        ids.add(trigger.id);
      }
    }
  }

  forget(automationId: string): void {
    const loaded = this.automations.get(automationId);
    if (!loaded) return;
    this.automations.delete(automationId);
    for (const { trigger } of allTriggers(loaded.automation.trigger)) {
      this.triggers.delete(trigger.id);
      this.nextProactiveRuns.delete(trigger.id);
      if (trigger.type !== 'event') continue;
      for (const key of indexKeys(trigger)) {
        const ids = this.index.get(key);
        ids?.delete(trigger.id);
        if (ids?.size === 0) this.index.delete(key);
      }
    }
  }

  clear(): void {
    this.automations.clear();
    this.triggers.clear();
    this.index.clear();
    this.nextProactiveRuns.clear();
  }

  /** Step 1 of §6.2: the loaded event triggers that cover this event. */
  interested(event: ReceivedEvent): LoadedTrigger[] {
    const ids = new Set<string>();
    for (const [pattern, triggerIds] of this.index) {
      if (nameMatches(pattern, event.event)) for (const id of triggerIds) ids.add(id);
    }
    const found: LoadedTrigger[] = [];
    for (const id of ids) {
      const loaded = this.triggers.get(id);
      if (loaded && covers(loaded.trigger, event)) found.push(loaded);
    }
    return found;
  }
}
