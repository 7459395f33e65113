// Counts the SQL statements and the rows the database returned for one request
// of each scenario. It runs the server's own createServer over the same
// database in this separate process, with the client's statement and row
// hooks (the ones the tests use), so the measured server runs without them.
//
//   node --import tsx bench/probe.ts <database-url> <write-flow-id> [scenario,...]   → JSON on stdout
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { makeClient } from '../src/db/client.ts';
import { parseDatabaseUrl } from '../src/db/url.ts';
import { createServer } from '../src/server.ts';
import { loadSettings } from '../src/settings.ts';
import { send } from './requests.ts';
import { isSequence, scenarios, type HttpRequest } from './scenarios.ts';
import { createMemoryBus } from '../src/events/bus.ts';

export interface ProbeResult {
  /** Per HTTP request (a write sequence's totals divided by its length). */
  statements: number;
  rows: number;
  status: number[];
  bytes: number;
  items: number | null;
}

const [url, writeFlowId, names] = process.argv.slice(2);
const wanted = new Set(names ? names.split(',') : []);
const settings = loadSettings({ PREFECT_HOME: mkdtempSync(path.join(os.tmpdir(), 'prefect-bench-probe-')), PREFECT_SERVER_DATABASE_CONNECTION_URL: url });
const target = parseDatabaseUrl(url);
let statements = 0;
let rows = 0;
const db = makeClient(target, { onQuery: () => statements++, onRows: (n) => (rows += n) });
const server = createServer({ settings, db, target, events: createMemoryBus() });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const results: Record<string, ProbeResult> = {};
for (const scenario of scenarios(writeFlowId).filter((s) => wanted.size === 0 || wanted.has(s.name))) {
  const steps: HttpRequest[] = isSequence(scenario.server) ? scenario.server.steps : [scenario.server];
  const run = async () => {
    const context = {};
    const answers = [];
    for (const step of steps) answers.push(await send(base, step, context));
    return answers;
  };
  await run(); // warm-up: first-use costs (prepared documents, connections) are not per request
  statements = 0;
  rows = 0;
  const answers = await run();
  results[scenario.name] = {
    statements: statements / steps.length,
    rows: rows / steps.length,
    status: answers.map((a) => a.status),
    bytes: Math.round(answers.reduce((sum, a) => sum + a.bytes, 0) / steps.length),
    items: answers.length === 1 ? answers[0].items : null,
  };
}
process.stdout.write(JSON.stringify(results));
server.closeAllConnections();
server.close();
await db.$disconnect();
