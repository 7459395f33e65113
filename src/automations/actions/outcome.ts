// What running one action produced (Prefect's Action._result_details and
// _resulting_related_resources), and the expected failure (ActionFailed,
// events §6.9): its `reason` goes verbatim into prefect.automation.action.failed
// and the action is not retried. Any other error is the bus's to retry.
import type { RelatedResource } from '../../events/types.ts';
import type { ApiResponse } from './api.ts';

export class ActionFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface Outcome {
  /** Extra payload keys of the executed/failed event (status_code, emitted_event, …). */
  details: Record<string, unknown>;
  /** What the action acted on or produced, first in the events' `related`. */
  related: RelatedResource[];
}

export const newOutcome = (): Outcome => ({ details: {}, related: [] });

/** Python's repr of a str: single quotes unless the text has one and no double quote. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** Prefect's reason_from_response: the reason of an API answer ≥ 300 (events §6.9). */
export function reasonFromResponse(actionType: string, response: ApiResponse): string {
  if (response.status === 409 || response.status === 422) {
    const body = response.body;
    const detail = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).detail : undefined;
    const text = detail === undefined || detail === null || detail === '' ? '' : typeof detail === 'string' ? detail : pythonValue(detail);
    if (response.status === 422 || text) return `Validation error occurred for ${pyRepr(actionType)}${text ? ` - ${text}` : ''}`;
    return `Conflict (409) occurred for ${pyRepr(actionType)} - ${pyRepr(response.text)}`;
  }
  return `Unexpected status from ${pyRepr(actionType)} action: ${response.status}`;
}

/** Python's str() of a JSON value (a 422's list `detail` inside a reason). */
export function pythonValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyRepr(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonValue).join(', ')}]`;
  if (value instanceof Date) return pyRepr(value.toISOString());
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyRepr(k)}: ${pythonValue(v)}`)
    .join(', ')}}`;
}

/** Fails the action unless the API answered below 300; records status_code first. */
export function expectOk(actionType: string, outcome: Outcome, response: ApiResponse): void {
  outcome.details.status_code = response.status;
  if (response.status >= 300) throw new ActionFailed(reasonFromResponse(actionType, response));
}
