// The blocks that call-webhook and send-notification use (events §5.3, §6.9):
// the document is read through this server's own API with its secrets, then
// sent over HTTP by a small implementation of Prefect's block class. This
// server sends what is plain HTTP: the Webhook block, and the Slack webhook
// and custom webhook notification blocks. Other notification blocks (Apprise
// services, email, pager services) fail with `Notification failed` and a log
// saying so.
import { publishCommitted } from '../../events/emitters/publish.ts';
import type { RelatedResource } from '../../events/types.ts';
import { uuid7 } from '../../orchestration/uuid7.ts';
import type { Settings } from '../../settings.ts';
import { callApi, type ApiDeps } from './api.ts';
import { automationHeaders } from './headers.ts';
import { ActionFailed, pyRepr, reasonFromResponse, type Outcome } from './outcome.ts';
import { sendOutbound, type OutboundResponse } from './outbound.ts';
import type { TriggeredAction } from '../types.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface LoadedBlock {
  id: string;
  name: string;
  slug: string;
  capabilities: string[];
  data: Json;
}

/** Reads the action's block document (ActionFailed with the API's reason when that fails). */
export async function readBlock(deps: ApiDeps, triggered: TriggeredAction, invalid: string): Promise<LoadedBlock> {
  const id = String(triggered.action.block_document_id);
  const response = await callApi(deps, 'GET', `/block_documents/${id}?include_secrets=true`, undefined, automationHeaders(triggered));
  if (response.status >= 300) throw new ActionFailed(reasonFromResponse(triggered.action.type, response));
  const doc = response.body as Json;
  const schema = isObject(doc.block_schema) ? doc.block_schema : null;
  const type = isObject(doc.block_type) ? doc.block_type : null;
  if (!schema || !type) throw new ActionFailed(`${invalid}: ValueError('Unable to determine block schema for provided block document')`);
  const block: LoadedBlock = {
    id,
    name: String(doc.name),
    slug: String(type.slug),
    capabilities: Array.isArray(schema.capabilities) ? schema.capabilities.map(String) : [],
    data: isObject(doc.data) ? doc.data : {},
  };
  // Prefect's block loading announces itself: prefect.block.<slug>.loaded.
  const now = new Date();
  publishCommitted(deps.events, [
    {
      occurred: now,
      event: `prefect.block.${block.slug}.loaded`,
      resource: { 'prefect.resource.id': `prefect.block-document.${block.id}`, 'prefect.resource.name': block.name },
      related: [{ 'prefect.resource.id': `prefect.block-type.${block.slug}`, 'prefect.resource.role': 'block-type' }],
      payload: {},
      id: uuid7(),
      follows: null,
      received: now,
    },
  ]);
  return block;
}

export function blockRelated(block: LoadedBlock): RelatedResource[] {
  return [
    { 'prefect.resource.id': `prefect.block-document.${block.id}`, 'prefect.resource.role': 'block', 'prefect.resource.name': block.name },
    { 'prefect.resource.id': `prefect.block-type.${block.slug}`, 'prefect.resource.role': 'block-type' },
  ];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function stringMap(value: unknown, field: string, invalid: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new ActionFailed(`${invalid}: ValueError(${pyRepr(`${field} should be a valid dictionary`)})`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Private targets: allowed by the server setting, unless the block itself says no. */
const allowPrivate = (settings: Settings, data: Json) => settings.actions.allowPrivateTargets && data.allow_private_urls !== false;

/** Prefect's Webhook block: `payload` is sent as the raw body. */
export function webhookCall(settings: Settings, block: LoadedBlock): (payload: string) => Promise<OutboundResponse> {
  const invalid = 'The webhook block was invalid';
  const method = block.data.method ?? 'POST';
  if (typeof method !== 'string' || !METHODS.includes(method)) throw new ActionFailed(`${invalid}: ValueError(${pyRepr(`method should be one of ${METHODS.join(', ')}`)})`);
  if (typeof block.data.url !== 'string' || !block.data.url) throw new ActionFailed(`${invalid}: ValueError('url: Field required')`);
  const url = block.data.url;
  const headers = stringMap(block.data.headers, 'headers', invalid);
  return (payload) => sendOutbound({ method, url, headers, body: payload, allowPrivate: allowPrivate(settings, block.data), insecure: block.data.verify === false });
}

/** Prefect's apply_values: `{{ key }}` placeholders; a string that is one placeholder takes the value itself. */
function applyValues(template: unknown, values: Json): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(template);
    if (whole && whole[1] in values) return values[whole[1]];
    return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
  }
  if (Array.isArray(template)) return template.map((t) => applyValues(t, values));
  if (isObject(template)) return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, applyValues(v, values)]));
  return template;
}

