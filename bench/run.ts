// npm run bench -- --size 10k|100k|1m --db sqlite|postgresql|both --scenario <name|all> [--duration s] [--warmup s] [--rounds n] [--seed n]
// npm run bench -- --chart
//
// Seeds (or reuses) the database, starts the real server, the floor and (on
// PostgreSQL) PostGraphile as child processes, counts statements and rows per
// request in a probe process, then drives each scenario with autocannon from
// this process, waiting for the targets to go idle in between. See README.md.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ROOT } from '../src/db/layout.ts';
import type { DatabaseTarget } from '../src/db/url.ts';
import { writeChart } from './chart.ts';
import { combine, drive, median, type Measure } from './load.ts';
import { rssMb, startService, waitIdle, type Service } from './processes.ts';
import type { ProbeResult } from './probe.ts';
import { rewriteMarkdown, writeResult, type BenchResult, type ScenarioResult, type TargetResult } from './report.ts';
import { send } from './requests.ts';
import { isSequence, scenarios, UPSERT_FLOWS, WRITE_FLOW, type Scenario } from './scenarios.ts';
import { benchTarget, labelOf, seedDatabase, SIZES, type Provider } from './seed/index.ts';

const PORTS = { server: 4610, floor: 4611, postgraphile: 4612 };

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10k' },
    db: { type: 'string', default: 'both' },
    scenario: { type: 'string', default: 'all' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'server-flags': { type: 'string', default: '' },
    chart: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

/**
 * The server runs as `npm start` runs it: the bundle (built first) under the
 * node flags and environment of package.json's start script, so a heap cap
 * set there is measured here. `--server-flags` adds flags (for A/B runs).
 */
function serverCommand(extra: string): { script: string; nodeArgs: string[]; env: Record<string, string> } {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  const start: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  const words = start.split(/\s+/).filter((w) => w && w !== 'exec');
  const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split('=', 2) as [string, string]));
  const node = words.indexOf('node');
  const script = words.findIndex((w, i) => i > node && !w.startsWith('-'));
  if (node < 0 || script < 0) throw new Error(`package.json's start script is not "node [flags] <script>": ${start}`);
  const nodeArgs = [...words.slice(node + 1, script), ...extra.split(/\s+/).filter(Boolean)];
  return { script: words[script], nodeArgs, env };
}

const urlOf = (target: DatabaseTarget) => (target.provider === 'sqlite' ? `file:${target.file}` : target.url);

async function probe(target: DatabaseTarget, writeFlowId: string, names: string[]): Promise<Record<string, ProbeResult>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/probe.ts', urlOf(target), writeFlowId, names.join(',')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`probe failed (${code}):\n${err.slice(-3000)}`);
  return JSON.parse(out);
}

