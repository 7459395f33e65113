// SIGTERM on the real process: the requests in flight finish with their normal
// answers, nothing arriving on a live connection is reset, new connections are
// refused, and the process exits 0. (The bounds: shutdown-bounds.test.ts.)
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeClient } from '../../src/db/client.ts';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { connectionRefused, heldPost, request, startChild } from './child.ts';

/** Bytes from a bare socket until the server closes it. */
function readUntilClosed(socket: net.Socket): Promise<string> {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (d) => (text += d));
  return new Promise((resolve) => socket.once('close', () => resolve(text)));
}

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`graceful shutdown [${provider}]`, () => {
    let databases: TestDatabases;
    beforeAll(async () => {
      databases = (await testTargets()).find((t) => t.name === provider)!;
    });
    afterAll(async () => databases?.dispose());

    // A process start takes 2 s on a quiet machine, up to 9 s on a busy one.
    it('finishes the requests in flight, closes idle connections, refuses new ones and exits 0', { timeout: 45_000 }, async () => {
      const target = await databases.createMigrated();
      const child = await startChild(target, { PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '60' });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      try {
        const flow = await request(child.port, 'POST', '/api/flows/', agent, { name: 'before-shutdown' });
        expect(flow.status).toBe(201);

        // A kept-alive connection with nothing in flight: it must go at once.
        const idleAgent = new http.Agent({ keepAlive: true });
        expect((await request(child.port, 'GET', '/api/health', idleAgent)).status).toBe(200);
        const [idle] = Object.values(idleAgent.freeSockets).flat();
        const idleClosed = new Promise<void>((resolve) => idle!.once('close', () => resolve()));

        // A connection whose request has begun (headers half sent) when the signal comes.
        const early = net.connect(child.port, '127.0.0.1');
        await new Promise((resolve) => early.once('connect', resolve));
        const earlyAnswer = readUntilClosed(early);
        early.write('POST /api/flows/ HTTP/1.1\r\nHost: 127.0.0.1\r\n');

        // Requests the application is handling (it is waiting for their bodies).
        const held = [
          ...['held-1', 'held-2', 'held-3'].map((name) => heldPost(child.port, '/api/flows/', { name }, agent)),
          ...[1, 2, 3].map(() => heldPost(child.port, '/api/flow_runs/', { flow_id: flow.body.id, state: { type: 'PENDING' } }, agent)),
          heldPost(child.port, '/graphql', { query: 'mutation { create_flow(flow: {name: "held-graphql"}) { id name } }' }, agent),
        ];
        await Promise.all(held.map((h) => h.accepted));

        child.kill('SIGTERM');
        await connectionRefused(child.port);
        await idleClosed;
        expect(child.hasExited()).toBe(false);

        for (const h of held) h.send();
        const body = JSON.stringify({ name: 'arrived-during-drain' });
        early.write(`Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);

        const answers = await Promise.all(held.map((h) => h.answer));
        expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201, 200]);
        expect(answers.at(-1)!.body).toEqual({ data: { create_flow: { id: expect.any(String), name: 'held-graphql' } } });
        // Each answer tells its client not to reuse the connection.
        expect(answers.map((a) => a.headers.connection)).toEqual(Array(7).fill('close'));
        const raw = await earlyAnswer;
        expect(raw).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
        expect(raw).toMatch(/\r\nConnection: close\r\n/i);
        expect(raw).toContain('"name":"arrived-during-drain"');

        expect(await child.exited).toEqual({ code: 0, signal: null });
        expect(child.output()).toContain('SIGTERM: shutting down');
        expect(child.output()).not.toContain('drain timeout');
      } finally {
        agent.destroy();
        child.kill('SIGKILL');
        await child.exited;
      }

      // Every answered write is in the database.
      const db = makeClient(target);
      try {
        const flows = await db.flow.findMany({ select: { name: true } });
        expect(flows.map((f) => f.name).sort()).toEqual(['arrived-during-drain', 'before-shutdown', 'held-1', 'held-2', 'held-3', 'held-graphql']);
        expect(await db.flowRun.count()).toBe(3);
      } finally {
        await db.$disconnect();
      }
    });
  });
}
