// The built server as an operator runs it: `npm start` (bundle, then plain
// node) and the `prefect-graphql-gateway server start` command of package.json
// "bin". Stopping `npm start` with SIGTERM stops the server with it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/prefect-graphql-gateway.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function launch(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: os.tmpdir(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve) => {
    child.stdout.on('data', () => stdout.includes('Prefect GraphQL gateway on') && resolve());
    void exited.then(() => resolve());
  });
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

const home = () => mkdtempSync(path.join(os.tmpdir(), 'prefect-built-'));

describe('the built server', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: ROOT });
  }, 60_000);

  it('`server start --host --port` serves both doors from dist/ with plain node, and SIGTERM stops it', async () => {
    const port = await freePort();
    const proc = launch(process.execPath, [BIN, 'server', 'start', '--host', '127.0.0.1', '--port', String(port)], { PREFECT_HOME: home() });
    await proc.listening;
    expect(proc.output().stdout).toContain(`http://127.0.0.1:${port}`);
    const rest = await fetch(`http://127.0.0.1:${port}/api/flows/`, { method: 'POST', body: JSON.stringify({ name: 'built' }), headers: { 'content-type': 'application/json' } });
    expect(rest.status).toBe(201);
    const gql = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      body: JSON.stringify({ query: '{ count_flows }' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await gql.json()).toEqual({ data: { count_flows: 1 } });
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  }, 60_000);

  it('answers an unknown command with its usage and exit code 2', async () => {
    const proc = launch(process.execPath, [BIN, 'serve'], { PREFECT_HOME: home() });
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/unknown command: serve[\s\S]*usage: prefect-graphql-gateway server start/);
  });

  it('`npm start` forwards SIGTERM: stopping npm stops the server', async () => {
    const port = await freePort();
    const proc = launch('npm', ['start', '--silent'], { PREFECT_HOME: home(), PREFECT_SERVER_API_PORT: String(port) });
    await proc.listening;
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    proc.child.kill('SIGTERM'); // npm's pid, not the server's
    await proc.exited;
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  }, 60_000);
});