/** Removes what the write scenarios created, so a reused database stays the seeded one. */
async function cleanWrites(target: DatabaseTarget): Promise<void> {
  const names = [WRITE_FLOW, ...UPSERT_FLOWS];
  if (target.provider === 'sqlite') {
    const db = new Database(target.file, { timeout: 60_000 });
    db.pragma('foreign_keys = ON');
    db.prepare(`DELETE FROM flow WHERE name IN (${names.map(() => '?').join(', ')})`).run(...names);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query('DELETE FROM flow WHERE name = ANY($1)', [names]);
  await client.end();
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'prisma'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

async function benchOne(
  provider: Provider,
  size: number,
  selected: Scenario[] | 'all',
  opts: { seed: number; duration: number; warmup: number; rounds: number; serverFlags: string },
) {
  const target = benchTarget(provider, size);
  const seeding = await seedDatabase(target, { size, seed: opts.seed });
  if (seeding.reused) process.stderr.write(`reusing the seeded ${provider} database (${labelOf(size)}, seed ${opts.seed})\n`);
  await cleanWrites(target);

  const services: Service[] = [];
  const stopAll = () => Promise.all(services.map((s) => s.stop()));
  try {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'prefect-bench-home-'));
    const command = serverCommand(opts.serverFlags);
    process.stderr.write(`server: node ${command.nodeArgs.join(' ')} ${command.script}\n`);
    const server = await startService('server', command.script, [], {
      port: PORTS.server,
      ready: '/api/health',
      nodeArgs: command.nodeArgs,
      env: {
        ...command.env,
        PREFECT_HOME: home,
        PREFECT_SERVER_DATABASE_CONNECTION_URL: urlOf(target),
        PREFECT_SERVER_API_HOST: '127.0.0.1',
        PREFECT_SERVER_API_PORT: String(PORTS.server),
        // The seed's scheduled runs are due around its fixed instant, long past: the late-runs
        // service would spend the first minutes on a fresh 1M database marking 100k of them Late
        // (one write batch after another) while the scenarios are measured. Every other service runs.
        PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: 'false',
      },
    });
    services.push(server);
    const writeFlow = await send(server.base, { method: 'POST', path: '/api/flows/', body: JSON.stringify({ name: WRITE_FLOW }) });
    const list = scenarios((writeFlow.body as { id: string }).id).filter((s) => selected === 'all' || selected.some((x) => x.name === s.name));

    process.stderr.write('counting statements and rows per request (probe)...\n');
    const probed = await probe(
      target,
      (writeFlow.body as { id: string }).id,
      list.map((s) => s.name),
    );

    let floor = await startService('floor', 'bench/floor.ts', [urlOf(target), String(PORTS.floor)], { port: PORTS.floor, ready: '/count', readyBody: '{}' });
    services.push(floor);
    const needsPeer = provider === 'postgresql' && list.some((s) => s.postgraphile);
    let peer = needsPeer
      ? await startService('postgraphile', 'bench/postgraphile.ts', [urlOf(target), String(PORTS.postgraphile)], {
          port: PORTS.postgraphile,
          ready: '/graphql',
          readyBody: '{"query":"{ __typename }"}',
          env: { GRAPHILE_ENV: 'production' },
        })
      : undefined;
    if (peer) services.push(peer);
    const rss = Object.fromEntries(services.map((s) => [s.name, { startMb: Math.round(rssMb(s.pid)), maxMb: 0 }]));
    const pids = () => services.map((s) => s.pid);
    const load = { connections: 10, durationSeconds: opts.duration, warmupSeconds: opts.warmup };

    const results: Record<string, ScenarioResult> = {};
    for (const scenario of list) {
      // A baseline still busy from the last scenario works through requests the load tool gave up
      // on (the floor's SQLite statements run one at a time, each longer than a measure): measured
      // as it is, that backlog would be this scenario's cost. It starts again instead.
      for (const pid of await waitIdle(pids())) {
        const stuck = services.find((s) => s.pid === pid && s !== server);
        if (!stuck) continue;
        process.stderr.write(`${stuck.name} still busy after the last scenario: started again\n`);
        const fresh = await stuck.restart();
        services[services.indexOf(stuck)] = fresh;
        if (stuck === floor) floor = fresh;
        else if (stuck === peer) peer = fresh;
      }
      const runs: { name: 'floor' | 'postgraphile' | 'server'; service: Service; request: Scenario['server'] }[] = [];
      if (scenario.floor) runs.push({ name: 'floor', service: floor, request: { method: 'POST', path: `/${scenario.name}`, body: '{}' } });
      if (peer && scenario.postgraphile) {
        runs.push({ name: 'postgraphile', service: peer, request: { method: 'POST', path: '/graphql', body: JSON.stringify({ query: scenario.postgraphile }) } });
      }
      runs.push({ name: 'server', service: server, request: scenario.server });
      const entry: Partial<ScenarioResult> = { description: scenario.description, kind: scenario.kind, connections: scenario.connections, ratios: {} };
      const checks = new Map<string, TargetResult['check']>();
      for (const run of runs) {
        if (isSequence(run.request)) continue;
        // A failed or hung check is recorded (status 0), not fatal: the load measures then say how bad it is.
        const check = await send(run.service.base, run.request, {}, 120_000).catch((error: Error) => {
          process.stderr.write(`${scenario.name} on ${run.name}: check failed (${error.message})\n`);
          return { status: 0, bytes: 0, items: null, body: null };
        });
        if (check.status !== 200 && check.status !== 0) throw new Error(`${scenario.name} on ${run.name}: status ${check.status}: ${JSON.stringify(check.body).slice(0, 500)}`);
        checks.set(run.name, { status: check.status, bytes: check.bytes, items: check.items });
      }
      // Interleaved rounds: a load swing on the shared machine hits every target alike.
      const measured = new Map<string, Measure[]>(runs.map((run) => [run.name, []]));
      for (let round = 1; round <= opts.rounds; round++) {
        for (const run of runs) {
          await waitIdle(pids());
          process.stderr.write(`${provider} ${labelOf(size)} ${scenario.name} → ${run.name} (round ${round}/${opts.rounds}, ${opts.duration} s)... `);
          const measure = await drive(run.request, { base: run.service.base, pid: run.service.pid, ...load, connections: scenario.connections });
          process.stderr.write(
            `${measure.rps} req/s, p50 ${measure.p50} ms, p99 ${measure.p99} ms, CPU ${measure.cpuMsPerRequest ?? '?'} ms/req, RSS ≤ ${measure.rssMaxMb} MB, load ${os.loadavg()[0].toFixed(1)}${measure.errors + measure.non2xx ? `, ${measure.errors} errors, ${measure.non2xx} non-2xx` : ''}\n`,
          );
          rss[run.name].maxMb = Math.max(rss[run.name].maxMb, measure.rssMaxMb);
          measured.get(run.name)!.push(measure);
        }
      }
      for (const run of runs) {
        const result: TargetResult = { ...combine(measured.get(run.name)!), ...(checks.has(run.name) ? { check: checks.get(run.name) } : {}) };
        if (run.name === 'server') entry.server = { ...result, probe: probed[scenario.name] };
        else entry[run.name] = result;
      }
      // No ratio to a baseline that answered nothing in some round (it would read as 200×).
      const ratioOf = (baseline: string) => {
        const ours = measured.get('server')!;
        const theirs = measured.get(baseline)!;
        if (theirs.some((m) => m.rps === 0)) return undefined;
        return Math.round(median(ours.map((m, i) => m.rps / theirs[i].rps)) * 100) / 100;
      };
      if (entry.floor) entry.ratios!.floor = ratioOf('floor');
      if (entry.postgraphile) entry.ratios!.postgraphile = ratioOf('postgraphile');
      results[scenario.name] = entry as ScenarioResult;
    }
    const result: BenchResult = {
      date: new Date().toISOString().slice(0, 10),
      db: provider,
      size,
      sizeLabel: labelOf(size),
      seed: opts.seed,
      commit: commit(),
      serverFlags: command.nodeArgs.join(' '),
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      node: process.version,
      cpus: os.cpus().length,
      durationSeconds: opts.duration,
      warmupSeconds: opts.warmup,
      rounds: opts.rounds,
      seeding,
      rss,
      scenarios: results,
    };
    const files = writeResult(result);
    process.stderr.write(`wrote ${path.relative(ROOT, files.json)} and ${path.relative(ROOT, files.md)}\n`);
    process.stdout.write(fs.readFileSync(files.md, 'utf8'));
  } finally {
    await stopAll();
    await cleanWrites(target).catch(() => {});
  }
}

