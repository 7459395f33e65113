// The real server as a child process (`node --import tsx src/main.ts`, not the
// tsx CLI: that one forks a second process, so a signal sent to the pid we hold
// would reach a relay, and SIGKILL would orphan the server), plus the raw HTTP
// tools the lifecycle tests need: requests held half-sent, bare sockets.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTarget } from '../../src/db/url.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function urlOf(target: DatabaseTarget): string {
  return target.provider === 'sqlite' ? `sqlite+aiosqlite:///${target.file}` : target.url;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  port: number;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the "listening" line. */
  startupMs: number;
  exited: Promise<Exit>;
  /** Whether the process has exited yet (checked without waiting). */
  hasExited(): boolean;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

/** Starts src/main.ts on the database; resolves once it listens. */
export async function startChild(target: DatabaseTarget, env: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      HOME: os.tmpdir(),
      PREFECT_HOME: mkdtempSync(path.join(os.tmpdir(), 'prefect-lifecycle-')),
      PREFECT_SERVER_DATABASE_CONNECTION_URL: urlOf(target),
      PREFECT_SERVER_API_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes(`http://127.0.0.1:${port}`)) resolve();
    };
    child.stdout.on('data', onData);
    void exited.then(() => reject(new Error(`the server exited before listening:\n${output}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    startupMs: performance.now() - started,
    exited,
    hasExited: () => exit !== undefined,
    output: () => output,
    kill: (signal) => void child.kill(signal),
  };
}

/** Resolves once a TCP connect to the port is refused: the listener is gone. */
export async function connectionRefused(port: number): Promise<void> {
  for (;;) {
    const outcome = await new Promise<'connected' | 'refused'>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'connected'));
    });
    if (outcome === 'refused') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * A JSON POST whose headers are sent now and whose body waits for send().
 * `Expect: 100-continue` makes the server say when it has handed the request
 * to the application: `accepted` resolves then, so the request is provably in
 * flight. The agent keeps the connection alive afterwards unless told to close.
 */
export function heldPost(port: number, route: string, body: unknown, agent: http.Agent) {
  const payload = Buffer.from(JSON.stringify(body));
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: route,
    agent,
    headers: { 'content-type': 'application/json', 'content-length': payload.length, expect: '100-continue' },
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', resolve));
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
      res.on('error', reject);
    });
  });
  // Tests often await the exit first; a refused answer is theirs to inspect later.
  answer.catch(() => {});
  req.flushHeaders();
  return {
    accepted,
    answer,
    send: () => void req.end(payload),
  };
}

/** One plain JSON request over the agent (keep-alive when the agent keeps alive). */
export function request(port: number, method: string, route: string, agent: http.Agent, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: route,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
        // A response cut off by a killed server is no acknowledgement.
        res.on('error', reject);
        res.on('close', () => res.complete || reject(new Error('response cut off')));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}
