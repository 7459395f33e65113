// Prefect's prevent_run_deployment_loops (events §5.2): an enabled automation
// whose Reactive event trigger expects flow-run state events that every
// deployment run goes through must not run a deployment that would produce
// those events again.
import type { Action, ResourceSpecification, Trigger } from '../../../automations/types.ts';

const PROBLEMATIC = new Set(['prefect.flow-run.Scheduled', 'prefect.flow-run.Pending', 'prefect.flow-run.Running', 'prefect.flow-run.*']);

export const INFERRED_LOOP =
  'Running an inferred deployment from a flow run state change event will lead to an infinite loop of flow runs.  ' +
  "Please choose a specific deployment and add additional filtering labels to the match or match_related for this automation's trigger.";

export const SELECTED_LOOP =
  'Running a selected deployment from a flow run state change event may lead to an infinite loop of flow runs.  ' +
  'Please include additional filtering labels on either match or match_related to narrow down which flow runs will trigger ' +
  "this automation to exclude flow runs from the deployment you've selected.";

/** `{}`, or only `prefect.resource.id` = `prefect.flow-run.*` (one of its values). */
function matchesEveryFlowRun(spec: ResourceSpecification): boolean {
  const labels = Object.keys(spec);
  if (labels.length === 0) return true;
  if (labels.length !== 1) return false;
  const id = spec['prefect.resource.id'];
  if (!id) return false;
  return (typeof id === 'string' ? [id] : id).includes('prefect.flow-run.*');
}

/** The guard's message, or null when the automation cannot loop this way. */
export function loopProblem(automation: { enabled: boolean; trigger: Trigger; actions: Action[] }): string | null {
  const { trigger } = automation;
  if (!automation.enabled || trigger.type !== 'event' || trigger.posture !== 'Reactive') return null;
  if (!trigger.expect.some((e) => PROBLEMATIC.has(e))) return null;
  for (const action of automation.actions) {
    if (action.type !== 'run-deployment') continue;
    if (action.source === 'inferred') return INFERRED_LOOP;
    if (action.source === 'selected' && matchesEveryFlowRun(trigger.match)) {
      const related = Array.isArray(trigger.match_related) ? trigger.match_related : [trigger.match_related];
      if (related.some(matchesEveryFlowRun)) return SELECTED_LOOP;
    }
  }
  return null;
}
