// Bad input is Prefect's 4xx, never a 500: text the databases cannot store,
// odd filter values; and the forward-only collection guard, decided by the
// database even when an older version arrives last.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.ts';
import { inRunTransaction } from '../../src/orchestration/transaction.ts';
import { insertArtifact, newArtifact } from '../../src/resources/artifacts/collections.ts';
import { create, post, uniqueKey } from './support.ts';

describeEachDatabase('artifact hardening', (server) => {
  it('NUL characters and lone surrogates in text or JSON are a 4xx, nothing written', async () => {
    const key = uniqueKey('nul');
    for (const body of [
      { key, description: 'a\u0000b' },
      { key, data: { s: 'a\u0000b' } },
      { key, metadata_: { m: 'a\u0000' } },
      { key, type: '\ud800' },
      { key, data: '\udc00x' },
    ]) {
      const res = await server().rest('POST', '/artifacts/', body);
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await post(server(), '/artifacts/count', { artifacts: { key: { any_: [key] } } })).toBe(0);
    expect((await server().rest('GET', `/artifacts/${key}/latest`)).status).toBe(404);
    const made = await create(server(), { key });
    const patched = await server().rest('PATCH', `/artifacts/${made.id}`, { description: 'x\u0000' });
    expect(patched.status).toBeGreaterThanOrEqual(400);
    expect(patched.status).toBeLessThan(500);
  });

  it('state data with such text is a 4xx too (its result artifact cannot be stored)', async () => {
    const flow = (await server().rest('POST', '/flows/', { name: 'hardening-flow' })).body;
    const run = (await server().rest('POST', '/flow_runs/', { flow_id: flow.id })).body;
    for (const data of [{ s: '\ud800' }, 'a\u0000']) {
      const res = await server().rest('POST', `/flow_runs/${run.id}/set_state`, { state: { type: 'RUNNING', data }, force: true });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await server().rest('GET', `/flow_runs/${run.id}`)).body.state_type).toBe('PENDING');
  });

  it('filters with wildcards, backslashes, quotes and huge offsets answer normally', async () => {
    for (const like of ['%', '_', '\\', "'", '"', '\u00dc']) {
      expect((await server().rest('POST', '/artifacts/filter', { artifacts: { key: { like_: like } }, limit: 1 })).status).toBe(200);
    }
    expect((await server().rest('POST', '/artifacts/filter', { offset: 2147483647 })).body).toEqual([]);
    expect((await server().rest('POST', '/artifacts/filter', { offset: 2147483648 })).status).toBe(422);
    expect((await server().rest('GET', `/artifacts/${encodeURIComponent('a/b')}/latest`)).status).toBe(404);
    expect((await server().rest('GET', `/artifacts/${encodeURIComponent("%' OR 1=1")}/latest`)).status).toBe(404);
  });

  it('an older version written after a newer one does not move the collection back', async () => {
    const key = uniqueKey('older');
    const newer = await create(server(), { key, data: 'newer' });
    const older = newArtifact({ key, data: 'older' }, new Date(Date.parse(newer.created) - 60_000));
    const events = await inRunTransaction(server().db, (tx) => insertArtifact(tx as never, older));
    expect(events).toEqual([]);
    const [collection] = await post(server(), '/artifacts/latest/filter', { artifacts: { key: { any_: [key] } } });
    expect([collection.latest_id, collection.data]).toEqual([newer.id, 'newer']);
    // Deleting the newer one falls back to the older.
    await server().rest('DELETE', `/artifacts/${newer.id}`);
    expect((await server().rest('GET', `/artifacts/${key}/latest`)).body.data).toBe('older');
  });
});
