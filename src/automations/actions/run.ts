// Running one triggered action (events §5.3, §6.9): each type's calls on this
// server's own API, the resources it records for its events, and its
// expected failures (ActionFailed with Prefect's reason).
import type { TriggeredAction } from '../types.ts';
import { callApi, type ApiDeps } from './api.ts';
import { blockRelated, notifier, readBlock, webhookCall } from './blocks.ts';
import { readWorkspaceVariables, templateContext } from './context.ts';
import { automationHeaders } from './headers.ts';
import { ActionFailed, expectOk, pyRepr, reasonFromResponse, type Outcome } from './outcome.ts';
import { OutboundRefused } from './outbound.ts';
import { upgradeV1Templates } from '../v1-templates.ts';
import { hydrateParameters, placeholders } from './parameters.ts';
import { flowRunId, targetId } from './resources.ts';
import { renderUserTemplate, TemplateRenderError } from './sandbox.ts';
import { truncatedTo } from '../../events/emitters/format.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Run {
  deps: ApiDeps;
  triggered: TriggeredAction;
  outcome: Outcome;
  /** Injectable clock (run-deployment's scheduled time). */
  now: Date;
}

const api = (run: Run, method: string, path: string, body?: unknown) => callApi(run.deps, method, path, body, automationHeaders(run.triggered));

/** Renders templates; a failure ends the action with the template's details in the payload. */
async function render(run: Run, templates: string[]): Promise<string[]> {
  const context = await templateContext(run.deps, run.triggered, templates);
  try {
    return templates.map((t) => renderUserTemplate(t, context));
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    run.outcome.details.template_error = error.message;
    run.outcome.details.template_source = error.template;
    throw new ActionFailed(`Template rendering failed: ${error.error}`);
  }
}

async function deploymentCommand(run: Run, command: (deploymentId: string) => Promise<void>) {
  const id = targetId(run.triggered, 'deployment_id', 'prefect.deployment', 'deployment');
  run.outcome.related.push({ 'prefect.resource.id': `prefect.deployment.${id}`, 'prefect.resource.role': 'target' });
  await command(id);
}

async function runDeployment(run: Run, deploymentId: string) {
  const { action } = run.triggered;
  const parameters = upgradeV1Templates(structuredClone(isObject(action.parameters) ? action.parameters : {}));
  const { templates, variables: names } = placeholders(parameters);
  const context = await templateContext(run.deps, run.triggered, templates);
  const variables = await readWorkspaceVariables(run.deps, run.triggered, [...names]);
  const rendered = hydrateParameters(parameters, { context, variables });
  const after = typeof action.schedule_after === 'number' ? action.schedule_after : 0;
  const scheduledTime = new Date(run.now.getTime() + after * 1000);
  const response = await api(run, 'POST', `/deployments/${deploymentId}/create_flow_run`, {
    state: { type: 'SCHEDULED', name: 'Scheduled', message: null, state_details: { scheduled_time: scheduledTime.toISOString() } },
    parameters: rendered,
    idempotency_key: `automation ${run.triggered.automation.id}, action ${run.triggered.action_index}, invocation ${run.triggered.id}`,
    job_variables: isObject(action.job_variables) ? action.job_variables : null,
  });
  if (response.status < 300) {
    const flowRun = response.body as Obj;
    run.outcome.related.push({ 'prefect.resource.id': `prefect.flow-run.${flowRun.id}`, 'prefect.resource.role': 'flow-run', 'prefect.resource.name': String(flowRun.name) });
  }
  if (response.status === 409) run.outcome.details.validation_error = isObject(response.body) ? (response.body.detail ?? null) : null;
  expectOk(action.type, run.outcome, response);
}

