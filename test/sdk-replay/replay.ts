// Replays a recorded Prefect SDK session (test/sdk-replay/fixtures/*.json) against
// the test server: HTTP calls as the SDK's httpx client makes them, and the
// /api/events/in websocket as PrefectEventsClient drives it (connect with the
// `prefect` subprotocol, ping, auth message, one text frame per event).
//
// Fixture format: { "comment": [...], "sdk": "...", "steps": [Step, ...] }
//   { "label": "..." }                                   a marker for runUntil()
//   { "http": {"method","path","body"?}, "expect": {"status": n | [n...], "body"?: partial},
//     "capture": {"var": "dotted.path.in.response"} }
//   { "ws_open": true }        connect, ping + pong, auth, expect auth_success
//   { "ws": <event JSON> }     one text frame
//   { "ws_ping": true }        a checkpoint: ping and wait for the pong
//   { "ws_close": true }       normal close (1000), as the client's __aexit__
// Every step may carry "source" (SDK file + function) and "note"; both are ignored here.
//
// Placeholders inside any string, filled at replay time:
//   {{uuid:name}}   a fresh UUID per name (the same all through one replay)
//   {{uuid3:name}}  its first three characters (task run names: f"{task.name}-{dynamic_key[:3]}")
//   {{t:1.250}}     base + 1.250 s as pydantic's JSON datetime (`…T…​.ffffffZ`)
//   {{pyt:1.250}}   the same instant as Python's isoformat() (`+00:00`, fraction dropped when 0)
//   {{var:name}}    a value captured from an earlier response
// base = the replay's start minus `baseAgoSeconds` (default 120 s), so that every
// event has occurred before the server's "now" (EventFilter's default `until`).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { RestAnswer, TestServer } from '../support/server.ts';

export interface Step {
  label?: string;
  source?: string;
  note?: string;
  http?: { method: string; path: string; body?: unknown };
  expect?: { status?: number | number[]; body?: unknown; header?: string };
  capture?: Record<string, string>;
  ws_open?: boolean;
  ws?: Record<string, unknown>;
  ws_ping?: boolean;
  ws_close?: boolean;
}

export interface Fixture {
  comment: string[];
  sdk: string;
  steps: Step[];
  /** What the engine tracked per task run (make-fixtures.mjs): states with their times (µs offsets) and the final task run. */
  expected?: Record<string, { states: { id: string; type: string; name: string; at: number }[]; taskRun: Record<string, any> }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf8')) as Fixture;
}

/** Microseconds since the epoch → pydantic's JSON form of an aware UTC datetime. */
export function isoZ(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(Math.round(us - ms * 1000) + (ms % 1000) * 1000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

/** Microseconds since the epoch → Python's datetime.isoformat() with tz UTC. */
export function isoPy(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = Math.round(us - ms * 1000) + (ms % 1000) * 1000;
  const head = new Date(ms).toISOString().slice(0, 19);
  return frac === 0 ? `${head}+00:00` : `${head}.${String(frac).padStart(6, '0')}+00:00`;
}

/** Milliseconds since the epoch of a datetime string (any fraction length); NaN for null. */
export function msOf(value: string | null | undefined): number {
  return value == null ? Number.NaN : new Date(value).getTime();
}

/** One replay of one fixture: its ids, times, captures and the events socket. */
export class Replay {
  readonly ids = new Map<string, string>();
  readonly vars = new Map<string, unknown>();
  readonly answers: { step: Step; answer: RestAnswer }[] = [];
  readonly sentEvents: Record<string, unknown>[] = [];
  readonly baseUs: number;
  /** Steps that did not get the SDK's expected answer (the replay goes on after them). */
  readonly failures: string[] = [];
  socket: EventsSocket | null = null;
  private next = 0;

  constructor(
    private readonly server: () => TestServer,
    readonly fixture: Fixture,
    options: { baseAgoSeconds?: number; baseUs?: number; ids?: Map<string, string> } = {},
  ) {
    // A fixed sub-millisecond part, as real clocks have.
    this.baseUs = options.baseUs ?? (Date.now() - (options.baseAgoSeconds ?? 120) * 1000) * 1000 + 417;
    for (const [k, v] of options.ids ?? []) this.ids.set(k, v);
  }

  id(name: string): string {
    let value = this.ids.get(name);
    if (!value) {
      value = randomUUID();
      this.ids.set(name, value);
    }
    return value;
  }

  /** base + offset seconds, in microseconds. */
  us(offset: number): number {
    return this.baseUs + Math.round(offset * 1e6);
  }

  t(offset: number): string {
    return isoZ(this.us(offset));
  }

  ms(offset: number): number {
    return Math.floor(this.us(offset) / 1000);
  }

  var<T = any>(name: string): T {
    if (!this.vars.has(name)) throw new Error(`replay: nothing captured as ${name}`);
    return this.vars.get(name) as T;
  }

  fill<T>(value: T): T {
    if (typeof value === 'string') return this.fillString(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.fill(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.fillString(k), this.fill(v)])) as T;
    }
    return value;
  }

  private fillString(text: string): string {
    return text.replace(/\{\{(uuid3|uuid|t|pyt|var):([^}]+)\}\}/g, (_, kind: string, arg: string) => {
      switch (kind) {
        case 'uuid':
          return this.id(arg);
        case 'uuid3':
          return this.id(arg).slice(0, 3);
        case 't':
          return isoZ(this.us(Number(arg)));
        case 'pyt':
          return isoPy(this.us(Number(arg)));
        default:
          return String(this.var(arg));
      }
    });
  }

  /** Runs the steps up to (not including) the step labelled `label`, or to the end. */
  async runUntil(label?: string): Promise<void> {
    const steps = this.fixture.steps;
    while (this.next < steps.length) {
      const step = steps[this.next];
      if (label !== undefined && step.label === label) {
        this.next += 1;
        return;
      }
      this.next += 1;
      try {
        await this.runStep(step);
      } catch (error) {
        this.failures.push((error as Error).message);
      }
    }
    if (label !== undefined) throw new Error(`replay: no step labelled ${label}`);
  }

  async runAll(): Promise<void> {
    await this.runUntil();
  }

  private async runStep(step: Step): Promise<void> {
    const where = step.source ?? step.note ?? JSON.stringify(step).slice(0, 120);
    if (step.http) {
      const { method, path: route, body } = this.fill(step.http);
      const answer = await this.server().rest(method, route, body);
      this.answers.push({ step, answer });
      const want = step.expect?.status;
      if (want !== undefined) {
        const allowed = Array.isArray(want) ? want : [want];
        if (!allowed.includes(answer.status)) {
          throw new Error(`replay: ${method} ${route} answered ${answer.status} (wanted ${allowed.join('|')}): ${answer.text.slice(0, 400)}\n  step: ${where}`);
        }
      }
      if (step.expect?.body !== undefined && !contains(answer.body, this.fill(step.expect.body))) {
        throw new Error(`replay: ${method} ${route} answered ${answer.text.slice(0, 400)}; wanted it to contain ${JSON.stringify(step.expect.body)}\n  step: ${where}`);
      }
      if (step.expect?.header && !answer.headers.has(step.expect.header)) {
        throw new Error(`replay: ${method} ${route} lacks header ${step.expect.header}\n  step: ${where}`);
      }
      for (const [name, dotted] of Object.entries(step.capture ?? {})) {
        const value = dotted.split('.').reduce<any>((v, key) => (v == null ? v : v[key]), answer.body);
        if (value === undefined) throw new Error(`replay: ${method} ${route}: no ${dotted} to capture in ${answer.text.slice(0, 300)}`);
        this.vars.set(name, value);
      }
      return;
    }
    if (step.ws_open) {
      this.socket = await EventsSocket.open(this.server());
      return;
    }
    if (step.ws) {
      if (!this.socket) throw new Error(`replay: event before ws_open\n  step: ${where}`);
      const event = this.fill(step.ws);
      this.sentEvents.push(event);
      await this.socket.send(event);
      return;
    }
    if (step.ws_ping) {
      await this.socket!.ping();
      return;
    }
    if (step.ws_close) {
      await this.socket?.close();
      this.socket = null;
      return;
    }
    if (step.label !== undefined) return;
    throw new Error(`replay: unknown step ${where}`);
  }
}

