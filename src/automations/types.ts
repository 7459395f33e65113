// The automation model as the server handles it (reference: events §5–§7),
// shared by the API (src/resources/automations: validates and stores), the
// trigger engine (src/automations/triggers: evaluates events, fires) and the
// actions service (src/automations/actions: runs what fired). Only shapes here;
// JSON names are Prefect's, so stored JSON, API bodies and these types agree.
import type { ReceivedEvent } from '../events/types.ts';

/** A resource specification (events §1.3): label → one value or several (globs, `!` negation). */
export type ResourceSpecification = Record<string, string | string[]>;

export type Posture = 'Reactive' | 'Proactive';

export interface EventTrigger {
  type: 'event';
  id: string;
  match: ResourceSpecification;
  /** One specification or a list of them (ANDed); `{}` matches always. */
  match_related: ResourceSpecification | ResourceSpecification[];
  after: string[];
  expect: string[];
  for_each: string[];
  posture: Posture;
  threshold: number;
  /** Seconds (Prefect's timedelta, emitted as a number of seconds). */
  within: number;
}

export interface CompoundTrigger {
  type: 'compound';
  id: string;
  triggers: Trigger[];
  /** Seconds, or null: no time limit between the child firings. */
  within: number | null;
  require: number | 'any' | 'all';
}

export interface SequenceTrigger {
  type: 'sequence';
  id: string;
  triggers: Trigger[];
  within: number | null;
}

export type Trigger = EventTrigger | CompoundTrigger | SequenceTrigger;
export type CompositeTrigger = CompoundTrigger | SequenceTrigger;

/**
 * An action (events §5.3), already validated: `type` selects the shape and
 * the other keys are the type's own (source, deployment_id, state, …).
 */
export interface Action {
  type: ActionType;
  [key: string]: unknown;
}

export type ActionType =
  | 'do-nothing'
  | 'run-deployment'
  | 'pause-deployment'
  | 'resume-deployment'
  | 'cancel-flow-run'
  | 'suspend-flow-run'
  | 'resume-flow-run'
  | 'delete-flow-run'
  | 'change-flow-run-state'
  | 'pause-work-queue'
  | 'resume-work-queue'
  | 'pause-work-pool'
  | 'resume-work-pool'
  | 'pause-automation'
  | 'resume-automation'
  | 'send-notification'
  | 'call-webhook';

/** A stored automation (events §5.1), keys in Prefect's response order. */
export interface Automation {
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: Trigger;
  actions: Action[];
  actions_on_trigger: Action[];
  actions_on_resolve: Action[];
  id: string;
  created: Date;
  updated: Date;
}

export type TriggerState = 'Triggered' | 'Resolved';

/** One firing of a trigger (Prefect's `Firing`); composite firings carry their children's. */
export interface Firing {
  id: string;
  trigger: Trigger;
  trigger_states: TriggerState[];
  /** Wall-clock time of the firing. */
  triggered: Date;
  /** for_each label → value of the firing bucket. */
  triggering_labels: Record<string, string>;
  triggering_firings: Firing[];
  triggering_event: ReceivedEvent | null;
  /** The trigger's own state-change event id (prefect.automation.triggered), once published. */
  triggering_value?: unknown;
}

/** One action to run, as published by the trigger engine to the actions service (events §6.4). */
export interface TriggeredAction {
  automation: Automation;
  firing: Firing;
  /** When the automation fired (the firing's `triggered`). */
  triggered: Date;
  triggering_labels: Record<string, string>;
  /** The event the action reacts to: the firing's, or the prefect.automation.triggered event for actions_on_trigger. */
  triggering_event: ReceivedEvent | null;
  /** Unique per triggered action; the run-deployment idempotency key and the "already done" cache use it. */
  id: string;
  /** Position in actions ++ actions_on_trigger. */
  action_index: number;
  action: Action;
  /** Id of the prefect.automation.triggered event of this firing. */
  automation_triggered_event_id: string | null;
}

/** An automation was created, updated or deleted (events §6.5). */
export interface AutomationChange {
  automation_id: string;
  event_type: 'created' | 'updated' | 'deleted';
}
