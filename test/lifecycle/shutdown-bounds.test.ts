// The bounds of a shutdown on the real process: the drain timeout closes what
// is still busy and the process still exits 0; a second signal does not wait.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { connectionRefused, heldPost, startChild } from './child.ts';

for (const provider of ['sqlite', 'postgresql'] as const) {
  describe.skipIf(provider === 'postgresql' && !inject('postgres'))(`shutdown bounds [${provider}]`, () => {
    let databases: TestDatabases;
    beforeAll(async () => {
      databases = (await testTargets()).find((t) => t.name === provider)!;
    });
    afterAll(async () => databases?.dispose());

    it('closes the connections still busy after the drain timeout, then exits 0', async () => {
      const child = await startChild(await databases.createMigrated(), { PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '0.3' });
      try {
        // Its body never comes: only the drain timeout ends it.
        const stuck = heldPost(child.port, '/api/flows/', { name: 'never-sent' }, new http.Agent());
        await stuck.accepted;
        child.kill('SIGTERM');
        await expect(stuck.answer).rejects.toThrow(/socket hang up|ECONNRESET/);
        expect(await child.exited).toEqual({ code: 0, signal: null });
        expect(child.output()).toContain('drain timeout: closed the connections of 1 unfinished request(s)');
      } finally {
        child.kill('SIGKILL');
        await child.exited;
      }
    });

    it('exits at once, non-zero, on a second signal during the drain', async () => {
      const child = await startChild(await databases.createMigrated(), { PREFECT_SERVER_API_SHUTDOWN_TIMEOUT: '60' });
      try {
        const stuck = heldPost(child.port, '/api/flows/', { name: 'never-sent' }, new http.Agent());
        await stuck.accepted;
        child.kill('SIGTERM');
        await connectionRefused(child.port);
        child.kill('SIGINT');
        // 128 + SIGINT's number (2), the shell's convention; the drain had 60 s left.
        expect(await child.exited).toEqual({ code: 130, signal: null });
        await expect(stuck.answer).rejects.toThrow();
        expect(child.output()).toContain('SIGINT again: exiting without waiting');
      } finally {
        child.kill('SIGKILL');
        await child.exited;
      }
    });
  });
}
