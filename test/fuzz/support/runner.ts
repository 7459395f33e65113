// The fuzz loop shared by the REST and GraphQL files. fast-check generates batches
// of requests (seeded); each batch is sent concurrently over keep-alive, every
// answer is checked on its own, then the database checksum is compared with the
// one before the batch: when no request of the batch could write (all rejected,
// or reads), the data must be unchanged. A checksum change is then pinned on one
// request by replaying the batch's rejected requests one at a time.
//
// Which requests may write: a REST 2xx on a writing route (not GET, not
// filter/count/paginate/history/lateness; GET /csrf-token writes by design), a
// GraphQL mutation with a root field that answered without error. No route needs
// an exemption from "rejected means unchanged" today: a rejected bulk delete or
// bulk set_state writes nothing either (checked), so none is listed. A batch with
// a write in it is not compared (the summary prints how many batches were).
//
// Violations of a class listed in known-failures.ts are counted and printed, not
// failed; any other violation fails the property, and fast-check prints the seed
// and the (shrunk) counterexample with its concrete request and answer.
import fc from 'fast-check';
import type { TestServer } from '../../support/server.ts';
import { changedTables, settledChecksum, type Checksum } from './checksum.ts';
import { FUZZ_PATH, FUZZ_SEED } from './config.ts';
import { KNOWN_FAILURES, knownFailure, type KnownFailure } from './known-failures.ts';
import { readPool, seed, thin, type Pool } from './pool.ts';

export interface Violation {
  /** The failure class: '5xx', 'error-shape', 'leak', 'checksum', 'transport', ... */
  cls: string;
  /** Method and route template (REST) or root field (GraphQL), for the known list. */
  route: string;
  /** Why, in a few words. */
  message: string;
}

export interface Outcome {
  /** Method and route template (REST) or root fields (GraphQL) of the request. */
  route: string;
  /** The concrete request and answer, for a human: method, path, body → status, body (bodies cut short). */
  repro: string;
  /** The whole request as sent (method, path, headers, body), for matching known failures. */
  request: string;
  status: number;
  /** True when the request may legitimately have written (a 2xx of a writing route). */
  mayWrite: boolean;
  violations: Violation[];
}

export interface FuzzStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Batches whose checksum was compared (no request could write) / all batches. */
  checkedBatches: number;
  batches: number;
  /** Rejected requests sent alone (FuzzOptions.sequential) whose checksum was compared. */
  checkedAlone: number;
  /** Time spent sending batches and computing checksums. */
  sendMs: number;
  checksumMs: number;
  seedMs: number;
  /** The three slowest requests (concurrent with their batch, so an upper bound). */
  slowest: { ms: number; repro: string }[];
  /** The distinct routes (REST operations, GraphQL root-field sets) requests were sent to. */
  routes: Set<string>;
  /** CPU time of this process (client and server together), a load-independent cost figure. */
  cpuMs: number;
  /** Known failures seen, by known-list id, with a first example. */
  known: Map<string, { entry: KnownFailure; count: number; example: string }>;
  /** Known failures this run could have seen (its door and database) but did not. */
  unseen: string[];
  /** With FUZZ_SURVEY=1: every unknown violation class with an example, instead of failing. */
  unknown: Map<string, { count: number; example: string }>;
}

export interface FuzzOptions<C> {
  server: TestServer;
  provider: string;
  door: 'rest' | 'graphql';
  arbitrary: fc.Arbitrary<C>;
  batchSize: number;
  requests: number;
  seed: number;
  send: (item: C, pool: Pool) => Promise<Outcome>;
  /** Items sent one at a time after the batch's concurrent part, each compared on its own (writes that are often rejected). */
  sequential?: (item: C) => boolean;
  /** Record unknown violations instead of failing (default: FUZZ_SURVEY=1). */
  survey?: boolean;
  /** Survey only: a smaller request with the same violation, for the printed example. */
  minimize?: (item: C, pool: Pool, same: (o: Outcome) => boolean) => Promise<Outcome | undefined>;
}

const SURVEY_BY_DEFAULT = process.env.FUZZ_SURVEY === '1';

/** Groups violations by class, route and message shape (quoted values and numbers blanked). */
const surveyKey = (v: Violation) =>
  `${v.cls} | ${v.route} | ${v.message
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 90)}`;
const trim = (s: string, n = 600) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

