// The order of a shutdown and its exit code, in-process (no database involved:
// shutDown is given the steps; the child-process tests run the real ones).
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { shutDown, trackRequests, type Stoppable } from '../../src/lifecycle.ts';
import { heldPost } from './child.ts';

async function listening(steps: string[] = []) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}', () => void steps.push('responded')));
  });
  const requests = trackRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, requests, port: (server.address() as AddressInfo).port };
}

describe('shutDown', () => {
  it('drains requests, then stops services last started first, then disconnects the database', async () => {
    const steps: string[] = [];
    const { requests, port } = await listening(steps);
    const service = (name: string): Stoppable => ({ name, stop: async () => void steps.push(`stop ${name}`) });
    const held = heldPost(port, '/', {}, new http.Agent());
    await held.accepted;

    const done = shutDown(
      {
        requests,
        drainMs: 10_000,
        services: [service('scheduler'), service('late runs')],
        disconnect: async () => void steps.push('disconnect'),
        log: (line) => steps.push(line),
      },
      'SIGTERM',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(steps).toEqual(['SIGTERM: shutting down; 1 request(s) in flight, waiting up to 10 s']);
    held.send();
    expect((await held.answer).status).toBe(200);
    expect(await done).toBe(0);
    expect(steps.slice(1)).toEqual(['responded', 'stop late runs', 'stop scheduler', 'disconnect']);
  });

  it('answers 1 when a service fails or hangs, and still stops the others and disconnects', async () => {
    const { requests } = await listening();
    const steps: string[] = [];
    const code = await shutDown(
      {
        requests,
        drainMs: 100,
        services: [
          { name: 'first', stop: () => void steps.push('stop first') },
          { name: 'hangs', stop: () => new Promise(() => {}) },
          { name: 'throws', stop: () => Promise.reject(new Error('boom')) },
        ],
        disconnect: async () => void steps.push('disconnect'),
        log: (line) => steps.push(line),
      },
      'SIGINT',
    );
    expect(code).toBe(1);
    expect(steps.slice(1)).toEqual(['stopping throws failed: boom', 'stopping hangs failed: timed out', 'stop first', 'disconnect']);
  });

  it('gives the database time to close even with a zero drain timeout', async () => {
    const { requests } = await listening();
    const slowDisconnect = () => new Promise<void>((resolve) => setTimeout(resolve, 50));
    expect(await shutDown({ requests, drainMs: 0, services: [], disconnect: slowDisconnect, log: () => {} }, 'SIGTERM')).toBe(0);
  });

  it('does not wait past the drain timeout for a socket the HTTP server gave away (an upgrade)', async () => {
    const { server, requests, port } = await listening();
    // The socket is kept, as a websocket server would keep it.
    const upgraded = new Promise((resolve) => server.on('upgrade', resolve));
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    await upgraded;
    expect(await requests.drain(100)).toEqual({ timedOut: true, cut: 0 });
    socket.destroy();
  });
});
