// The routes Prefect's UI calls, called the way the UI calls them: from a page
// served by ANOTHER origin (a second node:http server), with fetch and JSON
// bodies taken from the UI's own requests (ui-v2/src/api/** and its route
// loaders; the v1 dashboard's task-run counts), so every POST goes through a
// CORS preflight. The page boots as the UI does: GET /ui-settings at the server
// root, then the API at its api_url. Nothing may fail (request failures, HTTP
// errors, console errors) and each answer must have the shape the UI expects.
// Without Chromium this file is skipped with a loud warning.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { startServer, type TestServer } from '../support/server.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('\n\n*** test/browser: no Chromium found (apt-get install -y chromium): UI route tests SKIPPED ***\n\n');

type Shape = 'array' | 'number' | 'object';
/** One UI request: `min` is the least length (array), value (number) or key count (object) the seed data gives. */
interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  shape: Shape;
  min?: number;
}

/** The events page's window: the last 24 hours up to the current minute, as ui-v2's events filters build it. */
function eventsWindow() {
  const now = new Date();
  now.setSeconds(0, 0);
  return { since: new Date(now.getTime() - 86_400_000).toISOString(), until: now.toISOString() };
}

function uiCalls(ids: { flow: string; flowRun: string; taskRun: string }): Call[] {
  const occurred = eventsWindow();
  const eventFilter = { occurred, order: 'DESC', event: { exclude_name: ['prefect.log.write'] } };
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const now = new Date().toISOString();
  const variables = { offset: 0, limit: 10, sort: 'CREATED_DESC', variables: { operator: 'and_' } };
  const latestArtifacts = { artifacts: { operator: 'and_', type: {}, key: { exists_: true, like_: '' } }, sort: 'ID_DESC', offset: 0 };
  return [
    { method: 'POST', path: '/ui/flow_runs/count-task-runs', body: { flow_run_ids: [ids.flowRun] }, shape: 'object', min: 1 },
    // The runs page with "hide subflows" on (routes/runs/index.tsx buildHistoryFilter).
    {
      method: 'POST',
      path: '/ui/flow_runs/history',
      body: { sort: 'EXPECTED_START_TIME_DESC', limit: 1000, offset: 0, flow_runs: { operator: 'and_', parent_task_run_id: { operator: 'and_', is_null_: true } } },
      shape: 'array',
      min: 1,
    },
    { method: 'POST', path: '/ui/flows/next-runs', body: { flow_ids: [ids.flow] }, shape: 'object', min: 1 },
    { method: 'POST', path: '/ui/flows/count-deployments', body: { flow_ids: [ids.flow] }, shape: 'object', min: 1 },
    { method: 'GET', path: `/ui/task_runs/${ids.taskRun}`, shape: 'object' },
    {
      method: 'POST',
      path: '/ui/task_runs/dashboard/counts',
      body: { task_runs: { operator: 'and_', start_time: { after_: dayAgo } }, flow_runs: { operator: 'and_' } },
      shape: 'array',
      min: 20,
    },
    { method: 'POST', path: '/ui/task_runs/count', body: { flow_runs: { operator: 'and_', id: { any_: [ids.flowRun] } } }, shape: 'object', min: 9 },
    { method: 'POST', path: '/variables/filter', body: variables, shape: 'array', min: 1 },
    { method: 'POST', path: '/variables/count', body: variables, shape: 'number', min: 1 },
    { method: 'POST', path: '/variables/count', shape: 'number', min: 1 },
    { method: 'POST', path: '/block_types/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    // The blocks page with no search (routes/blocks/index.tsx): undefined filter values vanish from the JSON.
    {
      method: 'POST',
      path: '/block_documents/filter',
      body: {
        block_types: { slug: {} },
        block_documents: { is_anonymous: { eq_: false }, operator: 'and_', name: {} },
        offset: 0,
        include_secrets: false,
        sort: 'NAME_ASC',
        limit: 10,
      },
      shape: 'array',
      min: 1,
    },
    // buildCountAllBlockDocumentsQuery sends no body at all.
    { method: 'POST', path: '/block_documents/count', shape: 'number', min: 1 },
    { method: 'POST', path: '/block_documents/count', body: { offset: 0, sort: 'BLOCK_TYPE_AND_NAME_ASC', include_secrets: false }, shape: 'number', min: 1 },
    { method: 'POST', path: '/events/filter', body: { filter: eventFilter, limit: 50 }, shape: 'object' },
    { method: 'POST', path: '/events/count-by/event', body: { filter: eventFilter, time_unit: 'hour', time_interval: 1 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/events/count-by/time', body: { filter: eventFilter, time_unit: 'hour', time_interval: 1 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/work_pools/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/deployments/filter', body: { offset: 0, sort: 'CREATED_DESC' }, shape: 'array', min: 1 },
    { method: 'POST', path: '/deployments/count', body: { offset: 0, sort: 'NAME_ASC' }, shape: 'number', min: 1 },
    { method: 'POST', path: '/artifacts/filter', body: { offset: 0, sort: 'ID_DESC' }, shape: 'array', min: 1 },
    { method: 'POST', path: '/artifacts/latest/filter', body: latestArtifacts, shape: 'array', min: 1 },
    {
      method: 'POST',
      path: '/logs/filter',
      body: { limit: 50, sort: 'TIMESTAMP_ASC', logs: { operator: 'and_', level: { ge_: 0 }, flow_run_id: { any_: [ids.flowRun] } }, offset: 0 },
      shape: 'array',
      min: 1,
    },
    { method: 'POST', path: '/v2/concurrency_limits/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/concurrency_limits/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/saved_searches/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/flow_runs/filter', body: { sort: 'ID_DESC', offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/flows/filter', body: { offset: 0, sort: 'CREATED_DESC' }, shape: 'array', min: 1 },
    { method: 'POST', path: '/task_runs/filter', body: { sort: 'ID_DESC', offset: 0 }, shape: 'array', min: 1 },
    // More of ui-v2's calls: the dashboard's task-run history (20 buckets over the window), paginated lists, counts.
    {
      method: 'POST',
      path: '/task_runs/history',
      body: {
        history_start: dayAgo,
        history_end: now,
        history_interval_seconds: 4320,
        flow_runs: { operator: 'and_' },
        task_runs: { operator: 'and_', start_time: { after_: dayAgo, before_: now } },
      },
      shape: 'array',
      min: 20,
    },
    { method: 'POST', path: '/flows/paginate', body: { page: 1, sort: 'NAME_ASC' }, shape: 'object', min: 5 },
    { method: 'POST', path: '/flow_runs/paginate', body: { page: 1, sort: 'START_TIME_DESC' }, shape: 'object', min: 5 },
    { method: 'POST', path: '/task_runs/paginate', body: { page: 1, sort: 'EXPECTED_START_TIME_DESC' }, shape: 'object', min: 5 },
    { method: 'POST', path: '/deployments/paginate', body: { page: 1, limit: 10, sort: 'NAME_ASC' }, shape: 'object', min: 5 },
    { method: 'POST', path: '/flows/count', body: {}, shape: 'number', min: 1 },
    { method: 'POST', path: '/flow_runs/count', body: {}, shape: 'number', min: 2 },
    { method: 'POST', path: '/task_runs/count', body: {}, shape: 'number', min: 1 },
    { method: 'POST', path: '/flow_runs/lateness', body: { sort: 'ID_DESC', offset: 0 }, shape: 'number' },
    { method: 'POST', path: '/work_pools/count', body: {}, shape: 'number', min: 1 },
    { method: 'POST', path: '/artifacts/count', body: { offset: 0, sort: 'ID_DESC' }, shape: 'number', min: 1 },
    { method: 'POST', path: '/artifacts/latest/count', body: latestArtifacts, shape: 'number', min: 1 },
    { method: 'POST', path: '/block_schemas/filter', body: { offset: 0 }, shape: 'array', min: 1 },
    { method: 'POST', path: '/automations/filter', body: { sort: 'CREATED_DESC', offset: 0 }, shape: 'array', min: 1 },
  ];
}

/**
 * The page's script: boot from /ui-settings, then each call as openapi-fetch sends it (JSON bodies, no
 * body when none). With a password (base64 of user:pass, as the UI stores it) every API request carries
 * Basic auth; when the settings say CSRF is on, a token from /csrf-token goes on every mutating request,
 * as ui-v2's csrf middleware does.
 */
function pageScript(root: string, calls: Call[], password?: string) {
  return `
const calls = ${JSON.stringify(calls)};
const password = ${JSON.stringify(password ?? null)};
const shapeOf = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);
const sizeOf = (v) => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : Object.keys(v).length);
// Never rejects: a failure is an entry in the results (the test prints them), not a page error.
window.results = (async () => {
  const out = [];
  let settings;
  try {
    const settingsRes = await fetch(${JSON.stringify(`${root}/ui-settings`)});
    settings = await settingsRes.json();
    out.push({ path: '/ui-settings', status: settingsRes.status, shape: shapeOf(settings), size: sizeOf(settings) });
  } catch (e) {
    out.push({ path: '/ui-settings', error: String(e) });
    return out;
  }
  const auth = password ? { Authorization: 'Basic ' + password } : {};
  const clientId = crypto.randomUUID();
  let csrf = {};
  if (settings.csrf_enabled) {
    try {
      const res = await fetch(settings.api_url + '/csrf-token?client=' + clientId, { headers: auth });
      const token = await res.json();
      out.push({ path: '/csrf-token', status: res.status, shape: shapeOf(token), size: sizeOf(token) });
      csrf = { 'Prefect-Csrf-Token': token.token, 'Prefect-Csrf-Client': clientId };
    } catch (e) {
      out.push({ path: '/csrf-token', error: String(e) });
    }
  }
  for (const call of calls) {
    const init = { method: call.method, headers: { ...auth, ...(call.method === 'GET' ? {} : csrf) } };
    if (call.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    try {
      const res = await fetch(settings.api_url + call.path, init);
      const body = await res.json();
      out.push({ path: call.path, status: res.status, shape: shapeOf(body), size: sizeOf(body), body });
    } catch (e) {
      out.push({ path: call.path, error: String(e) });
    }
  }
  return out;
})();
`;
}

describe.skipIf(!CHROMIUM)('the UI routes from another origin, in a browser', () => {
  let server: TestServer;
  let databases: TestDatabases;
  let browser: Browser;
  let pages: http.Server;
  let pageUrl: string;
  let calls: Call[];
  let secured: TestServer;

  beforeAll(async () => {
    databases = (await testTargets()).find((t) => t.name === 'sqlite')!;
    // Events are stored as they arrive (the persister flushes each one).
    server = await startServer(await databases.createMigrated(), {
      PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE: '1',
      PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.05',
    });
    // The UI takes the API's address from /ui-settings: point it at this test server's port.
    server.settings.ui.apiUrl = `${server.url}${server.settings.api.basePath}`;
    calls = uiCalls(await seed(server));
    // A second server behind Basic auth with CSRF protection: the UI's headers go through preflights too.
    secured = await startServer(await databases.createMigrated(), { PREFECT_SERVER_API_AUTH_STRING: 'admin:pass', PREFECT_SERVER_CSRF_PROTECTION_ENABLED: 'true' });
    secured.settings.ui.apiUrl = `${secured.url}${secured.settings.api.basePath}`;

    const scripts: Record<string, () => string> = {
      '/': () => pageScript(server.url, calls),
      '/secured': () => pageScript(secured.url, SECURED_CALLS, Buffer.from('admin:pass').toString('base64')),
    };
    pages = http.createServer((req, res) => {
      const script = scripts[req.url ?? ''];
      if (!script) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script>${script()}</script></body></html>`);
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (pages ? pages.close(resolve) : resolve(undefined)));
    await server?.close();
    await secured?.close();
    await databases?.dispose();
  });

  it('answers every call with no failed request, preflights included, in the shape the UI reads', async () => {
    expect(new URL(pageUrl).origin).not.toBe(new URL(server.url).origin);
    const { failures, results } = await run(browser, pageUrl);
    expect(failures).toEqual([]);
    expect(results[0]).toEqual({ path: '/ui-settings', status: 200, shape: 'object', size: 8 });
    const answers = results.slice(1);
    expect(mismatches(answers, calls)).toEqual([]);

    // A few answers checked for what the seed data puts in them.
    const body = (path: string) => answers.find((r) => r.path === path)!.body as any;
    expect(Object.values(body('/ui/flows/count-deployments'))).toEqual([1]);
    expect(Object.values(body('/ui/flows/next-runs'))[0]).toMatchObject({ state_type: 'SCHEDULED' });
    expect(Object.values(body('/ui/flow_runs/count-task-runs'))).toEqual([1]);
    expect(body('/ui/task_runs/count')).toMatchObject({ COMPLETED: 1, RUNNING: 0 });
    expect(body('/ui/task_runs/dashboard/counts').reduce((sum: number, b: { completed: number }) => sum + b.completed, 0)).toBe(1);
    const taskRunPath = calls.find((c) => c.method === 'GET')!.path;
    expect(body(taskRunPath)).toMatchObject({ id: taskRunPath.split('/').at(-1), flow_run_name: expect.any(String) });
    expect(body('/events/filter').events.map((e: { event: string }) => e.event)).toContain('ui.test.happened');
  }, 120_000);

  it("behind Basic auth and CSRF: /ui-settings without credentials, then the API with the UI's auth and CSRF headers", async () => {
    const { failures, results } = await run(browser, new URL('/secured', pageUrl).href);
    expect(failures).toEqual([]);
    expect(results.slice(0, 2)).toEqual([
      { path: '/ui-settings', status: 200, shape: 'object', size: 8 },
      { path: '/csrf-token', status: 200, shape: 'object', size: 6 },
    ]);
    expect(mismatches(results.slice(2), SECURED_CALLS)).toEqual([]);
  }, 120_000);
});

/** Calls on an empty database, mutating ones among them (CSRF headers), for the secured server. */
const SECURED_CALLS: Call[] = [
  { method: 'POST', path: '/flows/filter', body: { offset: 0, sort: 'CREATED_DESC' }, shape: 'array' },
  { method: 'POST', path: '/ui/flows/count-deployments', body: { flow_ids: [] }, shape: 'object' },
  { method: 'POST', path: '/variables/', body: { name: 'secured_variable', value: 1 }, shape: 'object' },
  { method: 'POST', path: '/variables/count', shape: 'number', min: 1 },
  { method: 'POST', path: '/ui/task_runs/count', body: {}, shape: 'object', min: 9 },
];

interface Result {
  path: string;
  status?: number;
  shape?: string;
  size?: number;
  body?: unknown;
  error?: string;
}

/** Opens the page and collects what failed (requests, HTTP errors, page and console errors) and the script's results. */
async function run(browser: Browser, url: string) {
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('requestfailed', (r) => failures.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && failures.push(`console: ${m.text()}`));
  await page.goto(url);
  const results = (await page.evaluate('window.results')) as Result[];
  await page.close();
  return { failures, results };
}

/** The answers that are not a 200 in the wanted shape and size, described; [] when all are. */
function mismatches(answers: Result[], calls: Call[]): string[] {
  expect(answers.map((r) => r.path)).toEqual(calls.map((c) => c.path));
  return answers
    .map((r, i) => ({ ...r, want: calls[i] }))
    .filter((r) => r.error || (r.status !== 200 && r.status !== 201) || r.shape !== r.want.shape || (r.size ?? 0) < (r.want.min ?? 0))
    .map((r) => `${r.want.method} ${r.path}: ${r.error ?? `${r.status} ${r.shape} size ${r.size} (want ${r.want.shape} ≥ ${r.want.min ?? 0}) ${JSON.stringify(r.body ?? '')}`}`);
}

/** A little of everything the UI lists: a flow with a deployment in a work pool, runs, a task run, a log, a variable, a block document, an event, an artifact, limits, a saved search. */
async function seed(server: TestServer) {
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await server.rest(method, path, body);
    if (res.status >= 300) throw new Error(`seed ${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const flow = await ok('POST', '/flows/', { name: 'ui-flow' });
  await ok('POST', '/work_pools/', { name: 'ui-pool', type: 'process' });
  const deployment = await ok('POST', '/deployments/', { name: 'ui-deployment', flow_id: flow.id, work_pool_name: 'ui-pool' });
  // A scheduled run (the flow's next run) and a run with a finished task run.
  await ok('POST', `/deployments/${deployment.id}/create_flow_run`, {});
  const flowRun = await ok('POST', '/flow_runs/', { flow_id: flow.id, deployment_id: deployment.id, state: { type: 'RUNNING' } });
  const taskRun = await ok('POST', '/task_runs/', { flow_run_id: flowRun.id, task_key: 'ui-task', dynamic_key: '0', state: { type: 'RUNNING' } });
  await ok('POST', `/task_runs/${taskRun.id}/set_state`, { state: { type: 'COMPLETED' } });
  await ok('POST', '/logs/', [{ name: 'ui', level: 20, message: 'hello', timestamp: new Date().toISOString(), flow_run_id: flowRun.id, task_run_id: taskRun.id }]);
  await ok('POST', '/variables/', { name: 'ui_variable', value: 'v' });
  const type = await ok('POST', '/block_types/', { name: 'UI Thing', slug: 'ui-thing' });
  const schema = await ok('POST', '/block_schemas/', { block_type_id: type.id, fields: { properties: { x: { type: 'string' } } } });
  await ok('POST', '/block_documents/', { name: 'ui-block', block_type_id: type.id, block_schema_id: schema.id, data: { x: 'y' } });
  const event = {
    id: crypto.randomUUID(),
    occurred: new Date(Date.now() - 120_000).toISOString(),
    event: 'ui.test.happened',
    resource: { 'prefect.resource.id': 'ui.resource' },
    related: [],
    payload: {},
  };
  await ok('POST', '/events', [event]);
  await ok('POST', '/artifacts/', { key: 'ui-artifact', type: 'markdown', data: '# hi', flow_run_id: flowRun.id });
  await ok('POST', '/v2/concurrency_limits/', { name: 'ui-limit', limit: 2 });
  await ok('POST', '/concurrency_limits/', { tag: 'ui-tag', concurrency_limit: 2 });
  await ok('PUT', '/saved_searches/', { name: 'ui-search', filters: [] });
  const automation = await server.rest('POST', '/automations/', {
    name: 'ui-automation',
    trigger: { type: 'event', posture: 'Reactive', expect: ['ui.test.*'], threshold: 1, within: 0 },
    actions: [{ type: 'do-nothing' }],
  });
  if (automation.status !== 201) throw new Error(`seed POST /automations/: ${automation.status} ${automation.text}`);
  // The persister stores events in the background: wait for the row, as the events tests do.
  await server.events.drain();
  for (let tries = 0; (await server.db.event.count({ where: { id: event.id } })) === 0; tries++) {
    if (tries > 500) throw new Error('event not stored');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { flow: flow.id as string, flowRun: flowRun.id as string, taskRun: taskRun.id as string };
}
