// The headers an action's API calls carry (events §6.9): the automation's id
// and its name in base64, which make created flow runs created_by AUTOMATION.
import type { TriggeredAction } from '../types.ts';

export function automationHeaders(triggered: TriggeredAction): Record<string, string> {
  const { automation } = triggered;
  return {
    'Prefect-Automation-ID': automation.id,
    'Prefect-Automation-Name': Buffer.from(automation.name, 'utf8').toString('base64'),
  };
}
