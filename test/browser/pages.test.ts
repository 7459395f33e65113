// The pages a person opens in a browser, in headless Chromium (Debian's
// `chromium`, driven by playwright-core): GraphiQL at /graphql and the API
// reference at /docs render, run, and make no failed request (nothing from a
// CDN: the machine has no internet). Without Chromium this file is skipped
// with a loud warning (install it: `apt-get install -y chromium`).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { startServer, type TestServer } from '../support/server.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('\n\n*** test/browser: no Chromium found (apt-get install -y chromium): browser tests SKIPPED ***\n\n');

/** Opens `path` and collects what failed: requests, HTTP errors, page errors, console errors. */
async function open(page: Page, url: string) {
  const failures: string[] = [];
  page.on('requestfailed', (r) => failures.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && failures.push(`console: ${m.text()}`));
  await page.goto(url, { waitUntil: 'networkidle' });
  return failures;
}

describe.skipIf(!CHROMIUM)('in a browser', () => {
  let server: TestServer;
  let databases: TestDatabases;
  let browser: Browser;

  beforeAll(async () => {
    databases = (await testTargets()).find((t) => t.name === 'sqlite')!;
    server = await startServer(await databases.createMigrated());
    await server.rest('POST', '/flows/', { name: 'seen-in-graphiql' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await databases?.dispose();
  });

  it('GraphiQL loads at /graphql and runs a query', async () => {
    const page = await browser.newPage();
    const failures = await open(page, `${server.url}/graphql`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toContain('seen-in-graphiql');
    expect(failures).toEqual([]);
  }, 60_000);

  it('the API reference at /docs renders every route group from /openapi.json', async () => {
    const page = await browser.newPage();
    const failures = await open(page, `${server.url}/docs`);
    // Swagger UI renders the groups as they scroll into view; the loaded spec has them all.
    const groups = () => page.evaluate(() => (window as any).ui.specSelectors.taggedOperations().keySeq().toJS() as string[]);
    await expect.poll(groups, { timeout: 20_000 }).toEqual(expect.arrayContaining(['flows', 'flow_runs', 'task_runs']));
    expect(await page.locator('.opblock-summary-path').first().textContent()).toBe('/health');
    expect(failures).toEqual([]);
  }, 60_000);
});
