// The SQLite file deleted or replaced while the server runs: readiness says
// so (503) and writes are refused with Prefect's 503 instead of answering 201
// into a file nobody will read again.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testTargets, type TestDatabases } from '../support/databases.ts';
import { startServer, type TestServer } from '../support/server.ts';

async function sqliteServer(): Promise<{ server: TestServer; file: string; done: () => Promise<void> }> {
  const databases: TestDatabases = (await testTargets()).find((t) => t.name === 'sqlite')!;
  const target = await databases.createMigrated();
  if (target.provider !== 'sqlite') throw new Error('expected SQLite');
  const server = await startServer(target);
  return {
    server,
    file: target.file,
    done: async () => {
      await server.close();
      await databases.dispose();
    },
  };
}

describe('SQLite database file lost while serving', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('deleted: /ready answers 503 and writes are refused on both doors', async () => {
    const { server, file, done } = await sqliteServer();
    cleanup = done;
    expect((await server.rest('POST', '/flows/', { name: 'kept' })).status).toBe(201);
    expect(await server.rest('GET', '/ready')).toMatchObject({ status: 200, body: { message: 'OK' } });

    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });

    expect(await server.rest('GET', '/ready')).toMatchObject({ status: 503, body: { message: 'Database is not available' } });
    const refused = await server.rest('POST', '/flows/', { name: 'lost' });
    expect(refused).toMatchObject({ status: 503, body: { exception_message: 'Service Unavailable' } });
    const bulkDeleted = await server.rest('POST', '/flows/bulk_delete', {});
    expect(bulkDeleted.status).toBe(503);
    const viaGraphql = await server.gql('mutation { create_flow(flow: { name: "lost-too" }) { id } }');
    expect(viaGraphql.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(viaGraphql.errors?.[0].message).toMatch(/was deleted while the server was running; restart the server/);
    const readiness = await server.gql('{ perform_readiness_check }');
    expect(readiness.errors?.[0].message).toMatch(/Database is not available: .*was deleted/);
    // Nothing was written to a file at that path either.
    expect(fs.existsSync(file)).toBe(false);
  });

  it('replaced by another file: refused the same way, naming the replacement', async () => {
    const { server, file, done } = await sqliteServer();
    cleanup = done;
    expect((await server.rest('POST', '/flows/', { name: 'before' })).status).toBe(201);
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file); // same path, another inode (a restore from backup)

    expect((await server.rest('GET', '/ready')).status).toBe(503);
    const refused = await server.rest('POST', '/flows/', { name: 'after' });
    expect(refused.status).toBe(503);
    const viaGraphql = await server.gql('mutation { create_flow(flow: { name: "after" }) { id } }');
    expect(viaGraphql.errors?.[0].message).toMatch(/was replaced while the server was running/);
  });

  it('untouched: reads, writes and readiness go on (the check costs one stat per write)', async () => {
    const { server, done } = await sqliteServer();
    cleanup = done;
    for (let i = 0; i < 20; i++) expect((await server.rest('POST', '/flows/', { name: `fine-${i}` })).status).toBe(201);
    expect((await server.rest('GET', '/ready')).status).toBe(200);
    expect((await server.rest('POST', '/flows/count', {})).body).toBe(20);
  });
});