/** True when `actual` holds every key of `wanted` with the same value (recursively; arrays whole). */
function contains(actual: unknown, wanted: unknown): boolean {
  if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
  }
  return JSON.stringify(actual) === JSON.stringify(wanted);
}

/** The events-in socket as PrefectEventsClient uses it. */
export class EventsSocket {
  readonly messages: string[] = [];
  closed: Promise<{ code: number; reason: string }>;
  isClosed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(data.toString()));
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.isClosed = true;
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {});
  }

  /** Connects without any handshake message (for tests of the handshake itself). */
  static async connect(server: TestServer, protocols: string[] = ['prefect'], headers: Record<string, string> = {}): Promise<EventsSocket> {
    const url = `${server.url.replace(/^http/, 'ws')}${server.settings.api.basePath}/events/in`;
    const ws = new WebSocket(url, protocols, { headers });
    const socket = new EventsSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`events/in upgrade answered HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return socket;
  }

  /** _reconnect(): connect, ping and wait for the pong, then _auth_handshake(). */
  static async open(server: TestServer, token: string | null = null): Promise<EventsSocket> {
    // With an auth string the SDK also sends it as Basic auth on the upgrade, for proxies.
    const headers: Record<string, string> = token ? { authorization: `Basic ${Buffer.from(token).toString('base64')}` } : {};
    const socket = await EventsSocket.connect(server, ['prefect'], headers);
    await socket.ping();
    socket.ws.send(JSON.stringify({ type: 'auth', token }));
    const reply = await socket.nextMessage();
    const parsed = JSON.parse(reply) as { type?: string };
    if (parsed.type !== 'auth_success') throw new Error(`events/in auth answered ${reply}`);
    return socket;
  }

  async nextMessage(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (this.isClosed) throw new Error('events/in closed before a message arrived');
      if (Date.now() > deadline) throw new Error('events/in: no message within the timeout');
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.messages.shift()!;
  }

  async send(event: unknown): Promise<void> {
    const text = typeof event === 'string' ? event : JSON.stringify(event);
    await new Promise<void>((resolve, reject) => this.ws.send(text, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * A checkpoint: resolves on the pong (the server has read everything sent before).
   * 20 s is the `websockets` library's ping_timeout, which the SDK's connection keeps:
   * a server that leaves a ping unanswered longer than that loses the client.
   */
  async ping(timeoutMs = 20_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('events/in: no pong within the timeout')), timeoutMs);
      this.ws.once('pong', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.ping();
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.ws.close(1000);
    await Promise.race([this.closed, new Promise((r) => setTimeout(r, 2000))]);
  }

  /** Drops the TCP connection without a close frame (a network failure). */
  drop(): void {
    this.ws.terminate();
  }
}

/** Retries `check` (after draining the bus) until it passes or the timeout ends; rethrows the last failure. */
export async function eventually<T>(server: () => TestServer, check: () => Promise<T>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await server().events.drain();
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The env every replay test runs with: small persister and recorder flush intervals. */
export const replayEnv: Record<string, string> = {
  PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL: '0.05',
  PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL: '0.05',
};
