// `npm start` as a user runs it: the real process, its settings, its database
// file, its one-line failures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { testTargets } from '../support/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts src/main.ts; resolves once it printed its first line (or exited). */
function start(env: Record<string, string>) {
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: os.tmpdir(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', () => stdout.includes('\n') && resolve());
    void exited.then(() => resolve());
  });
  return { child, ready, exited, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  it('serves on the configured host and port, creating and migrating the SQLite file under PREFECT_HOME', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'prefect-start-'));
    const port = await freePort();
    const proc = start({ PREFECT_HOME: home, PREFECT_SERVER_API_PORT: String(port) });
    await proc.ready;
    expect(proc.output().stdout).toContain(`http://127.0.0.1:${port}`);
    expect(existsSync(path.join(home, 'prefect.db'))).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(await health.json()).toBe(true);
    const created = await fetch(`http://127.0.0.1:${port}/api/flows/`, {
      method: 'POST',
      body: JSON.stringify({ name: 'from-start' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it.each([
    ['an unsupported URL', 'mysql://root@127.0.0.1/prefect', /Unsupported database URL/],
    ['an unreachable PostgreSQL', 'postgresql+asyncpg://postgres:secret@127.0.0.1:1/prefect', /127\.0\.0\.1:1/],
  ])('fails fast with one clear line on %s', async (_case, url, message) => {
    const proc = start({ PREFECT_HOME: os.tmpdir(), PREFECT_SERVER_DATABASE_CONNECTION_URL: url, PREFECT_SERVER_API_PORT: String(await freePort()) });
    expect(await proc.exited).toBe(1);
    const { stderr } = proc.output();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('secret');
  });

  it.skipIf(!inject('postgres'))('uses PostgreSQL given Prefect’s postgresql+asyncpg URL in PREFECT_API_DATABASE_CONNECTION_URL', async () => {
    const databases = (await testTargets()).find((t) => t.name === 'postgresql')!;
    const target = await databases.create();
    const url = target.provider === 'postgresql' ? target.url.replace(/^postgresql:/, 'postgresql+asyncpg:') : '';
    const port = await freePort();
    const proc = start({ PREFECT_HOME: os.tmpdir(), PREFECT_API_DATABASE_CONNECTION_URL: url, PREFECT_SERVER_API_PORT: String(port) });
    try {
      await proc.ready;
      expect(proc.output().stdout).toContain('PostgreSQL');
      const created = await fetch(`http://127.0.0.1:${port}/api/flows/`, {
        method: 'POST',
        body: JSON.stringify({ name: 'on-postgres' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
      await databases.dispose();
    }
  });
});
