// An SVG chart from every result file: one panel per scenario, p50 latency
// (log scale) against the number of flow runs (log scale), a line per database
// and target. The newest file wins for each database and size.
import fs from 'node:fs';
import path from 'node:path';
import { readResults, RESULTS_DIR, type BenchResult } from './report.ts';

const SERIES = [
  { db: 'postgresql', target: 'server', color: '#1f77b4', dash: '' },
  { db: 'postgresql', target: 'floor', color: '#1f77b4', dash: '4 3' },
  { db: 'postgresql', target: 'postgraphile', color: '#2ca02c', dash: '' },
  { db: 'sqlite', target: 'server', color: '#d62728', dash: '' },
  { db: 'sqlite', target: 'floor', color: '#d62728', dash: '4 3' },
] as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function chartSvg(results: BenchResult[]): string {
  const latest = new Map<string, BenchResult>();
  for (const r of results) latest.set(`${r.db}:${r.size}`, r); // sorted by date: later files win
  const runs = [...latest.values()];
  const scenarios = [...new Set(runs.flatMap((r) => Object.keys(r.scenarios)))];
  const sizes = [...new Set(runs.map((r) => r.size))].sort((a, b) => a - b);
  const points = (scenario: string, db: string, target: string) =>
    runs
      .filter((r) => r.db === db && typeof (r.scenarios[scenario] as unknown as Record<string, { p50?: number | null }> | undefined)?.[target]?.p50 === 'number')
      .sort((a, b) => a.size - b.size)
      .map((r) => ({ size: r.size, p50: Math.max(0.5, (r.scenarios[scenario] as unknown as Record<string, { p50: number }>)[target].p50) }));

  const W = 300,
    H = 220,
    M = { l: 48, r: 12, t: 28, b: 36 },
    COLS = 3;
  const rows = Math.ceil(scenarios.length / COLS);
  const legendH = 30;
  const width = COLS * W,
    height = rows * H + legendH;
  const all = scenarios.flatMap((s) => SERIES.flatMap((k) => points(s, k.db, k.target).map((p) => p.p50)));
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...all, 1)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...all, 10)));
  const xMin = Math.log10(Math.min(...sizes, 10_000)),
    xMax = Math.log10(Math.max(...sizes, 1_000_000));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  SERIES.forEach((k, i) => {
    const x = 10 + i * 175;
    out.push(`<line x1="${x}" y1="15" x2="${x + 24}" y2="15" stroke="${k.color}" stroke-width="2" stroke-dasharray="${k.dash}"/>`);
    out.push(`<text x="${x + 28}" y="19">${k.db} ${k.target}</text>`);
  });
  scenarios.forEach((scenario, n) => {
    const ox = (n % COLS) * W,
      oy = legendH + Math.floor(n / COLS) * H;
    const pw = W - M.l - M.r,
      ph = H - M.t - M.b;
    const px = (size: number) => ox + M.l + ((Math.log10(size) - xMin) / Math.max(1e-9, xMax - xMin)) * pw;
    const py = (ms: number) => oy + M.t + ph - ((Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
    out.push(`<text x="${ox + M.l}" y="${oy + 16}" font-weight="bold">${esc(scenario)} — p50 ms</text>`);
    out.push(`<rect x="${ox + M.l}" y="${oy + M.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
    for (let d = yMin; d <= yMax; d *= 10) {
      out.push(`<line x1="${ox + M.l}" y1="${py(d)}" x2="${ox + M.l + pw}" y2="${py(d)}" stroke="#eee"/>`);
      out.push(`<text x="${ox + M.l - 4}" y="${py(d) + 4}" text-anchor="end">${d}</text>`);
    }
    for (const size of [10_000, 100_000, 1_000_000]) {
      out.push(`<text x="${px(size)}" y="${oy + M.t + ph + 14}" text-anchor="middle">${size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`}</text>`);
    }
    for (const k of SERIES) {
      const pts = points(scenario, k.db, k.target);
      if (pts.length === 0) continue;
      out.push(
        `<polyline fill="none" stroke="${k.color}" stroke-width="2" stroke-dasharray="${k.dash}" points="${pts.map((p) => `${px(p.size).toFixed(1)},${py(p.p50).toFixed(1)}`).join(' ')}"/>`,
      );
      for (const p of pts) out.push(`<circle cx="${px(p.size).toFixed(1)}" cy="${py(p.p50).toFixed(1)}" r="3" fill="${k.color}"/>`);
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export function writeChart(): string {
  const file = path.join(RESULTS_DIR, 'p50-by-size.svg');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, chartSvg(readResults()));
  return file;
}