async function main() {
  if (values.help) {
    process.stdout.write(fs.readFileSync(path.join(ROOT, 'bench', 'README.md'), 'utf8'));
    return;
  }
  if (values.chart) {
    rewriteMarkdown();
    process.stdout.write(`wrote ${path.relative(ROOT, writeChart())}\n`);
    return;
  }
  const sizes = values.size!.split(',').map((label) => {
    const size = SIZES[label.toLowerCase()] ?? Number(label);
    if (!Number.isInteger(size) || size < 1) throw new Error(`--size: ${label} is not one of ${Object.keys(SIZES).join(', ')} or a number`);
    return size;
  });
  const dbs: Provider[] = values.db === 'both' ? ['sqlite', 'postgresql'] : [values.db as Provider];
  if (!dbs.every((d) => d === 'sqlite' || d === 'postgresql')) throw new Error('--db: sqlite, postgresql or both');
  const known = scenarios('00000000-0000-4000-8000-000000000000');
  const selected =
    values.scenario === 'all'
      ? 'all'
      : values.scenario!.split(',').map((name) => known.find((s) => s.name === name) ?? fail(`--scenario: ${name} is not one of ${known.map((s) => s.name).join(', ')}, all`));
  const opts = {
    seed: Number(values.seed),
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    rounds: Math.max(1, Number(values.rounds)),
    serverFlags: values['server-flags']!,
  };
  for (const size of sizes) for (const db of dbs) await benchOne(db, size, selected, opts);
  process.stderr.write(`wrote ${path.relative(ROOT, writeChart())}\n`);
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
});
