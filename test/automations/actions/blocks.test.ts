// call-webhook and send-notification (events §5.3, §6.8, §6.9): the block
// document read with its secrets, the templated payload rendered with the
// action's context (objects read lazily from the API), the call to a loopback
// server this test starts, the result details, and the reasons.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../support/each-database.ts';
import type { TestServer } from '../../support/server.ts';
import { ACTIONS_ENV, createAutomation, event, outcome, triggeredAction, unique, useActions } from './support.ts';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server that records requests and answers `status` with a JSON body and headers. */
function useReceiver() {
  const received: Received[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res
        .writeHead(status, { 'content-type': 'application/json', authorization: 'secret', 'x-prefect-thing': 'noisy', 'x-kept': 'yes' })
        .end(JSON.stringify({ ok: true, long: 'x'.repeat(2000) }));
    });
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: (path = '/hook') => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    answer: (s: number) => (status = s),
  };
}

/** A document of a built-in block type (registered at start). */
async function blockDocument(server: TestServer, slug: string, data: Record<string, unknown>) {
  const type = (await server.rest('GET', `/block_types/slug/${slug}`)).body;
  const schema = (await server.rest('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [type.id] } } })).body[0];
  const res = await server.rest('POST', '/block_documents/', { name: unique('doc'), block_type_id: type.id, block_schema_id: schema.id, data });
  if (res.status !== 201) throw new Error(`block document: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string };
}

describeEachDatabase(
  'automation actions: webhooks and notifications',
  (server) => {
    const actions = useActions(server);
    const receiver = useReceiver();

    it('call-webhook: the block method, URL and headers; the payload rendered; status, truncated body and safe headers recorded', async () => {
      const doc = await blockDocument(server(), 'webhook', { method: 'PUT', url: receiver.url('/put-here'), headers: { 'X-Token': 'abc' } });
      const flow = (await server().rest('POST', '/flows/', { name: unique('flow') })).body;
      const run = (await server().rest('POST', '/flow_runs/', { flow_id: flow.id, name: 'my-run', state: { type: 'RUNNING' } })).body;
      const payload =
        'automation={{ automation.name }} event={{ event.event }} id={{ event.resource.id }} run={{ flow_run.name }} state={{ flow_run.state.name }} flow={{ flow.name }} missing={{ event.payload.nope.deeper }} none={{ event.follows }}';
      const automation = await createAutomation(server(), [{ type: 'call-webhook', block_document_id: doc.id, payload }]);
      const source = event({
        event: 'prefect.flow-run.Failed',
        resource: {
          'prefect.resource.id': `prefect.flow-run.${run.id}`,
          'prefect.state-message': '',
          'prefect.state-name': 'Crashed at event time',
          'prefect.state-timestamp': '2024-01-01T00:00:00+00:00',
          'prefect.state-type': 'CRASHED',
        },
        related: [{ 'prefect.resource.id': `prefect.flow.${flow.id}`, 'prefect.resource.role': 'flow' }],
      });
      const before = receiver.received.length;
      const result = outcome(await actions.run(triggeredAction(automation, { event: source })));
      expect(result.kind).toBe('executed');
      const request = receiver.received[before];
      expect(request).toMatchObject({ method: 'PUT', url: '/put-here' });
      expect(request.headers['x-token']).toBe('abc');
      expect(request.body).toBe(
        `automation=${automation.name} event=prefect.flow-run.Failed id=prefect.flow-run.${run.id} run=my-run state=Crashed at event time flow=${flow.name} missing= none=None`,
      );
      expect(result.payload.status_code).toBe(200);
      expect((result.payload.response_body as string).length).toBeLessThan(1100);
      expect(result.payload.response_body).toMatch(/^\{"ok":true,"long":"x+\.\.\.\d+ additional characters\.\.\.x+"\}$/);
      const headers = result.payload.response_headers as Record<string, string>;
      expect(headers['x-kept']).toBe('yes');
      expect(headers).not.toHaveProperty('authorization');
      expect(headers).not.toHaveProperty('x-prefect-thing');
      const loaded = actions.all().find((e) => e.event === 'prefect.block.webhook.loaded' && e.resource['prefect.resource.id'] === `prefect.block-document.${doc.id}`)!;
      expect(loaded).toMatchObject({
        resource: { 'prefect.resource.id': `prefect.block-document.${doc.id}`, 'prefect.resource.name': doc.name },
        related: [{ 'prefect.resource.id': 'prefect.block-type.webhook', 'prefect.resource.role': 'block-type' }],
      });
      expect(result.related.slice(0, 2)).toEqual([
        { 'prefect.resource.id': `prefect.block-document.${doc.id}`, 'prefect.resource.role': 'block', 'prefect.resource.name': doc.name },
        { 'prefect.resource.id': 'prefect.block-type.webhook', 'prefect.resource.role': 'block-type' },
      ]);
    });

    it('call-webhook: deployment, work pool, work queue and variables in the context; none of them without a triggering event', async () => {
      const name = unique('var').replace(/-/g, '_');
      await server().rest('POST', '/variables/', { name, value: { deep: [1, 2] } });
      const pool = (await server().rest('POST', '/work_pools/', { name: unique('pool'), type: 'process' })).body;
      const queue = (await server().rest('GET', `/work_pools/${pool.name}/queues/default`)).body;
      const flow = (await server().rest('POST', '/flows/', { name: unique('flow') })).body;
      const deployment = (await server().rest('POST', '/deployments/', { name: unique('deployment'), flow_id: flow.id })).body;
      const doc = await blockDocument(server(), 'webhook', { url: receiver.url() });
      const payload = `{{ deployment.name }}|{{ work_pool.name }}|{{ work_queue.name }}|{{ work_queue.status }}|{{ variables.${name}.deep[1] }}|{{ labels.a.b }}`;
      const automation = await createAutomation(server(), [{ type: 'call-webhook', block_document_id: doc.id, payload }]);
      const source = event({
        related: [
          { 'prefect.resource.id': `prefect.deployment.${deployment.id}`, 'prefect.resource.role': 'deployment' },
          { 'prefect.resource.id': `prefect.work-pool.${pool.id}`, 'prefect.resource.role': 'work-pool' },
          { 'prefect.resource.id': `prefect.work-queue.${queue.id}`, 'prefect.resource.role': 'work-queue' },
        ],
      });
      let before = receiver.received.length;
      expect(outcome(await actions.run(triggeredAction(automation, { event: source, labels: { 'a.b': 'label' } }))).kind).toBe('executed');
      expect(receiver.received[before].body).toBe(`${deployment.name}|${pool.name}|default|${queue.status}|2|label`);
      before = receiver.received.length;
      expect(outcome(await actions.run(triggeredAction(automation, { event: null }))).kind).toBe('executed');
      expect(receiver.received[before].body).toBe('|||||');
    });

    it('call-webhook: an error status from the target is still executed (the status is recorded)', async () => {
      receiver.answer(500);
      try {
        const doc = await blockDocument(server(), 'webhook', { url: receiver.url() });
        const automation = await createAutomation(server(), [{ type: 'call-webhook', block_document_id: doc.id, payload: '{{ event | tojson }}' }]);
        const source = event({ payload: { text: '<b>&</b>' } });
        const before = receiver.received.length;
        const result = outcome(await actions.run(triggeredAction(automation, { event: source })));
        expect(result.payload).toMatchObject({ status_code: 500 });
        const sent = receiver.received[before];
        expect(sent.method).toBe('POST');
        expect(sent.body).toContain('"payload": {"text": "\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}');
        expect(JSON.parse(sent.body).id).toBe(source.id);
      } finally {
        receiver.answer(200);
      }
    });

    it('call-webhook reasons: missing block (404), not a webhook block, template failure, unreachable target', async () => {
      const notWebhook = await blockDocument(server(), 'slack-webhook', { url: receiver.url() });
      const webhook = await blockDocument(server(), 'webhook', { url: receiver.url() });
      const closed = await blockDocument(server(), 'webhook', { url: 'http://127.0.0.1:9/closed' });
      const automation = await createAutomation(server(), [
        { type: 'call-webhook', block_document_id: randomUUID() },
        { type: 'call-webhook', block_document_id: notWebhook.id },
        { type: 'call-webhook', block_document_id: webhook.id, payload: '{% for i in range(500) %}{{ i }}{% endfor %}' },
        { type: 'call-webhook', block_document_id: closed.id, payload: 'x' },
      ]);
      expect(outcome(await actions.run(triggeredAction(automation))).payload).toMatchObject({ reason: "Unexpected status from 'call-webhook' action: 404" });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).payload.reason).toBe('The referenced block was not a webhook block');
      const template = outcome(await actions.run(triggeredAction(automation, { index: 2 })));
      const reason = "OverflowError('Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE=100.')";
      expect(template.payload).toMatchObject({
        reason: `Template rendering failed: ${reason}`,
        template_error: `Failed to render template due to the following error: ${reason}`,
        template_source: '{% for i in range(500) %}{{ i }}{% endfor %}',
      });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 3 }))).payload.reason).toMatch(/^Webhook call failed: ConnectError\(/);
    });

    it('send-notification: custom webhook with its placeholders; slack webhook; reasons', async () => {
      const custom = await blockDocument(server(), 'custom-webhook', {
        name: 'my hook',
        url: receiver.url('/custom'),
        method: 'POST',
        json_data: { text: '{{subject}}: {{body}}', from: '{{name}}', token: '{{tokenFromSecrets}}' },
        secrets: { tokenFromSecrets: 'very-secret' },
        timeout: 10,
      });
      const slack = await blockDocument(server(), 'slack-webhook', { url: receiver.url('/slack') });
      const webhook = await blockDocument(server(), 'webhook', { url: receiver.url() });
      const teams = await blockDocument(server(), 'ms-teams-webhook', { url: receiver.url('/teams') });
      const automation = await createAutomation(server(), [
        { type: 'send-notification', block_document_id: custom.id, subject: 'Hello {{ automation.name }}', body: 'Event {{ event.event }}' },
        { type: 'send-notification', block_document_id: slack.id, body: 'plain body' },
        { type: 'send-notification', block_document_id: webhook.id, body: 'x' },
        { type: 'send-notification', block_document_id: teams.id, body: 'x' },
      ]);
      let before = receiver.received.length;
      const sent = outcome(await actions.run(triggeredAction(automation, { event: event({ event: 'my.event' }) })));
      expect(sent.kind).toBe('executed');
      expect(sent.related[1]).toEqual({ 'prefect.resource.id': 'prefect.block-type.custom-webhook', 'prefect.resource.role': 'block-type' });
      expect(receiver.received[before].url).toBe('/custom');
      expect(receiver.received[before].headers['user-agent']).toBe('Prefect Notifications');
      expect(JSON.parse(receiver.received[before].body)).toEqual({ text: `Hello ${automation.name}: Event my.event`, from: 'my hook', token: 'very-secret' });
      before = receiver.received.length;
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).kind).toBe('executed');
      expect(JSON.parse(receiver.received[before].body)).toEqual({ mrkdwn: true, attachments: [{ title: 'Prefect automated notification', text: 'plain body' }] });
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2 }))).payload.reason).toBe('The referenced block was not a notification block');
      const unsupported = outcome(await actions.run(triggeredAction(automation, { index: 3 })));
      expect(unsupported.payload).toMatchObject({ reason: 'Notification failed', notification_log: expect.stringContaining('ms-teams-webhook') });
      receiver.answer(503);
      try {
        const failed = outcome(await actions.run(triggeredAction(automation, { index: 1 })));
        expect(failed.payload).toMatchObject({ reason: 'Notification failed', notification_log: expect.stringMatching(/^HTTP 503/) });
      } finally {
        receiver.answer(200);
      }
    });
  },
  ACTIONS_ENV,
);

describeEachDatabase(
  'automation actions: outbound targets refused by default',
  (server) => {
    const actions = useActions(server);
    const receiver = useReceiver();

    it('a loopback webhook or notification target is refused unless PREFECT_SERVER_EVENTS_ACTIONS_ALLOW_PRIVATE_TARGETS allows it', async () => {
      const webhook = await blockDocument(server(), 'webhook', { url: receiver.url() });
      const byName = await blockDocument(server(), 'webhook', { url: receiver.url().replace('127.0.0.1', 'localhost') });
      const scheme = await blockDocument(server(), 'webhook', { url: 'file:///etc/passwd' });
      const slack = await blockDocument(server(), 'slack-webhook', { url: receiver.url('/slack') });
      const automation = await createAutomation(server(), [
        { type: 'call-webhook', block_document_id: webhook.id, payload: 'x' },
        { type: 'call-webhook', block_document_id: byName.id, payload: 'x' },
        { type: 'call-webhook', block_document_id: scheme.id, payload: 'x' },
        { type: 'send-notification', block_document_id: slack.id, body: 'x' },
      ]);
      const before = receiver.received.length;
      expect(outcome(await actions.run(triggeredAction(automation))).payload.reason).toBe(
        `Webhook call failed: ValueError("'${receiver.url()}' is not a valid URL.  It resolves to the private address 127.0.0.1.")`,
      );
      expect(outcome(await actions.run(triggeredAction(automation, { index: 1 }))).payload.reason).toMatch(
        /^Webhook call failed: ValueError\(".* It resolves to the private address (127\.0\.0\.1|::1)\."\)$/,
      );
      expect(outcome(await actions.run(triggeredAction(automation, { index: 2 }))).payload.reason).toBe(
        `Webhook call failed: ValueError("'file:///etc/passwd' is not a valid URL.  Only HTTP and HTTPS URLs are allowed.")`,
      );
      expect(outcome(await actions.run(triggeredAction(automation, { index: 3 }))).payload).toMatchObject({
        reason: 'Notification failed',
        notification_log: expect.stringContaining('private address'),
      });
      expect(receiver.received.length).toBe(before);
    });
  },
  { PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED: 'false' },
);