type Notify = (subject: string, body: string) => Promise<OutboundResponse>;

function customWebhook(settings: Settings, block: LoadedBlock): Notify {
  const invalid = 'The notification block was invalid';
  const d = block.data;
  if (d.form_data !== undefined && d.form_data !== null && d.json_data !== undefined && d.json_data !== null) {
    throw new ActionFailed(`${invalid}: ValueError('both \`Form Data\` and \`JSON Data\` provided')`);
  }
  if (typeof d.url !== 'string') throw new ActionFailed(`${invalid}: ValueError('url: Field required')`);
  const method = typeof d.method === 'string' && METHODS.includes(d.method) ? d.method : 'POST';
  return (subject, body) => {
    const values: Json = { ...(isObject(d.secrets) ? d.secrets : {}), subject, body, name: d.name };
    const url = new URL(String(applyValues(d.url, values)));
    for (const [k, v] of Object.entries((applyValues(d.params ?? {}, values) as Json) ?? {})) url.searchParams.append(k, String(v));
    const headers: Record<string, string> = { 'user-agent': 'Prefect Notifications', ...stringMap(applyValues(d.headers, values), 'headers', invalid) };
    const cookies = stringMap(applyValues(d.cookies, values), 'cookies', invalid);
    if (Object.keys(cookies).length)
      headers.cookie = Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    let payload: string | undefined;
    if (d.json_data !== undefined && d.json_data !== null) {
      payload = JSON.stringify(applyValues(d.json_data, values));
      headers['content-type'] = 'application/json';
    } else if (typeof d.form_data === 'string') payload = String(applyValues(d.form_data, values));
    else if (isObject(d.form_data)) {
      payload = new URLSearchParams(Object.entries(applyValues(d.form_data, values) as Json).map(([k, v]) => [k, String(v)])).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const timeout = typeof d.timeout === 'number' ? d.timeout : 10;
    return sendOutbound({ method, url: url.toString(), headers, body: payload, allowPrivate: allowPrivate(settings, d), timeoutMs: timeout * 1000 });
  };
}

function slackWebhook(settings: Settings, block: LoadedBlock): Notify {
  const url = block.data.url;
  if (typeof url !== 'string' || !url) throw new ActionFailed("The notification block was invalid: ValueError('url: Field required')");
  // Apprise's Slack webhook message: the subject as the attachment's title.
  return (subject, body) =>
    sendOutbound({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'user-agent': 'Prefect Notifications' },
      body: JSON.stringify({ mrkdwn: true, attachments: [{ title: subject, text: body }] }),
      allowPrivate: allowPrivate(settings, block.data),
    });
}

/** Sends a notification with the block; failures become `Notification failed` with the log in the details. */
export function notifier(settings: Settings, block: LoadedBlock, outcome: Outcome): Notify {
  const impl = block.slug === 'custom-webhook' ? customWebhook(settings, block) : block.slug === 'slack-webhook' ? slackWebhook(settings, block) : null;
  return async (subject, body) => {
    if (!impl) {
      outcome.details.notification_log = `Notifications through ${block.slug} blocks are not sent by this server.`;
      throw new ActionFailed('Notification failed');
    }
    let response: OutboundResponse;
    try {
      response = await impl(subject, body);
    } catch (error) {
      outcome.details.notification_log = (error as Error).message;
      throw new ActionFailed('Notification failed');
    }
    if (response.status >= 400) {
      outcome.details.notification_log = `HTTP ${response.status}: ${response.text.slice(0, 1000)}`;
      throw new ActionFailed('Notification failed');
    }
    return response;
  };
}