export async function fuzz<C>(options: FuzzOptions<C>): Promise<FuzzStats> {
  const { server, provider, batchSize } = options;
  const SURVEY = options.survey ?? SURVEY_BY_DEFAULT;
  const stats: FuzzStats = {
    requests: 0,
    byStatus: {},
    checkedBatches: 0,
    batches: 0,
    checkedAlone: 0,
    sendMs: 0,
    checksumMs: 0,
    seedMs: 0,
    slowest: [],
    cpuMs: 0,
    routes: new Set(),
    unseen: [],
    known: new Map(),
    unknown: new Map(),
  };
  const cpuStart = process.cpuUsage();
  let pool = await readPool(server);
  let round = 1;
  const timed = async (p: Promise<Outcome>) => {
    const t = performance.now();
    const o = await p;
    const ms = performance.now() - t;
    if (stats.slowest.length < 3 || ms > stats.slowest[stats.slowest.length - 1].ms) {
      stats.slowest = [...stats.slowest, { ms: Math.round(ms), repro: trim(o.repro, 200) }].sort((a, b) => b.ms - a.ms).slice(0, 3);
    }
    return o;
  };
  let last: Checksum = await settledChecksum(server);

  const surveyed: { item: C; v: Violation }[] = [];
  const record = (v: Violation, repro: string, request: string, item?: C): boolean => {
    const entry = knownFailure(v, provider, request);
    if (entry) {
      const seen = stats.known.get(entry.id) ?? { entry, count: 0, example: `${v.cls} ${v.route}: ${v.message}\n    ${trim(repro)}` };
      seen.count++;
      stats.known.set(entry.id, seen);
      return true;
    }
    if (SURVEY) {
      const key = surveyKey(v);
      const seen = stats.unknown.get(key) ?? { count: 0, example: trim(repro, 1200) };
      if (seen.count === 0 && item !== undefined) surveyed.push({ item, v });
      seen.count++;
      stats.unknown.set(key, seen);
      return true;
    }
    return false;
  };

  const property = fc.asyncProperty(fc.limitShrink(fc.array(options.arbitrary, { minLength: batchSize, maxLength: batchSize }), 40), async (batch) => {
    stats.batches++;
    if (stats.batches % 25 === 0) {
      const t = performance.now();
      if (thin(pool)) await seed(server, round++);
      pool = await readPool(server);
      last = await settledChecksum(server);
      stats.seedMs += performance.now() - t;
    }
    server.resetQueries();
    const t0 = performance.now();
    const sequential = batch.filter((item) => options.sequential?.(item));
    const concurrent = batch.filter((item) => !options.sequential?.(item));
    const sendSafely = (item: C) =>
      timed(options.send(item, pool)).catch(
        (error: Error): Outcome => ({
          route: 'any',
          request: JSON.stringify(item),
          repro: `${JSON.stringify(item).slice(0, 400)} → ${error.message}`,
          status: 0,
          mayWrite: true,
          violations: [{ cls: 'transport', route: 'any', message: error.message }],
        }),
      );
    const outcomes = await Promise.all(concurrent.map(sendSafely));
    const failures: string[] = [];
    const check = (o: Outcome, item: C) => {
      stats.requests++;
      stats.routes.add(o.route);
      const bucket = o.status === 0 ? 'error' : `${Math.floor(o.status / 100)}xx`;
      stats.byStatus[bucket] = (stats.byStatus[bucket] ?? 0) + 1;
      for (const v of o.violations) if (!record(v, o.repro, o.request, item)) failures.push(`[${v.cls}] ${v.route}: ${v.message}\n  ${trim(o.repro, 2000)}`);
    };
    outcomes.forEach((o, i) => check(o, concurrent[i]));
    const t1 = performance.now();
    let after = concurrent.length > 0 ? await settledChecksum(server) : last;
    stats.sendMs += t1 - t0;
    stats.checksumMs += performance.now() - t1;
    if (concurrent.length > 0 && !outcomes.some((o) => o.mayWrite)) {
      stats.checkedBatches++;
      const changed = changedTables(last, after);
      if (changed.length > 0) {
        // Pin it on one request: replay the batch one request at a time.
        let culprit: Outcome | undefined;
        let changedBy: string[] = changed;
        for (const item of concurrent) {
          const before = await settledChecksum(server);
          const again = await options.send(item, pool);
          const now = await settledChecksum(server);
          const diff = changedTables(before, now);
          if (diff.length > 0 && !again.mayWrite) {
            culprit = again;
            changedBy = diff;
            break;
          }
        }
        const route = culprit?.route ?? 'batch';
        const v: Violation = { cls: 'checksum', route, message: `a rejected request changed ${changedBy.join(', ')}` };
        const repro = culprit ? culprit.repro : `not reproduced alone; batch:\n${outcomes.map((o) => `  ${trim(o.repro, 300)}`).join('\n')}`;
        if (!record(v, repro, culprit?.request ?? '')) failures.push(`[checksum] ${v.message}\n  ${trim(repro, 2000)}`);
        after = await settledChecksum(server);
      }
    }
    last = after;
    // Requests that often write go one at a time, so a rejected one is compared on its own.
    for (const item of sequential) {
      const t = performance.now();
      const o = await sendSafely(item);
      const t2 = performance.now();
      check(o, item);
      after = await settledChecksum(server);
      stats.sendMs += t2 - t;
      stats.checksumMs += performance.now() - t2;
      if (!o.mayWrite) {
        stats.checkedAlone++;
        const changed = changedTables(last, after);
        const v: Violation = { cls: 'checksum', route: o.route, message: `a rejected request changed ${changed.join(', ')}` };
        if (changed.length > 0 && !record(v, o.repro, o.request, item)) failures.push(`[checksum] ${v.message}\n  ${trim(o.repro, 2000)}`);
      }
      last = after;
    }
    if (failures.length > 0) throw new Error(`${failures.length} violation(s) [${provider}]:\n${failures.join('\n')}`);
  });

  const runs = Math.ceil(options.requests / batchSize);
  const details = await fc.check(property, { seed: options.seed, numRuns: runs, path: FUZZ_PATH });
  if (details.failed) {
    let minimized = '';
    const batch = details.counterexample?.[0];
    if (options.minimize && batch) {
      // Replay the counterexample's requests one by one; shrink the first that still fails, for a short repro.
      for (const item of batch) {
        const again = await options.send(item, pool);
        const v = again.violations.find((w) => !knownFailure(w, provider, again.request));
        if (!v) continue;
        const small = await options.minimize(item, pool, (o) => o.violations.some((w) => w.cls === v.cls && w.route === v.route));
        minimized = `\nminimized: ${trim((small ?? again).repro, 2000)}`;
        break;
      }
    }
    throw new Error(
      `fuzz failed [${provider}] with fast-check seed ${options.seed}; replay with FUZZ_SEED=${FUZZ_SEED}` +
        ` (the failing batch alone: FUZZ_SEED=${FUZZ_SEED} FUZZ_PATH=${details.counterexamplePath})\n` +
        `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n` +
        `counterexample: ${trim(fc.stringify(details.counterexample), 3000)}${minimized}`,
    );
  }
  stats.unseen = KNOWN_FAILURES.filter((k) => (k.door === 'both' || k.door === options.door) && (!k.provider || k.provider === provider) && !stats.known.has(k.id)).map(
    (k) => k.id,
  );
  const cpu = process.cpuUsage(cpuStart);
  stats.cpuMs = (cpu.user + cpu.system) / 1000;
  if (SURVEY && options.minimize) {
    for (const { item, v } of surveyed) {
      const small = await options.minimize(item, pool, (o) => o.violations.some((w) => w.cls === v.cls && w.route === v.route));
      const key = surveyKey(v);
      if (small) stats.unknown.get(key)!.example = `minimized: ${trim(small.repro, 1200)}`;
    }
  }
  return stats;
}

export function summary(title: string, stats: FuzzStats): string {
  const lines = [
    `${title}: ${stats.requests} requests, by status ${JSON.stringify(stats.byStatus)}, checksum compared on ${stats.checkedBatches}/${stats.batches} concurrent batches and after ${stats.checkedAlone} rejected requests sent alone; ${Math.round(stats.sendMs)} ms sending, ${Math.round(stats.checksumMs)} ms in checksums, ${Math.round(stats.seedMs)} ms re-seeding; ${Math.round(stats.cpuMs)} ms CPU (${(stats.cpuMs / stats.requests).toFixed(1)} ms/request)`,
  ];
  for (const s of stats.slowest) lines.push(`  slow: ${s.ms} ms ${s.repro}`);
  if (stats.unseen.length) lines.push(`  known failures not seen in this run (fixed? remove once gone from every run): ${stats.unseen.join(', ')}`);
  for (const [id, k] of stats.known) lines.push(`  known ${id} ×${k.count} (fix: ${k.entry.fix})\n    e.g. ${k.example}`);
  for (const [key, u] of stats.unknown) lines.push(`  UNKNOWN ${key} ×${u.count}\n    e.g. ${u.example}`);
  return lines.join('\n');
}
