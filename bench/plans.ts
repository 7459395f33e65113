// The query plans of the read scenarios, as the server sends them: the server
// runs in this process over a seeded bench database, each read scenario is
// sent once, and every SELECT it sent (captured with its parameters at the pg
// driver) is run again under EXPLAIN (ANALYZE, BUFFERS). One file per
// scenario in bench/plans/<db>-<size>-<scenario>.txt. SQLite: EXPLAIN QUERY
// PLAN and the statement's time.
//
//   node --import tsx bench/plans.ts --size 1m [--db postgresql|sqlite] [--scenario nested,flat-rest]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { makeClient } from '../src/db/client.ts';
import { createMemoryBus } from '../src/events/bus.ts';
import { registerSqliteFunctions } from '../src/db/sqlite-functions.ts';
import { createServer } from '../src/server.ts';
import { loadSettings } from '../src/settings.ts';
import { send } from './requests.ts';
import { scenarios, type HttpRequest } from './scenarios.ts';
import { BENCH_DIR, SIZES, benchTarget, labelOf, seedDatabase, type Provider } from './seed/index.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1m' },
    db: { type: 'string', default: 'postgresql' },
    scenario: { type: 'string', default: 'flat-rest,flat-graphql,nested,count,history' },
  },
});
const size = SIZES[values.size!.toLowerCase()] ?? Number(values.size);
const provider = values.db as Provider;
const wanted = values.scenario!.split(',');
const target = benchTarget(provider, size);
await seedDatabase(target, { size, seed: 1 });
const url = target.provider === 'sqlite' ? `file:${target.file}` : target.url;

interface Captured {
  sql: string;
  values: unknown[];
}
let captured: Captured[] = [];
if (provider === 'postgresql') {
  // Every statement the adapter sends goes through Client#query with its parameters.
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, params] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    const sql = typeof config === 'string' ? config : config?.text;
    if (typeof sql === 'string' && /^\s*(SELECT|WITH)/i.test(sql)) captured.push({ sql, values: (typeof config === 'object' ? config.values : params) ?? [] });
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}
const settings = loadSettings({ PREFECT_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-bench-plans-')), PREFECT_SERVER_DATABASE_CONNECTION_URL: url });
const sqliteStatements: string[] = [];
const db = makeClient(target, provider === 'sqlite' ? { onQuery: (sql) => /^\s*SELECT/i.test(sql) && sqliteStatements.push(sql) } : {});
const server = createServer({ settings, db, target, events: createMemoryBus() });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const dir = path.join(BENCH_DIR, 'plans');
fs.mkdirSync(dir, { recursive: true });

for (const scenario of scenarios('00000000-0000-4000-8000-000000000000').filter((s) => s.kind === 'read' && wanted.includes(s.name))) {
  const request = scenario.server as HttpRequest;
  await send(base, request); // warm-up
  captured = [];
  sqliteStatements.length = 0;
  const answer = await send(base, request, {}, 600_000);
  const out: string[] = [
    `# ${scenario.name} (${provider}, ${labelOf(size)} flow runs): ${scenario.description}`,
    `# answer: status ${answer.status}, ${answer.items} items, ${answer.bytes} bytes`,
    '',
  ];
  if (target.provider === 'postgresql') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The statements of our own server process only (services poll other tables).
    for (const [i, { sql, values: params }] of captured.filter((c) => /flow|task_run/.test(c.sql)).entries()) {
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params as unknown[]);
      out.push(`## statement ${i + 1}`, '', sql, '', `-- parameters: ${JSON.stringify(params).slice(0, 2000)}`, '', ...plan.rows.map((r) => r['QUERY PLAN']), '');
    }
    await client.end();
  } else {
    const sqlite = new Database(target.file, { readonly: true });
    registerSqliteFunctions(sqlite);
    for (const [i, sql] of sqliteStatements.filter((s) => /flow|task_run/.test(s)).entries()) {
      out.push(`## statement ${i + 1}`, '', sql, '', '(EXPLAIN QUERY PLAN; parameters are not captured on SQLite, so no timing)');
      try {
        const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
        out.push(
          ...sqlite
            .prepare(`EXPLAIN QUERY PLAN ${sql}`)
            .all(...params)
            .map((r) => `  ${(r as { detail: string }).detail}`),
          '',
        );
      } catch (error) {
        out.push(`  (no plan: ${(error as Error).message})`, '');
      }
    }
    sqlite.close();
  }
  const file = path.join(dir, `${provider}-${labelOf(size)}-${scenario.name}.txt`);
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  process.stderr.write(`wrote ${path.relative(path.dirname(BENCH_DIR), file)}\n`);
}
server.closeAllConnections();
server.close();
await db.$disconnect();
process.exit(0);
