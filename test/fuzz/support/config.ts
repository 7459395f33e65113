// The fuzz run's knobs. A fixed seed by default, so a CI run is reproducible;
// FUZZ_SEED=<int> replays another run (every failure prints the seed it used),
// FUZZ_SCALE=<float> multiplies the number of requests (e.g. 0.1 while developing),
// FUZZ_PATH=<path> replays one failure, FUZZ_SURVEY=1 lists every violation class
// (with a minimized example) instead of failing on the first unknown one.
// Read here rather than in src/settings.ts: these configure the test, not the server.

const DEFAULT_SEED = 20261130;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
}

export const FUZZ_SEED = Math.trunc(envNumber('FUZZ_SEED') ?? DEFAULT_SEED);
export const FUZZ_SCALE = envNumber('FUZZ_SCALE') ?? 1;
/** fast-check's replay path of a failure (printed with it): with the same FUZZ_SEED, runs that batch first. */
export const FUZZ_PATH = process.env.FUZZ_PATH || undefined;

/** Requests a file sends per database at the default scale. */
export function requestsFor(base: number): number {
  return Math.max(10, Math.round(base * FUZZ_SCALE));
}

/** One seed per file and database, derived from the run's seed, so files do not repeat each other. */
export function seedFor(file: string, provider: string): number {
  let h = FUZZ_SEED | 0;
  for (const ch of `${file}:${provider}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
