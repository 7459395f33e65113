// The processes under test (server, floor, PostGraphile), started by the bench
// and watched through /proc: resident memory and CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { ROOT } from '../src/db/layout.ts';

export interface Service {
  name: string;
  base: string;
  child: ChildProcess;
  pid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
  /** Stops it and starts it again as it was started. */
  restart(): Promise<Service>;
}

/**
 * Starts `node [...nodeArgs] --import tsx <script> ...args`, or without tsx for
 * a built `.js` script (the pid is node's own, not a wrapper's).
 */
export async function startService(
  name: string,
  script: string,
  args: string[],
  options: { port: number; env?: Record<string, string>; ready: string; readyBody?: string; nodeArgs?: string[] },
): Promise<Service> {
  // A process left from another run on the port would answer the readiness check and be measured instead.
  if (
    await fetch(`http://127.0.0.1:${options.port}/`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${name}: port ${options.port} is already in use`);
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${options.port}`;
  const service: Service = {
    name,
    base,
    child,
    pid: child.pid!,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
    restart: async () => {
      await service.stop();
      return startService(name, script, args, options);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${base}${options.ready}`, options.readyBody ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: options.readyBody } : {});
      if (res.ok) return service;
    } catch {}
    await sleep(250);
  }
  await service.stop();
  throw new Error(`${name} did not answer ${options.ready} within 60 s:\n${output}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident set size in MB (VmRSS), or 0 when the process is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) in clock ticks. */
export function cpuTicks(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 100 ms until stopped; returns the maximum. */
export function watchRss(pid: number): () => number {
  let max = rssMb(pid);
  const timer = setInterval(() => (max = Math.max(max, rssMb(pid))), 100);
  return () => {
    clearInterval(timer);
    return Math.max(max, rssMb(pid));
  };
}

/**
 * Waits until the processes use under 5 % of a core together for two
 * half-second samples in a row (garbage collection and pool clean-up done),
 * at most `limitMs`. Returns the processes still busy then (none when quiet).
 */
export async function waitIdle(pids: number[], limitMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + limitMs;
  const ticks = () => pids.map((pid) => cpuTicks(pid));
  let quiet = 0;
  let last = ticks();
  let deltas = last.map(() => 0);
  while (quiet < 2 && Date.now() < deadline) {
    await sleep(500);
    const now = ticks();
    deltas = now.map((t, i) => t - last[i]);
    // 100 ticks per second: 5 % of a core over 0.5 s is 2.5 ticks.
    quiet = deltas.reduce((a, b) => a + b, 0) <= 2.5 ? quiet + 1 : 0;
    last = now;
  }
  return quiet >= 2 ? [] : pids.filter((_, i) => deltas[i] > 2.5);
}
