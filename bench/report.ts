// Result files: bench/results/<date>-<db>-<size>.json and a markdown table next to it.
import fs from 'node:fs';
import path from 'node:path';
import type { Measure } from './load.ts';
import type { ProbeResult } from './probe.ts';
import { BENCH_DIR } from './seed/index.ts';

export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export interface TargetResult extends Measure {
  /** Each round's figures, in order. */
  rounds?: Pick<Measure, 'rps' | 'p50' | 'p99'>[];
  /** One request sent before the load: status, size and item count. */
  check?: { status: number; bytes: number; items: number | null };
}

export interface ScenarioResult {
  description: string;
  kind: 'read' | 'write';
  connections: number;
  server: TargetResult & { probe?: ProbeResult };
  floor?: TargetResult;
  postgraphile?: TargetResult;
  /** Our throughput divided by the baseline's (1.0 = as fast). */
  ratios: { floor?: number; postgraphile?: number };
}

export interface BenchResult {
  date: string;
  db: 'sqlite' | 'postgresql';
  size: number;
  sizeLabel: string;
  seed: number;
  commit: string;
  /** The server's node flags (package.json's start script plus --server-flags); absent in older files. */
  serverFlags?: string;
  /** os.loadavg() (1, 5, 15 min) when the run ended: how shared the machine was. */
  loadAverage?: number[];
  node: string;
  cpus: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Interleaved rounds per target (floor, peer, server, then again). */
  rounds: number;
  seeding: { reused: boolean; seconds: number };
  /** Idle RSS right after start, and the maximum over the whole run, per process. */
  rss: Record<string, { startMb: number; maxMb: number }>;
  scenarios: Record<string, ScenarioResult>;
}

export function writeResult(result: BenchResult): { json: string; md: string } {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stem = path.join(RESULTS_DIR, `${result.date}-${result.db}-${result.sizeLabel}`);
  fs.writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(`${stem}.md`, markdown(result));
  return { json: `${stem}.json`, md: `${stem}.md` };
}

export function readResults(): BenchResult[] {
  if (!fs.existsSync(RESULTS_DIR)) return [];
  return fs
    .readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => normalise(JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as BenchResult));
}

/** Files written before p50/p99 became null for "no request completed" held 0 there. */
function normalise(result: BenchResult): BenchResult {
  for (const scenario of Object.values(result.scenarios)) {
    for (const target of [scenario.server, scenario.floor, scenario.postgraphile]) {
      if (target && target.requests === 0) target.p50 = target.p99 = null;
    }
  }
  return result;
}

/** Rewrites every result's markdown from its JSON (after a format change). */
export function rewriteMarkdown(): void {
  for (const result of readResults()) {
    fs.writeFileSync(path.join(RESULTS_DIR, `${result.date}-${result.db}-${result.sizeLabel}.md`), markdown(result));
  }
}

const num = (n: number | null | undefined, digits = 0) => (n === undefined ? '–' : n === null ? 'none' : n.toFixed(digits));
const rate = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(n < 10 ? 1 : 0));
const ratio = (n: number | undefined) => (n === undefined ? '–' : `${n.toFixed(2)}×`);

export function markdown(r: BenchResult): string {
  const lines = [
    `# ${r.db}, ${r.sizeLabel} flow runs (${r.date}, ${r.commit})`,
    '',
    `Node ${r.node}, ${r.cpus} cores shared with other work; ${r.rounds ?? 1} interleaved rounds of ${r.durationSeconds} s per target after ${r.warmupSeconds} s of warm-up ` +
      `(req/s: mean of the rounds; p50, p99: median; ×: median of the rounds' ratios). ` +
      `Seed ${r.seed}${r.seeding.reused ? ' (database reused)' : `, seeded in ${r.seeding.seconds.toFixed(0)} s`}.` +
      (r.serverFlags !== undefined ? ` Server: \`node ${r.serverFlags}\`.` : '') +
      (r.loadAverage ? ` Load average at the end: ${r.loadAverage.join(', ')}.` : ''),
    '',
    '| scenario | conns | req/s | p50 ms | p99 ms | CPU ms/req | SQL/req | rows/req | max RSS MB | floor req/s | floor p50 | floor CPU ms/req | ×floor | PostGraphile req/s | PG p50 | ×PostGraphile | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, s] of Object.entries(r.scenarios)) {
    const errors = s.server.errors + s.server.non2xx + (s.floor ? s.floor.errors + s.floor.non2xx : 0) + (s.postgraphile ? s.postgraphile.errors + s.postgraphile.non2xx : 0);
    lines.push(
      `| ${name} | ${s.connections} | ${rate(s.server.rps)} | ${num(s.server.p50)} | ${num(s.server.p99)} | ${num(s.server.cpuMsPerRequest, 1)} | ${num(s.server.probe?.statements, 1)} | ${num(s.server.probe?.rows, 0)} | ${num(s.server.rssMaxMb)} | ` +
        `${rate(s.floor?.rps)} | ${num(s.floor?.p50)} | ${num(s.floor?.cpuMsPerRequest, 1)} | ${ratio(s.ratios.floor)} | ${rate(s.postgraphile?.rps)} | ${num(s.postgraphile?.p50)} | ${ratio(s.ratios.postgraphile)} | ${errors} |`,
    );
  }
  lines.push(
    '',
    '`none`: no request completed within a measure (the answer takes longer than the measure). ' +
      "CPU ms/req: the loaded process's own CPU time per request (median of the rounds; on PostgreSQL the database's work is in its own processes, for every target alike).",
    '',
    'Scenarios:',
    '',
  );
  for (const [name, s] of Object.entries(r.scenarios)) {
    const check = s.server.check;
    const items = check?.items ?? s.server.probe?.items;
    lines.push(`- **${name}**: ${s.description}${items === null || items === undefined ? '' : ` (${items} items, ${s.server.probe?.bytes ?? check?.bytes} bytes)`}`);
  }
  lines.push(
    '',
    `Max RSS over the run (MB): ${Object.entries(r.rss)
      .map(([k, v]) => `${k} ${v.maxMb.toFixed(0)} (idle ${v.startMb.toFixed(0)})`)
      .join(', ')}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}