async function setFlowRunState(run: Run, state: Obj, force = false) {
  const id = flowRunId(run.triggered);
  run.outcome.related.push({ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' });
  const response = await api(run, 'POST', `/flow_runs/${id}/set_state`, { state, force });
  expectOk(run.triggered.action.type, run.outcome, response);
  const details = isObject(response.body) && isObject(response.body.details) ? response.body.details : {};
  if (details.type !== 'accept_details') throw new ActionFailed(`Failed to set state: ${details.reason ?? null}`);
}

async function workQueueCommand(run: Run, isPaused: boolean) {
  const id = targetId(run.triggered, 'work_queue_id', 'prefect.work-queue', 'work queue');
  run.outcome.related.push({ 'prefect.resource.id': `prefect.work-queue.${id}`, 'prefect.resource.role': 'target' });
  expectOk(run.triggered.action.type, run.outcome, await api(run, 'PATCH', `/work_queues/${id}`, { is_paused: isPaused }));
}

async function workPoolCommand(run: Run, isPaused: boolean) {
  const id = targetId(run.triggered, 'work_pool_id', 'prefect.work-pool', 'work pool');
  const found = await api(run, 'POST', '/work_pools/filter', { work_pools: { id: { any_: [id] } } });
  const pool = found.status < 300 && Array.isArray(found.body) ? (found.body[0] as Obj | undefined) : undefined;
  if (!pool) throw new ActionFailed(`Work pool ${id} not found`);
  run.outcome.related.push({ 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.name': String(pool.name), 'prefect.resource.role': 'target' });
  expectOk(run.triggered.action.type, run.outcome, await api(run, 'PATCH', `/work_pools/${encodeURIComponent(String(pool.name))}`, { is_paused: isPaused }));
}

async function automationCommand(run: Run, enabled: boolean) {
  const id = targetId(run.triggered, 'automation_id', 'prefect.automation', 'automation');
  run.outcome.related.push({ 'prefect.resource.id': `prefect.automation.${id}`, 'prefect.resource.role': 'target' });
  expectOk(run.triggered.action.type, run.outcome, await api(run, 'PATCH', `/automations/${id}`, { enabled }));
}

async function callWebhook(run: Run) {
  const block = await readBlock(run.deps, run.triggered, 'The webhook block was invalid');
  if (block.slug !== 'webhook') throw new ActionFailed('The referenced block was not a webhook block');
  const call = webhookCall(run.deps.settings, block);
  run.outcome.related.push(...blockRelated(block));
  const [payload] = await render(run, [payloadText(run.triggered.action.payload)]);
  let response;
  try {
    response = await call(payload);
  } catch (error) {
    const name = error instanceof OutboundRefused ? error.pythonName : 'ConnectError';
    throw new ActionFailed(`Webhook call failed: ${name}(${pyRepr((error as Error).message)})`);
  }
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([k]) => !redactedHeader(k)));
  Object.assign(run.outcome.details, { status_code: response.status, response_body: truncatedTo(1000, response.text), response_headers: headers });
}

/** A stored payload may still be an object (older clients): its JSON text indented by 2. */
function payloadText(payload: unknown): string {
  if (payload === undefined || payload === null) return '';
  return typeof payload === 'string' ? payload : JSON.stringify(payload, null, 2);
}

/** Prefect's should_redact_header: sensitive or noisy headers stay out of events. */
function redactedHeader(key: string): boolean {
  const k = key.toLowerCase();
  return ['authorization', 'traceparent', 'via'].includes(k) || ['x-forwarded', 'x-b3', 'x-cloud-trace', 'x-envoy', 'x-prefect'].some((p) => k.startsWith(p));
}

async function sendNotification(run: Run) {
  const block = await readBlock(run.deps, run.triggered, 'The notification block was invalid');
  if (!block.capabilities.includes('notify')) throw new ActionFailed('The referenced block was not a notification block');
  const notify = notifier(run.deps.settings, block, run.outcome);
  run.outcome.related.push(...blockRelated(block));
  const { action } = run.triggered;
  const [subject, body] = await render(run, [typeof action.subject === 'string' ? action.subject : 'Prefect automated notification', String(action.body ?? '')]);
  await notify(subject, body);
}

/** Runs the action; resolves on success, rejects with ActionFailed (expected) or anything else (retried). */
export async function act(run: Run): Promise<void> {
  const { action, automation } = run.triggered;
  const type = action.type;
  switch (type) {
    case 'do-nothing':
      return;
    case 'run-deployment':
      return deploymentCommand(run, (id) => runDeployment(run, id));
    case 'pause-deployment':
    case 'resume-deployment':
      return deploymentCommand(run, async (id) => {
        expectOk(type, run.outcome, await api(run, 'POST', `/deployments/${id}/${type === 'pause-deployment' ? 'pause' : 'resume'}_deployment`));
      });
    case 'cancel-flow-run':
      return setFlowRunState(run, { type: 'CANCELLING', message: `Cancelled by Automation ${automation.id}` });
    case 'suspend-flow-run': {
      const timeout = new Date(run.now.getTime() + 3600 * 1000).toISOString();
      return setFlowRunState(run, {
        type: 'PAUSED',
        name: 'Suspended',
        message: `Suspended by Automation ${automation.id}`,
        state_details: { pause_timeout: timeout, pause_reschedule: true, pause_key: null },
      });
    }
    case 'change-flow-run-state':
      return setFlowRunState(
        run,
        { type: action.state, name: action.name ?? null, message: (action.message as string | null) || `State changed by Automation ${automation.id}` },
        action.force === true,
      );
    case 'resume-flow-run': {
      const id = flowRunId(run.triggered);
      run.outcome.related.push({ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' });
      const response = await api(run, 'POST', `/flow_runs/${id}/resume`, {});
      // Prefect's client raises on an HTTP error here: that is not an expected failure.
      if (response.status >= 300) throw new Error(`resume-flow-run: ${reasonFromResponse(type, response)}`);
      const details = isObject(response.body) && isObject(response.body.details) ? response.body.details : {};
      if (details.type !== 'accept_details') throw new ActionFailed(`Failed to resume flow run: ${details.reason ?? null}`);
      return;
    }
    case 'delete-flow-run': {
      const id = flowRunId(run.triggered);
      run.outcome.related.push({ 'prefect.resource.id': `prefect.flow-run.${id}`, 'prefect.resource.role': 'target' });
      return expectOk(type, run.outcome, await api(run, 'DELETE', `/flow_runs/${id}`));
    }
    case 'pause-work-queue':
    case 'resume-work-queue':
      return workQueueCommand(run, type === 'pause-work-queue');
    case 'pause-work-pool':
    case 'resume-work-pool':
      return workPoolCommand(run, type === 'pause-work-pool');
    case 'pause-automation':
    case 'resume-automation':
      return automationCommand(run, type === 'resume-automation');
    case 'call-webhook':
      return callWebhook(run);
    case 'send-notification':
      return sendNotification(run);
    default:
      throw new ActionFailed(`Unknown action type ${pyRepr(String(type))}`);
  }
}
